// SDMA COPY_LINEAR bandwidth through the whole stack (libdrm_amdgpu, the shim, the kernel model, the DMA ring's
// worker, the SDMA engine), and host memcpy of the same size in the same run. The counter vs_memcpy is the
// ratio of the two bandwidths (target >= 0.8).
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstring>
#include <vector>

#include "bench/submit.h"

namespace {

using sporkle::bench::GpuBuffer;
using sporkle::bench::SimGpu;

constexpr uint32_t kChunk = 1u << 21;  // bytes per COPY_LINEAR, under v4's 22-bit count

SimGpu& gpu() {
  static SimGpu g;
  return g;
}

double memcpy_bytes_per_s(uint64_t bytes, int64_t reps) {
  std::vector<uint8_t> a(bytes, 1), b(bytes, 0);
  auto start = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < reps; ++i) {
    std::memcpy(b.data(), a.data(), bytes);
    benchmark::DoNotOptimize(b.data());
  }
  return double(bytes) * reps / std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void BM_SdmaCopyLinear(benchmark::State& state) {
  const uint64_t bytes = uint64_t(state.range(0));
  const uint32_t domain = static_cast<uint32_t>(state.range(1));
  GpuBuffer src = gpu().alloc(bytes, domain);
  GpuBuffer dst = gpu().alloc(bytes, domain);
  std::memset(src.cpu, 0x5A, bytes);
  std::memset(dst.cpu, 0, bytes);
  GpuBuffer ib = gpu().alloc(4096 * 4, AMDGPU_GEM_DOMAIN_GTT);
  uint32_t n = 0;
  for (uint64_t done = 0; done < bytes; done += kChunk) {
    uint64_t len = std::min<uint64_t>(kChunk, bytes - done);
    uint64_t s = src.va + done, d = dst.va + done;
    uint32_t packet[] = {1u, static_cast<uint32_t>(len - 1), 0, static_cast<uint32_t>(s), static_cast<uint32_t>(s >> 32),
                         static_cast<uint32_t>(d), static_cast<uint32_t>(d >> 32)};
    std::memcpy(ib.words() + n, packet, sizeof packet);
    n += 7;
  }
  auto start = std::chrono::steady_clock::now();
  for (auto _ : state)
    if (!gpu().run(AMDGPU_HW_IP_DMA, ib, n, {src.bo, dst.bo})) state.SkipWithError("the copy did not complete");
  double copy = double(bytes) * state.iterations() /
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (static_cast<uint8_t*>(dst.cpu)[bytes - 1] != 0x5A) state.SkipWithError("the copy did not land");
  state.SetBytesProcessed(int64_t(bytes) * state.iterations());
  state.counters["vs_memcpy"] = copy / memcpy_bytes_per_s(bytes, std::max<int64_t>(state.iterations(), 4));
}
BENCHMARK(BM_SdmaCopyLinear)
    ->Args({1 << 20, AMDGPU_GEM_DOMAIN_GTT})
    ->Args({64 << 20, AMDGPU_GEM_DOMAIN_GTT})
    ->Args({64 << 20, AMDGPU_GEM_DOMAIN_VRAM})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
