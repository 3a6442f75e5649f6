#include <cstdio>
#include <string>
#include <vector>

#include "sim/shim/topology.h"
#include "sporkle/spec/personality.h"
#include "tools/sporkle-sim/commands.h"

namespace sporkle::tools {

bool resolve_devices(const DeviceChoice& choice, std::vector<std::string>* names) {
  std::string list = !choice.devices.empty() ? choice.devices : !choice.gpu.empty() ? choice.gpu : "gfx900";
  names->clear();
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    std::string name = list.substr(start, comma - start);
    if (!spec::find_personality(name)) {
      std::fprintf(stderr, "sporkle-sim: unknown GPU '%s'; known:", name.c_str());
      for (const spec::Personality* p : spec::personalities()) std::fprintf(stderr, " %.*s", int(p->name.size()), p->name.data());
      std::fprintf(stderr, "\n");
      return false;
    }
    names->push_back(name);
    start = comma + 1;
  }
  if (names->size() > sim::shim::topology::kMaxDevices) {
    std::fprintf(stderr, "sporkle-sim: at most %u devices\n", sim::shim::topology::kMaxDevices);
    return false;
  }
  return true;
}

}  // namespace sporkle::tools
