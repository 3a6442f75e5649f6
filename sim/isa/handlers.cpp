#include "sim/isa/handlers.h"

#include <cinttypes>
#include <cstdio>
#include <unordered_map>
#include <vector>

namespace sporkle::sim::isa {

namespace {

Flow illegal_opcode(Wave& w, const DecodedInst& in) {
  return illegal(w, in, in.invalid ? in.invalid : in.info ? "operation not implemented" : "unknown opcode");
}

struct Registry {
  std::vector<Handler> table{illegal_opcode};
  std::unordered_map<std::string_view, uint16_t> by_name;

  Registry() {
    for (auto list : {sop_handlers(), sopp_handlers(), smem_handlers(), valu_int_handlers(), valu_float_handlers(),
                      valu_cmp_handlers(), valu_lane_handlers(), valu_packed_handlers(), ds_handlers(), buffer_handlers(), flat_handlers()}) {
      for (const HandlerDef& d : list) {
        by_name.emplace(d.mnemonic, static_cast<uint16_t>(table.size()));
        table.push_back(d.fn);
      }
    }
  }
};

const Registry& registry() {
  static const Registry r;
  return r;
}

}  // namespace

const char* wave_status_name(WaveStatus s) {
  switch (s) {
    case WaveStatus::Running: return "running";
    case WaveStatus::AtBarrier: return "at barrier";
    case WaveStatus::Ended: return "ended";
    case WaveStatus::VmFault: return "VM fault";
    case WaveStatus::IllegalInstruction: return "illegal instruction";
    case WaveStatus::Trap: return "trap";
  }
  return "?";
}

uint16_t handler_index(std::string_view mnemonic) {
  const auto& r = registry();
  auto it = r.by_name.find(mnemonic);
  return it == r.by_name.end() ? kIllegalHandler : it->second;
}

Handler handler_at(uint16_t index) {
  const auto& r = registry();
  return index < r.table.size() ? r.table[index] : r.table[kIllegalHandler];
}

std::span<const Handler> handler_table() { return registry().table; }

Flow stop(Wave& w, WaveStatus status, std::string diagnostic) {
  w.status = status;
  w.diagnostic = std::move(diagnostic);
  return Flow::Stop;
}

Flow illegal(Wave& w, const DecodedInst& in, std::string_view why) {
  char buf[200];
  std::snprintf(buf, sizeof buf, "%.*s: %s %.*s (0x%08x 0x%08x) at pc 0x%" PRIx64, int(why.size()), why.data(),
                std::string(spec::isa::encoding_name(in.enc)).c_str(),
                in.info ? int(in.info->mnemonic.size()) : 0, in.info ? in.info->mnemonic.data() : "", in.words[0],
                in.words[1], w.pc);
  return stop(w, WaveStatus::IllegalInstruction, buf);
}

}  // namespace sporkle::sim::isa
