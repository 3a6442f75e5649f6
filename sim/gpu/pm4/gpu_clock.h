// The GPU's free-running reference counter, read by RELEASE_MEM / COPY_DATA timestamps and SDMA TIMESTAMP. It
// ticks at the frequency the kernel reports as gpu_counter_freq (kHz) and never goes backwards.
#pragma once

#include <chrono>
#include <cstdint>

namespace sporkle::sim::gpu {

inline uint64_t gpu_clock_ticks(uint32_t freq_khz) {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                std::chrono::steady_clock::now().time_since_epoch()).count();
  return static_cast<uint64_t>((static_cast<unsigned __int128>(ns) * freq_khz) / 1000000u);
}

}  // namespace sporkle::sim::gpu
