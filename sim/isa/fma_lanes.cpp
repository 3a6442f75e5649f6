#include "sim/isa/fma_lanes.h"

#include <bit>
#include <cmath>

#include "sim/isa/wave.h"

namespace sporkle::sim::isa {

__attribute__((target_clones("fma", "default"))) void fma_lanes_f32(const uint32_t* a, const uint32_t* b,
                                                                    const uint32_t* c, uint32_t* r) {
  for (int i = 0; i < kLanes; ++i)
    r[i] = std::bit_cast<uint32_t>(
        std::fma(std::bit_cast<float>(a[i]), std::bit_cast<float>(b[i]), std::bit_cast<float>(c[i])));
}

__attribute__((target_clones("fma", "default"))) void fma_lanes_f64(const uint64_t* a, const uint64_t* b,
                                                                    const uint64_t* c, uint64_t* r) {
  for (int i = 0; i < kLanes; ++i)
    r[i] = std::bit_cast<uint64_t>(
        std::fma(std::bit_cast<double>(a[i]), std::bit_cast<double>(b[i]), std::bit_cast<double>(c[i])));
}

}  // namespace sporkle::sim::isa
