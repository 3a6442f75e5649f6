#include "sim/gpu/pm4/command_processor.h"

namespace sporkle::sim::gpu {

namespace ib = spec::pm4::indirect_buffer;

bool CommandProcessor::indirect_buffer(const Packet& pkt) {
  // Read every field before fetching: a chain refills the buffer pkt points into.
  uint64_t va = spec::gpu_va((uint64_t{ib::IB_BASE_HI.in(pkt.p)} << 32) | (pkt.p[1] & ib::IB_BASE_LO.mask()));
  uint32_t size = ib::IB_SIZE.in(pkt.p);
  bool chain = ib::CHAIN.in(pkt.p);
  // A chain may loop forever; this is where the kernel's watchdog gets the engine back.
  if (env_->cancel.load(std::memory_order_acquire)) return cancelled("at an IB transition");
  unsigned level = chain ? depth_ - 1 : depth_;
  if (level >= ib::kMaxLevels)
    return illegal("INDIRECT_BUFFER call from IB%u: the CP has %u IB levels", depth_, ib::kMaxLevels);
  ibs_[level].fetch(env_->vm, Unit::CommandProcessor, va, size);
  pos_[level] = 0;
  depth_ = level + 1;
  return true;
}

}  // namespace sporkle::sim::gpu
