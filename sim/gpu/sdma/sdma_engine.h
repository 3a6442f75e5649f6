// One SDMA ring's engine (v4 on gfx900, v5.2 on gfx1030): executes SDMA packets from an indirect buffer through
// the job's VM. Packet lengths are implied by the opcode, so an unknown opcode cannot be skipped: it stops the
// engine, as the hardware hangs on one.
#pragma once

#include <cstdint>
#include <string>

#include "sim/gpu/engine.h"
#include "sim/gpu/pm4/ib_fetch.h"
#include "sim/gpu/pm4/poll.h"
#include "sporkle/spec/sdma.h"
#include "sporkle/spec/personality.h"

namespace sporkle::sim::gpu {

// A packet's 64-bit GPU address from its low and high fields.
inline uint64_t sdma_address(const uint32_t* p, const spec::Field& lo, const spec::Field& hi) {
  return spec::gpu_va((uint64_t{hi.in(p)} << 32) | (p[lo.dword] & lo.mask()));
}

class SdmaEngine final : public Engine {
 public:
  explicit SdmaEngine(const spec::Personality& personality);

  RingType type() const override { return RingType::Sdma; }
  ExecResult execute(ExecEnv& env, uint64_t ib_va, uint32_t size_dw) override;
  void reset() override;

 private:
  // Handlers get the packet (p[0] = header) and the dwords left in the IB from p on; they return the packet's
  // length in dwords, or 0 when the engine stopped (result_ says why).
  uint32_t step(const uint32_t* p, uint32_t left);
  uint32_t copy(const uint32_t* p);
  // How many more dwords of COPY_LINEAR packets after the one at p continue its copy (copy_linear.cpp).
  uint32_t coalesce(const uint32_t* p, uint64_t src, uint64_t dst, uint64_t& bytes);
  uint32_t write(const uint32_t* p, uint32_t left);
  uint32_t fence(const uint32_t* p);
  uint32_t poll_regmem(const uint32_t* p);
  uint32_t const_fill(const uint32_t* p);
  uint32_t timestamp(const uint32_t* p);
  uint32_t atomic(const uint32_t* p);
  uint32_t cond_exe(const uint32_t* p, uint32_t left);
  uint32_t pre_exe(const uint32_t* p, uint32_t left);
  uint32_t refuse(const sporkle::spec::sdma::PacketInfo& info);
  uint32_t polled(PollOutcome o, uint32_t length, const char* what);
  // Polls paced by the GPU clock, interval ticks apart; counted in result_.polls.
  template <typename Fn>
  PollOutcome poll(uint32_t interval, Fn&& probe) {
    return poll_until(*env_, probe, PollTiming{personality_.dev_info.gpu_counter_freq, interval}, &result_.polls);
  }
  void trace(const uint32_t* p, uint32_t left) const;

  uint32_t illegal(const char* fmt, ...) __attribute__((format(printf, 2, 3)));
  uint32_t vm_fault(const Fault& f);
  uint32_t cancelled(const char* when);
  uint32_t budget_exhausted();
  uint64_t clock() const;

  const spec::Personality& personality_;
  const uint32_t version_;  // SDMA major version
  int64_t local_timestamp_offset_ = 0;  // TIMESTAMP_SET moves the local counter relative to the global one
  const bool trace_;  // SPORKLE_TRACE_PM4 also traces SDMA packets

  ExecEnv* env_ = nullptr;
  ExecResult result_;
  FetchedIb ib_;
  uint32_t packet_at_ = 0;
};

}  // namespace sporkle::sim::gpu
