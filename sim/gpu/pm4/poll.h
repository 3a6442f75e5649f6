// Polling loops (WAIT_REG_MEM, POLL_REGMEM, ATOMIC_MEM loop mode, MEM_SEMAPHORE wait). The condition may be
// satisfied by the CPU or another engine at any time, so the loop re-reads until it holds, the kernel cancels the
// job (watchdog, reset), or the job's execution budget runs out.
//
// Polls happen once per interval of the GPU clock (gpu_clock.h): poll k at start + k * interval. The host reads
// no earlier than a poll's time; a read that comes late (the host slept longer, or backed off) stands for the
// latest poll time it has passed when it fails, and for the first poll time at or after it when it succeeds, so a
// write is never seen by a poll that happened before it landed. After a successful poll the clock reads at least
// that poll's time. A budgeted job has nobody to wait for: its polls move the clock instead of sleeping.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "sim/gpu/engine.h"
#include "sim/gpu/pm4/gpu_clock.h"

namespace sporkle::sim::gpu {

enum class Probe { Satisfied, NotYet, Stopped /* the probe recorded a fault or an error */ };
enum class PollOutcome { Satisfied, Stopped, Cancelled, BudgetExhausted };

struct PollTiming {
  uint32_t freq_khz = 0;  // the GPU clock's frequency
  uint64_t interval = 0;  // GPU clock ticks between polls; 0 = back to back
};

template <typename Fn>
PollOutcome poll_until(const ExecEnv& env, Fn&& probe, PollTiming timing = {}, uint64_t* polls = nullptr) {
  // Longest host sleep between checks of the cancel flag.
  constexpr int64_t kSliceNs = 200'000;
  const uint64_t interval = timing.freq_khz ? timing.interval : 0;
  auto now = [&] { return gpu_clock_ticks(timing.freq_khz); };
  uint64_t start = 0;  // the first poll's time
  uint64_t k = 0;      // index of the poll being made
  uint64_t made = 0;   // polls made so far
  auto finish = [&](PollOutcome o) {
    if (polls) *polls += made;
    return o;
  };
  for (unsigned spin = 0;; ++spin) {
    if (!take_budget(env)) return finish(PollOutcome::BudgetExhausted);
    const uint64_t before = interval ? now() : 0;
    if (made == 0) start = before;
    const Probe p = probe();
    if (interval && !env.budget) {
      // A late read stands for the latest poll time it has passed, or, when it finds the condition met, for the
      // first one at or after it: the write it saw may have landed after the poll it was due for. (A budgeted job
      // is never late: each of its reads is the next poll, which keeps its count reproducible.)
      const uint64_t elapsed = before - start;
      k = std::max(k, p == Probe::Satisfied ? (elapsed + interval - 1) / interval : elapsed / interval);
    }
    if (interval && p == Probe::Satisfied) gpu_clock_advance_to(start + k * interval, timing.freq_khz);
    made = k + 1;
    if (p == Probe::Satisfied) return finish(PollOutcome::Satisfied);
    if (p == Probe::Stopped) return finish(PollOutcome::Stopped);
    if (env.cancel.load(std::memory_order_acquire)) return finish(PollOutcome::Cancelled);
    ++k;
    const uint64_t due = start + k * interval;
    if (env.budget) {
      if (interval) gpu_clock_advance_to(due, timing.freq_khz);
      continue;
    }
    if (int64_t left = interval ? gpu_clock_ns_until(due, timing.freq_khz) : 0; left > 0) {
      // Sleep until the next poll, in slices so that a cancellation is not kept waiting.
      for (; left > 0; left = gpu_clock_ns_until(due, timing.freq_khz)) {
        std::this_thread::sleep_for(std::chrono::nanoseconds(std::min(left, kSliceNs)));
        if (env.cancel.load(std::memory_order_acquire)) return finish(PollOutcome::Cancelled);
      }
    } else if (spin < 64) {
      // The next poll is due already: back off so a job waiting on the host does not burn a core.
      std::this_thread::yield();
    } else {
      std::this_thread::sleep_for(std::chrono::microseconds(spin < 1024 ? 10 : 200));
    }
  }
}

}  // namespace sporkle::sim::gpu
