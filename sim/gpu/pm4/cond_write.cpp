// COND_WRITE: one poll (no waiting) of a register or memory dword, and a write when the compare holds.
#include "sim/gpu/pm4/command_processor.h"

namespace sporkle::sim::gpu {

namespace pm4 = spec::pm4;

bool CommandProcessor::cond_write(const Packet& pkt) {
  namespace cw = pm4::cond_write;
  uint32_t function = cw::FUNCTION.in(pkt.p);
  if (function == static_cast<uint32_t>(pm4::CompareFunction::Reserved))
    return illegal("COND_WRITE with reserved FUNCTION 7");
  uint32_t write_space = cw::WRITE_SPACE.in(pkt.p);
  if (write_space == cw::kScratch) return illegal("COND_WRITE to the CP scratch RAM, which is not modelled");
  if (write_space > cw::kScratch) return illegal("COND_WRITE with reserved WRITE_SPACE %u", write_space);
  uint32_t value = 0;
  if (cw::POLL_SPACE.in(pkt.p) == cw::kMemory) {
    uint64_t va = spec::gpu_va((uint64_t{cw::POLL_ADDR_HI.in(pkt.p)} << 32) | (cw::POLL_ADDR_LO.in(pkt.p) & ~3u));
    if (!read_memory(va, &value, 4)) return false;
  } else if (!read_register(cw::POLL_ADDR_LO.in(pkt.p) & 0x3FFFF, value)) {
    return false;
  }
  if (!pm4::compare(static_cast<pm4::CompareFunction>(function), value, cw::MASK.in(pkt.p), cw::REFERENCE.in(pkt.p)))
    return true;
  uint32_t data = cw::WRITE_DATA.in(pkt.p);
  if (write_space == cw::kRegister) return write_register(cw::WRITE_ADDR_LO.in(pkt.p) & 0x3FFFF, data);
  uint64_t dst = spec::gpu_va((uint64_t{cw::WRITE_ADDR_HI.in(pkt.p)} << 32) | (cw::WRITE_ADDR_LO.in(pkt.p) & ~3u));
  return write_memory(dst, &data, 4);
}

}  // namespace sporkle::sim::gpu
