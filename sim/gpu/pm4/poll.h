// Polling loops (WAIT_REG_MEM, POLL_REGMEM, ATOMIC_MEM loop mode). The condition may be satisfied by the CPU or
// another engine at any time, so the loop re-reads until it holds, the kernel cancels the job (watchdog, reset),
// or the job's execution budget runs out.
#pragma once

#include <atomic>
#include <chrono>
#include <thread>

#include "sim/gpu/engine.h"

namespace sporkle::sim::gpu {

enum class Probe { Satisfied, NotYet, Stopped /* the probe recorded a fault or an error */ };
enum class PollOutcome { Satisfied, Stopped, Cancelled, BudgetExhausted };

template <typename Fn>
PollOutcome poll_until(const ExecEnv& env, Fn&& probe) {
  for (unsigned spin = 0;; ++spin) {
    if (!take_budget(env)) return PollOutcome::BudgetExhausted;
    switch (probe()) {
      case Probe::Satisfied: return PollOutcome::Satisfied;
      case Probe::Stopped: return PollOutcome::Stopped;
      case Probe::NotYet: break;
    }
    if (env.cancel.load(std::memory_order_acquire)) return PollOutcome::Cancelled;
    // Back off so a job waiting on the host does not burn a core. A budgeted job spends its budget instead of
    // wall time: it re-probes at once.
    if (env.budget) continue;
    if (spin < 64)
      std::this_thread::yield();
    else
      std::this_thread::sleep_for(std::chrono::microseconds(spin < 1024 ? 10 : 200));
  }
}

}  // namespace sporkle::sim::gpu
