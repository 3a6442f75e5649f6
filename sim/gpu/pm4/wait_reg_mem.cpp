#include "sim/gpu/pm4/command_processor.h"

namespace sporkle::sim::gpu {

namespace pm4 = spec::pm4;
namespace wrm = spec::pm4::wait_reg_mem;

bool CommandProcessor::wait_reg_mem(const Packet& pkt) {
  uint32_t function = wrm::FUNCTION.in(pkt.p);
  uint32_t space = wrm::MEM_SPACE.in(pkt.p);
  uint32_t operation = wrm::OPERATION.in(pkt.p);
  if (function == static_cast<uint32_t>(pm4::CompareFunction::Reserved))
    return illegal("WAIT_REG_MEM with reserved FUNCTION 7");
  if (space != wrm::kRegister && space != wrm::kMemory) return illegal("WAIT_REG_MEM with MEM_SPACE %u", space);
  if (operation == 2) return illegal("WAIT_REG_MEM with reserved OPERATION 2");
  uint32_t reference = wrm::REFERENCE.in(pkt.p);
  uint32_t mask = wrm::MASK.in(pkt.p);
  uint32_t interval = wrm::POLL_INTERVAL.in(pkt.p);
  auto f = static_cast<pm4::CompareFunction>(function);
  if (operation == wrm::kWriteThenWait) {
    if (space != wrm::kRegister) return illegal("WAIT_REG_MEM OPERATION 1 on memory");
    if (!write_register(wrm::POLL_REG.in(pkt.p), reference)) return false;
    return wait_for(wrm::WAIT_REG.in(pkt.p), false, f, reference, mask, interval);
  }
  if (space == wrm::kRegister) return wait_for(wrm::POLL_REG.in(pkt.p), false, f, reference, mask, interval);
  uint64_t va =
      spec::gpu_va((uint64_t{wrm::POLL_ADDR_HI.in(pkt.p)} << 32) | (pkt.p[2] & wrm::POLL_ADDR_LO.mask()));
  return wait_for(va, true, f, reference, mask, interval);
}

bool CommandProcessor::wait_reg_mem64(const Packet& pkt) {
  namespace w64 = spec::pm4::wait_reg_mem64;
  uint32_t function = w64::FUNCTION.in(pkt.p);
  if (function == static_cast<uint32_t>(pm4::CompareFunction::Reserved))
    return illegal("WAIT_REG_MEM64 with reserved FUNCTION 7");
  if (w64::MEM_SPACE.in(pkt.p) != wrm::kMemory || w64::OPERATION.in(pkt.p) != wrm::kWait)
    return illegal("WAIT_REG_MEM64 on registers or with OPERATION %u: only memory waits have 64-bit operands",
                   w64::OPERATION.in(pkt.p));
  auto f = static_cast<pm4::CompareFunction>(function);
  uint64_t reference = (uint64_t{w64::REFERENCE_HI.in(pkt.p)} << 32) | w64::REFERENCE_LO.in(pkt.p);
  uint64_t mask = (uint64_t{w64::MASK_HI.in(pkt.p)} << 32) | w64::MASK_LO.in(pkt.p);
  uint64_t va = spec::gpu_va((uint64_t{w64::POLL_ADDR_HI.in(pkt.p)} << 32) | (pkt.p[2] & w64::POLL_ADDR_LO.mask()));
  PollOutcome o = poll(w64::POLL_INTERVAL.in(pkt.p), [&] {
    uint64_t value = 0;
    if (!read_memory(va, &value, 8)) return Probe::Stopped;
    return pm4::compare(f, value, mask, reference) ? Probe::Satisfied : Probe::NotYet;
  });
  return polled(o, "while polling (WAIT_REG_MEM64)");
}

}  // namespace sporkle::sim::gpu
