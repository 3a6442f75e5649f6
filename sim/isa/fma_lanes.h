// Fused multiply-add over 64 lanes, using the host's FMA instructions where the CPU has them (chosen at load
// time) and libm's correctly rounded fma otherwise.
#pragma once

#include <cstdint>

namespace sporkle::sim::isa {

void fma_lanes_f32(const uint32_t* a, const uint32_t* b, const uint32_t* c, uint32_t* r);
void fma_lanes_f64(const uint64_t* a, const uint64_t* b, const uint64_t* c, uint64_t* r);

}  // namespace sporkle::sim::isa
