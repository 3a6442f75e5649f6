// MEM_SEMAPHORE as the SI/CI CP executes it (radeon's and early amdgpu's inter-ring sync): a 64-bit counter at an
// 8-byte aligned address. Signal adds one or writes one; wait blocks until the counter is non-zero, then takes
// one, atomically with respect to the CPU and the other engines, so that each signal releases one wait.
#include "sim/gpu/pm4/atomic_op.h"
#include "sim/gpu/pm4/command_processor.h"

namespace sporkle::sim::gpu {

namespace ms = spec::pm4::mem_semaphore;
namespace tc = spec::pm4::tc_op;

bool CommandProcessor::mem_semaphore(const Packet& pkt) {
  const uint32_t sel = ms::SEM_SEL.in(pkt.p);
  if (sel != ms::kSignal && sel != ms::kWait) return illegal("MEM_SEMAPHORE with reserved SEM_SEL %u", sel);
  // The mailbox form also posts to the CP's mailbox for the driver's interrupt handler, which is not modelled.
  if (ms::USE_MAILBOX.in(pkt.p))
    return illegal("MEM_SEMAPHORE with USE_MAILBOX: the CP mailbox is not modelled");
  // CB and DB signal once their flushes are done: blocks of the graphics pipeline.
  if (uint32_t client = ms::CLIENT_CODE.in(pkt.p); client != ms::kClientCp)
    return illegal("MEM_SEMAPHORE with CLIENT_CODE %u: only the CP client is modelled (1 CB and 2 DB belong to the "
                   "graphics pipeline, 3 is reserved)", client);
  const uint64_t va = spec::gpu_va((uint64_t{ms::ADDR_HI.in(pkt.p)} << 32) | (pkt.p[1] & ms::ADDR_LO.mask()));
  auto atomic = [&](uint8_t op, uint64_t src, uint64_t cmp, AtomicResult& r) {
    r = apply_atomic(env_->vm, Unit::CommandProcessor, op, va, src, cmp);
    if (r.fault) vm_fault(*r.fault);
    return !r.fault;
  };
  AtomicResult r;
  if (sel == ms::kSignal) {
    bool write_one = ms::SIGNAL_TYPE.in(pkt.p) == ms::kWriteOne;
    return atomic(write_one ? tc::SWAP_RTN_64 : tc::ADD_RTN_64, 1, 0, r);
  }
  // The packet has no poll interval: the CP re-reads at once.
  PollOutcome o = poll(0, [&] {
    uint64_t value = 0;
    if (!read_memory(va, &value, 8)) return Probe::Stopped;
    while (value != 0) {
      if (!atomic(tc::CMPSWAP_RTN_64, value - 1, value, r)) return Probe::Stopped;
      if (!r.compare_failed) return Probe::Satisfied;
      value = r.old_value;  // another signal or wait got there first
    }
    return Probe::NotYet;
  });
  return polled(o, "while waiting on MEM_SEMAPHORE");
}

}  // namespace sporkle::sim::gpu
