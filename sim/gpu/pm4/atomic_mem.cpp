#include "sim/gpu/pm4/atomic_op.h"
#include "sim/gpu/pm4/command_processor.h"

namespace sporkle::sim::gpu {

namespace am = spec::pm4::atomic_mem;

bool CommandProcessor::atomic_mem(const Packet& pkt) {
  uint32_t command = am::COMMAND.in(pkt.p);
  if (command > am::kSendAndContinue) return illegal("ATOMIC_MEM with reserved COMMAND %u", command);
  uint8_t code = static_cast<uint8_t>(am::ATOMIC.in(pkt.p));
  if (atomic_size(code) == 0) return illegal("ATOMIC_MEM with TC_OP 0x%02x, which is not a memory atomic", code);
  uint64_t va = spec::gpu_va((uint64_t{am::ADDR_HI.in(pkt.p)} << 32) | am::ADDR_LO.in(pkt.p));
  uint64_t src = (uint64_t{am::SRC_DATA_HI.in(pkt.p)} << 32) | am::SRC_DATA_LO.in(pkt.p);
  uint64_t cmp = (uint64_t{am::CMP_DATA_HI.in(pkt.p)} << 32) | am::CMP_DATA_LO.in(pkt.p);
  bool loop = command == am::kLoopUntilCompareSatisfied;
  auto attempt = [&] {
    AtomicResult r = apply_atomic(env_->vm, Unit::CommandProcessor, code, va, src, cmp);
    if (r.fault) return vm_fault(*r.fault), Probe::Stopped;
    atomic_return_ = r.old_value;
    return loop && r.compare_failed ? Probe::NotYet : Probe::Satisfied;
  };
  if (!loop) return attempt() == Probe::Satisfied;
  // The compare-swap is retried once per LOOP_INTERVAL, as WAIT_REG_MEM polls.
  PollOutcome o = poll(am::LOOP_INTERVAL.in(pkt.p), attempt);
  return polled(o, "while looping on ATOMIC_MEM");
}

}  // namespace sporkle::sim::gpu
