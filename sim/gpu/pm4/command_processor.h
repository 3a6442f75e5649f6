// The command processor of one GFX or compute queue: fetches indirect buffers through the job's VM and executes
// their PM4 packets in order against the queue's register state. Every access is synchronous, so drains, cache
// actions and write confirmations have nothing left to wait for. On the GFX queue, constant-engine IBs run on a
// CE model (CE RAM and the CE/DE counters) in submission order with the DE's.
#pragma once

#include <array>
#include <atomic>
#include <cstdarg>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "sim/gpu/engine.h"
#include "sim/gpu/pm4/ib_fetch.h"
#include "sim/gpu/pm4/poll.h"
#include "sim/gpu/pm4/register_file.h"
#include "sporkle/spec/personality.h"
#include "sporkle/spec/pm4.h"

namespace sporkle::sim::gpu {

class CommandProcessor final : public Engine {
 public:
  CommandProcessor(const spec::Personality& personality, RingType type);

  RingType type() const override { return type_; }
  ExecResult execute(ExecEnv& env, uint64_t ib_va, uint32_t size_dw) override;
  void reset() override;
  // Ends the dispatch whose waves run under vmid (the shader core polls the flag); the IB goes on after it.
  bool kill_waves(uint32_t vmid) override;

  const RegisterFile& registers() const { return regs_; }

 private:
  // One packet being executed: p[0] is the header, p[1..body] the body.
  struct Packet {
    const uint32_t* p;
    uint32_t body;
    uint8_t opcode;
  };

  bool step();
  bool dispatch(const Packet& pkt);
  bool accepted_here(const spec::pm4::PacketInfo& info, const Packet& pkt);
  void trace(const Packet& pkt) const;

  // Packet handlers: true to continue, false when the engine stopped (result_ says why).
  bool set_reg(const Packet& pkt, const spec::reg::RegisterSpace& space);
  bool write_data(const Packet& pkt);
  bool indirect_buffer(const Packet& pkt);
  bool event_write(const Packet& pkt);
  bool release_mem(const Packet& pkt);
  bool acquire_mem(const Packet& pkt);
  bool wait_reg_mem(const Packet& pkt);
  bool copy_data(const Packet& pkt);
  bool dma_data(const Packet& pkt);
  bool atomic_mem(const Packet& pkt);
  bool wait_reg_mem64(const Packet& pkt);
  bool mem_semaphore(const Packet& pkt);
  bool cond_exec(const Packet& pkt);
  bool pred_exec(const Packet& pkt);
  bool set_predication(const Packet& pkt);
  bool cond_write(const Packet& pkt);
  bool gfx_state(const Packet& pkt);  // CONTEXT_CONTROL, CLEAR_STATE, PREAMBLE_CNTL, PFP_SYNC_ME, SET_BASE
  bool dispatch_direct(const Packet& pkt);
  bool dispatch_indirect(const Packet& pkt);
  bool launch(uint32_t x, uint32_t y, uint32_t z, uint32_t initiator, const char* packet);
  bool run_waves(const std::array<uint32_t, 3>& dims, uint32_t initiator, const char* packet);
  bool shader_fault(const char* fmt, ...) __attribute__((format(printf, 2, 3)));
  bool constant_engine(const Packet& pkt);  // CE RAM and CE/DE counter packets

  // Helpers that stop the engine with the right status on failure.
  bool write_memory(uint64_t va, const void* data, uint64_t n);
  bool read_memory(uint64_t va, void* data, uint64_t n);
  bool write_register(uint32_t offset, uint32_t value);
  bool read_register(uint32_t offset, uint32_t& value);
  bool wait_for(uint64_t va_or_reg, bool memory, spec::pm4::CompareFunction f, uint32_t reference, uint32_t mask,
                uint32_t poll_interval);
  // Polls paced by the GPU clock, poll_interval ticks apart; counted in result_.polls.
  template <typename Fn>
  PollOutcome poll(uint32_t poll_interval, Fn&& probe) {
    return poll_until(*env_, probe, PollTiming{personality_.dev_info.gpu_counter_freq, poll_interval}, &result_.polls);
  }
  // Continues after a poll loop ended; false (with the reason recorded) unless its condition was met.
  bool polled(PollOutcome o, const char* what);
  // Discards the next n dwords of the current IB (COND_EXEC, PRED_EXEC).
  bool skip(uint32_t n, const char* packet);
  uint64_t clock() const;
  bool illegal(const char* fmt, ...) __attribute__((format(printf, 2, 3)));
  // Ends the job with status and a diagnostic naming where in the IB it stopped; returns false.
  bool stop(ExecStatus status, const char* fmt, va_list ap) __attribute__((format(printf, 3, 0)));
  bool privileged(uint32_t offset, const char* what);
  bool vm_fault(const Fault& f);
  bool cancelled(const char* when);
  bool budget_exhausted();
  std::string where() const;

  const spec::Personality& personality_;
  const RingType type_;
  const spec::GfxLevel level_;
  RegisterFile regs_;
  uint64_t atomic_return_ = 0;  // the last ATOMIC_MEM's pre-operation value (COPY_DATA SRC_SEL 6)
  bool predicate_passes_ = true;  // SET_PREDICATION's verdict for packets with the PREDICATE header bit
  std::array<uint64_t, spec::pm4::set_base::kIndices> bases_{};  // SET_BASE
  uint32_t load_control_ = 0, shadow_control_ = 0;  // CONTEXT_CONTROL
  uint32_t preamble_ = 0;                           // the last PREAMBLE_CNTL command
  std::vector<uint8_t> ce_ram_;
  uint64_t ce_counter_ = 0, de_counter_ = 0;
  const bool trace_;  // SPORKLE_TRACE_PM4: log every executed packet through the decoder

  // Per-execute state.
  ExecEnv* env_ = nullptr;
  ExecResult result_;
  std::array<FetchedIb, spec::pm4::indirect_buffer::kMaxLevels> ibs_;
  std::array<uint32_t, spec::pm4::indirect_buffer::kMaxLevels> pos_{};  // next dword per level
  unsigned depth_ = 0;    // IBs being executed (1 = the submitted IB)
  bool ce_ = false;       // running a constant-engine IB
  uint32_t packet_at_ = 0;  // dword offset of the current packet in ibs_[depth_ - 1]

  // Waves in flight, for kill_waves() from another thread.
  std::mutex waves_mutex_;
  bool waves_running_ = false;
  uint32_t waves_vmid_ = 0;
  std::atomic<bool> kill_{false};
};

}  // namespace sporkle::sim::gpu
