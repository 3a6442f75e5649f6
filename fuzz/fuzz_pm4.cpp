// PM4 streams on the command processor of a GFX or compute queue, both personalities. The input's first byte
// picks personality, queue and engine (layout.h config bits); the rest is the IB, executed at kIbVa in the
// layout's VM with an execution budget, on a device restored to its fresh state (engine_harness.h). The kernel
// path (CS through GEM_VA'd buffers) is fuzz_ioctl's.
#include <cstddef>
#include <cstdint>

#include "fuzz/engine_harness.h"
#include "fuzz/layout.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sporkle;
  static fuzz::EngineHarness* harness = new fuzz::EngineHarness;
  if (size < 1) return 0;
  const uint8_t cfg = data[0];
  const bool compute = cfg & fuzz::config::kCompute;
  harness->run(cfg & fuzz::config::kGfx1030, compute ? sim::gpu::RingType::Compute : sim::gpu::RingType::Gfx,
               data + 1, size - 1, !compute && (cfg & fuzz::config::kConstantEngine));
  return 0;
}
