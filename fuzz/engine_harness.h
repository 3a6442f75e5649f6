// What fuzz_pm4 and fuzz_sdma share: a simulated device reduced to what an engine input can reach (the VM of
// layout.h over device memory, one engine per personality and ring), the checks every execution result must
// pass, and the restoring that makes each input run as on a fresh device.
//
// Making a device per input (memfd, mmap, engine allocations) costs more than most inputs, so one device serves
// every input and is put back before each: the engine is reset to power-on state and the buffers get their
// initial contents. The VM mappings cannot change (engines never map). With SPORKLE_FUZZ_CHECK_FRESH=1 every
// input also runs on a device made just for it and the two outcomes must match, which catches state that the
// restoring misses.
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

// One input's device: the layout's buffers and VM, and a power-on engine per personality and ring, made on
// first use.
class EngineDevice {
 public:
  EngineDevice();

  // Power-on engine state and initial buffer contents, with stream (a trailing partial dword dropped, capped at
  // kIbBytes) in the IB buffer.
  sim::gpu::Engine& prepare(bool gfx1030, sim::gpu::RingType ring, const uint8_t* stream, size_t size);
  sim::gpu::Vm& vm() { return vm_; }
  // What an execution left behind besides its result: the written buffers and the engine's registers.
  uint64_t state_digest(const sim::gpu::Engine& engine) const;

 private:
  std::shared_ptr<sim::gpu::BackingStore> store_;
  std::shared_ptr<sim::gpu::Allocation> ib_, data_, read_only_, write_only_;
  sim::gpu::Vm vm_;
  std::unique_ptr<sim::gpu::Engine> engines_[2][3];  // [gfx1030][RingType]
};

class EngineHarness {
 public:
  EngineHarness();

  // Runs stream as one IB on the engine of the given personality and ring, on a restored device, with the
  // budget, and checks the result.
  sim::gpu::ExecResult run(bool gfx1030, sim::gpu::RingType ring, const uint8_t* stream, size_t size,
                           bool constant_engine);

 private:
  struct Digest {
    uint64_t result = 0, state = 0;
    bool operator==(const Digest&) const = default;
  };
  sim::gpu::ExecResult execute(EngineDevice& device, bool gfx1030, sim::gpu::RingType ring, const uint8_t* stream,
                               size_t size, bool constant_engine, Digest* digest);

  EngineDevice device_;
  const bool check_fresh_;
  std::atomic<bool> cancel_{false};  // never set: only the budget stops a stream
};

}  // namespace sporkle::fuzz
