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
  auto f = static_cast<pm4::CompareFunction>(function);
  if (operation == wrm::kWriteThenWait) {
    if (space != wrm::kRegister) return illegal("WAIT_REG_MEM OPERATION 1 on memory");
    if (!write_register(wrm::POLL_REG.in(pkt.p), reference)) return false;
    return wait_for(wrm::WAIT_REG.in(pkt.p), false, f, reference, mask);
  }
  if (space == wrm::kRegister) return wait_for(wrm::POLL_REG.in(pkt.p), false, f, reference, mask);
  uint64_t va =
      spec::gpu_va((uint64_t{wrm::POLL_ADDR_HI.in(pkt.p)} << 32) | (pkt.p[2] & wrm::POLL_ADDR_LO.mask()));
  return wait_for(va, true, f, reference, mask);
}

}  // namespace sporkle::sim::gpu
