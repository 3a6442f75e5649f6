// The GPU's free-running reference counter, read by RELEASE_MEM / COPY_DATA timestamps and SDMA TIMESTAMP. It
// ticks at the frequency the kernel reports as gpu_counter_freq (kHz) and never goes backwards.
//
// Simulated time follows the host's monotonic clock, plus a lead: time an engine spent waiting that the host did
// not have to wait for (a poll that found its condition met between two of its reads, every poll of a budgeted
// job) moves the clock forward instead of putting the host thread to sleep. One time base serves every device.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace sporkle::sim::gpu {

namespace clock_detail {
// ns the simulated clock runs ahead of CLOCK_MONOTONIC; only grows.
inline std::atomic<int64_t> lead_ns{0};
// Far beyond any run, and far from overflowing the tick arithmetic: a budgeted fuzzer can wait a lot.
inline constexpr int64_t kMaxLeadNs = int64_t{1} << 61;

inline int64_t host_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
inline uint64_t ns_to_ticks(int64_t ns, uint32_t freq_khz) {
  return static_cast<uint64_t>((static_cast<unsigned __int128>(ns) * freq_khz) / 1000000u);
}
// The first ns at which the clock reads `ticks`.
inline int64_t ticks_to_ns(uint64_t ticks, uint32_t freq_khz) {
  unsigned __int128 ns = (static_cast<unsigned __int128>(ticks) * 1000000u + freq_khz - 1) / freq_khz;
  return ns > static_cast<unsigned __int128>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(ns);
}
}  // namespace clock_detail

inline int64_t gpu_time_ns() { return clock_detail::host_ns() + clock_detail::lead_ns.load(std::memory_order_acquire); }

inline uint64_t gpu_clock_ticks(uint32_t freq_khz) { return clock_detail::ns_to_ticks(gpu_time_ns(), freq_khz); }

// Host ns until the clock reads `ticks` (0 when it already does).
inline int64_t gpu_clock_ns_until(uint64_t ticks, uint32_t freq_khz) {
  int64_t left = clock_detail::ticks_to_ns(ticks, freq_khz) - gpu_time_ns();
  return left > 0 ? left : 0;
}

// Moves the clock forward until it reads at least `ticks`, without waiting.
inline void gpu_clock_advance_to(uint64_t ticks, uint32_t freq_khz) {
  using namespace clock_detail;
  int64_t need = ticks_to_ns(ticks, freq_khz) - host_ns();
  if (need > kMaxLeadNs) need = kMaxLeadNs;
  int64_t lead = lead_ns.load(std::memory_order_relaxed);
  while (lead < need && !lead_ns.compare_exchange_weak(lead, need, std::memory_order_acq_rel)) {
  }
}

}  // namespace sporkle::sim::gpu
