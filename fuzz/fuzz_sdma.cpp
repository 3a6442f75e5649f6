// SDMA streams on the SDMA engine, v4 (gfx900) and v5.2 (gfx1030). The input's first byte picks the
// personality (layout.h config bits); the rest is the IB, executed at kIbVa in the layout's VM with an
// execution budget. Memory is made once and restored before every input; each input gets a power-on engine.
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
  auto engine = sim::gpu::make_engine(*personality(data[0] & fuzz::config::kGfx1030), sim::gpu::RingType::Sdma);
  harness->run(*engine, data + 1, size - 1, false);
  return 0;
}
