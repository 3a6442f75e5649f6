// What fuzz_pm4 and fuzz_sdma share: one VM laid out as in layout.h over device memory, restored before every
// input (so an input behaves the same alone as in a long run), and the checks every execution result must pass.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "fuzz/layout.h"
#include "sim/gpu/engine.h"
#include "sim/gpu/memory.h"
#include "sim/gpu/vm.h"

namespace sporkle::fuzz {

class EngineHarness {
 public:
  EngineHarness();

  // Puts stream (any length; a trailing partial dword is dropped, the IB is capped at kIbBytes) in the IB
  // buffer, clears the other buffers, runs it on engine (a power-on one, so an input behaves the same alone as
  // in a long run) with the budget and checks the result.
  sim::gpu::ExecResult run(sim::gpu::Engine& engine, const uint8_t* stream, size_t size, bool constant_engine);

 private:
  std::shared_ptr<sim::gpu::BackingStore> store_;
  std::shared_ptr<sim::gpu::Allocation> ib_, data_, read_only_, write_only_;
  sim::gpu::Vm vm_;
  std::atomic<bool> cancel_{false};  // never set: only the budget stops a stream
};

}  // namespace sporkle::fuzz
