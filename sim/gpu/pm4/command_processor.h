// The command processor of one GFX or compute queue: fetches indirect buffers through the job's VM and executes
// their PM4 packets in order against the queue's register state. Every access is synchronous, so drains, cache
// actions and write confirmations have nothing left to wait for.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "sim/gpu/engine.h"
#include "sim/gpu/pm4/ib_fetch.h"
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

  // Helpers that stop the engine with the right status on failure.
  bool write_memory(uint64_t va, const void* data, uint64_t n);
  bool read_memory(uint64_t va, void* data, uint64_t n);
  bool write_register(uint32_t offset, uint32_t value);
  bool read_register(uint32_t offset, uint32_t& value);
  bool wait_for(uint64_t va_or_reg, bool memory, spec::pm4::CompareFunction f, uint32_t reference, uint32_t mask);
  uint64_t clock() const;
  bool illegal(const char* fmt, ...) __attribute__((format(printf, 2, 3)));
  bool privileged(uint32_t offset, const char* what);
  bool vm_fault(const Fault& f);
  bool cancelled(const char* when);
  std::string where() const;

  const spec::Personality& personality_;
  const RingType type_;
  const spec::GfxLevel level_;
  RegisterFile regs_;
  uint64_t atomic_return_ = 0;  // the last ATOMIC_MEM's pre-operation value (COPY_DATA SRC_SEL 6)

  // Per-execute state.
  ExecEnv* env_ = nullptr;
  ExecResult result_;
  std::array<FetchedIb, spec::pm4::indirect_buffer::kMaxLevels> ibs_;
  std::array<uint32_t, spec::pm4::indirect_buffer::kMaxLevels> pos_{};  // next dword per level
  unsigned depth_ = 0;    // IBs being executed (1 = the submitted IB)
  uint32_t packet_at_ = 0;  // dword offset of the current packet in ibs_[depth_ - 1]
};

}  // namespace sporkle::sim::gpu
