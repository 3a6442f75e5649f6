// PM4 streams on the command processor of a GFX or compute queue, both personalities. The input's first byte
// picks personality, queue and engine (layout.h config bits); the rest is the IB, executed at kIbVa in the
// layout's VM with an execution budget. Memory is made once and restored before every input; each input gets a
// power-on engine (constructing one is cheaper than Engine::reset() under coverage instrumentation, which
// counts every iteration of its register-file fills). The kernel path (CS through GEM_VA'd buffers) is
// fuzz_ioctl's.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "fuzz/engine_harness.h"
#include "fuzz/layout.h"
#include "sim/gpu/engine.h"
#include "sporkle/spec/personality.h"

namespace {

using namespace sporkle;

const spec::Personality* personality(bool gfx1030) {
  static const spec::Personality* p[2] = {spec::find_personality("gfx900"), spec::find_personality("gfx1030")};
  return p[gfx1030];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static fuzz::EngineHarness* harness = new fuzz::EngineHarness;
  if (size < 1) return 0;
  const uint8_t cfg = data[0];
  const bool compute = cfg & fuzz::config::kCompute;
  auto engine = sim::gpu::make_engine(*personality(cfg & fuzz::config::kGfx1030),
                                      compute ? sim::gpu::RingType::Compute : sim::gpu::RingType::Gfx);
  harness->run(*engine, data + 1, size - 1, !compute && (cfg & fuzz::config::kConstantEngine));
  return 0;
}
