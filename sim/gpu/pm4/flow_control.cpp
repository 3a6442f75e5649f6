// Packets that decide whether the dwords after them run: COND_EXEC, PRED_EXEC, and SET_PREDICATION for packets
// carrying the header's PREDICATE bit.
#include "sim/gpu/pm4/command_processor.h"

namespace sporkle::sim::gpu {

namespace pm4 = spec::pm4;

bool CommandProcessor::cond_exec(const Packet& pkt) {
  namespace ce = pm4::cond_exec;
  uint64_t va = spec::gpu_va((uint64_t{ce::ADDR_HI.in(pkt.p)} << 32) | (pkt.p[1] & ce::ADDR_LO.mask()));
  uint32_t value = 0;
  if (!read_memory(va, &value, 4)) return false;
  return value != 0 || skip(ce::EXEC_COUNT.in(pkt.p), "COND_EXEC");
}

bool CommandProcessor::pred_exec(const Packet& pkt) {
  namespace pe = pm4::pred_exec;
  if (pe::DEVICE_SELECT.in(pkt.p) & pe::kThisDevice) return true;
  return skip(pe::EXEC_COUNT.in(pkt.p), "PRED_EXEC");
}

bool CommandProcessor::set_predication(const Packet& pkt) {
  namespace sp = pm4::set_predication;
  uint64_t va = spec::gpu_va((uint64_t{sp::START_ADDR_HI.in(pkt.p)} << 32) | sp::START_ADDR_LO.in(pkt.p));
  bool run_if_set = sp::DRAW_VISIBLE.in(pkt.p);
  switch (uint32_t op = sp::PRED_OP.in(pkt.p)) {
    case sp::kClear: predicate_passes_ = true; return true;
    case sp::kBool32:
    case sp::kBool64: {
      // The CP reads the predicate when the packet executes, not when predicated packets do.
      uint64_t value = 0;
      unsigned size = op == sp::kBool64 ? 8 : 4;
      if (!read_memory(va & ~uint64_t{size - 1}, &value, size)) return false;
      predicate_passes_ = (value != 0) == run_if_set;
      return true;
    }
    case sp::kZpass:
    case sp::kPrimCount:
      return illegal("SET_PREDICATION on %s results, which need the graphics pipeline's queries (not modelled)",
                     op == sp::kZpass ? "occlusion (ZPASS)" : "streamout (PRIMCOUNT)");
    default: return illegal("SET_PREDICATION with reserved PRED_OP %u", op);
  }
}

}  // namespace sporkle::sim::gpu
