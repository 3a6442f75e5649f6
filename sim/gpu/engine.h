// What a ring's hardware engine (a CP queue or an SDMA instance) offers the kernel model: execute one indirect
// buffer of a job in the job's VM, and say how it ended.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "sim/gpu/vm.h"

namespace sporkle::spec {
struct Personality;
}

namespace sporkle::sim::gpu {

enum class RingType : uint8_t { Gfx, Compute, Sdma };

enum class ExecStatus : uint8_t {
  Completed,
  VmFault,         // an access faulted; the engine stopped (fault holds where)
  IllegalPacket,   // unknown opcode, count past the end of the IB, malformed body
  PrivilegedReg,   // a register write an IB may not do
  Cancelled,       // stopped from outside (watchdog, reset) while running or waiting
  ShaderFault,     // a wave hit an illegal instruction or a trap, or the dispatch registers cannot launch waves:
                   // the dispatch never completes
};
const char* exec_status_name(ExecStatus s);

struct ExecResult {
  ExecStatus status = ExecStatus::Completed;
  std::optional<Fault> fault;
  std::string diagnostic;  // human readable, e.g. "illegal opcode 0xf2 at IB+0x10"
  uint64_t dwords = 0;     // dwords executed (for statistics)
  uint64_t shader_instructions = 0;  // wave instructions executed by dispatches (for statistics)
  uint64_t polls = 0;      // polls made by waiting packets, one per poll interval (for statistics)
};

struct ExecEnv {
  Vm& vm;
  uint32_t vmid;                      // VMID the job runs under
  const std::atomic<bool>& cancel;    // set by the kernel to stop a running or waiting job
  // Remaining work units (deterministic mode, fuzzing): every packet and every poll iteration takes one; at zero
  // the engine stops with Cancelled, "budget exhausted". Null: unlimited.
  uint64_t* budget = nullptr;
  // The IB is a constant-engine IB (AMDGPU_IB_FLAG_CE on the GFX ring): it runs on the CE, not the DE.
  bool constant_engine = false;
};

// Takes one work unit; false when the budget is exhausted.
inline bool take_budget(const ExecEnv& env) {
  if (!env.budget) return true;
  if (*env.budget == 0) return false;
  --*env.budget;
  return true;
}

class Engine {
 public:
  virtual ~Engine() = default;
  virtual RingType type() const = 0;
  // Executes size_dw dwords at GPU VA ib_va. State (registers) persists between IBs and jobs, as on a queue.
  virtual ExecResult execute(ExecEnv& env, uint64_t ib_va, uint32_t size_dw) = 0;
  // Back to power-on state, as after a GPU reset.
  virtual void reset() = 0;
  // Soft recovery (SQ_CMD "kill" of one VMID's waves): called from another thread while execute() may be running
  // waves of that VMID. True when waves were killed and the running IB can go on; an engine with no shader waves
  // in flight has nothing to kill.
  virtual bool kill_waves(uint32_t vmid) {
    (void)vmid;
    return false;
  }
};

std::unique_ptr<Engine> make_engine(const spec::Personality& p, RingType type);

}  // namespace sporkle::sim::gpu
