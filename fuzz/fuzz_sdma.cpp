// SDMA streams on the SDMA engine, v4 (gfx900) and v5.2 (gfx1030). The input's first byte picks the
// personality (layout.h config bits); the rest is the IB, executed at kIbVa in the layout's VM with an
// execution budget, on a device restored to its fresh state (engine_harness.h).
#include <cstddef>
#include <cstdint>

#include "fuzz/engine_harness.h"
#include "fuzz/layout.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sporkle;
  static fuzz::EngineHarness* harness = new fuzz::EngineHarness;
  if (size < 1) return 0;
  harness->run(data[0] & fuzz::config::kGfx1030, sim::gpu::RingType::Sdma, data + 1, size - 1, false);
  return 0;
}
