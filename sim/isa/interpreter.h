// Runs one wave until it ends, reaches a barrier, faults, or the budget runs out.
#pragma once

#include <atomic>
#include <cstdint>

#include "sim/isa/decode_cache.h"
#include "sim/isa/wave.h"

namespace sporkle::sim::isa {

// Instructions the caller allows (shared by every wave of a dispatch) and flags that stop execution from outside:
// cancel (the watchdog, a reset) and kill (soft recovery killing the waves of a VMID). Both end the run with
// Cancelled; the caller tells them apart. The flags are polled every few hundred instructions.
struct Budget {
  uint64_t remaining = 0;
  const std::atomic<bool>* cancel = nullptr;
  const std::atomic<bool>* kill = nullptr;
};

enum class RunEnd : uint8_t {
  Stopped,          // wave.status: Ended, AtBarrier, or a fault
  BudgetExhausted,
  Cancelled,
};

RunEnd run_wave(Wave& w, DecodeCache& cache, Budget& budget);

// Applies MODE's rounding fields to the host FPU; false when the f32 and f64/f16 fields differ (the host has one
// rounding mode).
bool apply_rounding(uint32_t mode);

}  // namespace sporkle::sim::isa
