// The personalities the simulator was configured with (SPORKLE_DEVICES, else SPORKLE_GPU, else gfx900), in card
// order: what an e2e test expects the devices to report.
#pragma once

#include <cstdlib>
#include <string>
#include <vector>

#include "sporkle/spec/personality.h"

namespace sporkle::test {

inline std::vector<const spec::Personality*> expected_personalities() {
  std::string list = "gfx900";
  if (const char* d = std::getenv("SPORKLE_DEVICES"))
    list = d;
  else if (const char* g = std::getenv("SPORKLE_GPU"))
    list = g;
  std::vector<const spec::Personality*> out;
  for (size_t at = 0; at <= list.size();) {
    size_t end = list.find(',', at);
    if (end == std::string::npos) end = list.size();
    if (const spec::Personality* p = spec::find_personality(list.substr(at, end - at))) out.push_back(p);
    at = end + 1;
  }
  return out;
}

}  // namespace sporkle::test
