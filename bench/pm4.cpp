// PM4 throughput through the whole stack (libdrm_amdgpu, the shim, the kernel model, a ring worker, the command
// processor): streams of NOP and SET_SH_REG packets in one maximal IB (dwords/s, target >= 100M), WRITE_DATA
// submissions, and the round trip of a tiny NOP IB submitted and waited for (target >= 200k/s).
#include <benchmark/benchmark.h>

#include "bench/submit.h"

namespace {

using sporkle::bench::GpuBuffer;
using sporkle::bench::SimGpu;

constexpr uint32_t kMaxIbDwords = 0xFFFFF;  // the kernel's IB size limit

uint32_t packet3(uint32_t opcode, uint32_t body) { return 0xC0000000u | ((body - 1) << 16) | (opcode << 8); }

SimGpu& gpu() {
  static SimGpu g;
  return g;
}

void stream(benchmark::State& state, uint32_t ip, const GpuBuffer& ib, uint32_t dwords) {
  for (auto _ : state)
    if (!gpu().run(ip, ib, dwords)) state.SkipWithError("the IB did not complete");
  state.counters["dwords/s"] = benchmark::Counter(double(dwords) * state.iterations(), benchmark::Counter::kIsRate);
}

void BM_NopStream(benchmark::State& state) {
  static GpuBuffer ib = [] {
    GpuBuffer b = gpu().alloc(uint64_t{kMaxIbDwords + 1} * 4, AMDGPU_GEM_DOMAIN_GTT);
    for (uint32_t i = 0; i < kMaxIbDwords; ++i) b.words()[i] = 0xFFFF1000;  // header-only NOP
    return b;
  }();
  stream(state, static_cast<uint32_t>(state.range(0)), ib, kMaxIbDwords);
}
BENCHMARK(BM_NopStream)->Arg(AMDGPU_HW_IP_GFX)->Arg(AMDGPU_HW_IP_COMPUTE)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SetShRegStream(benchmark::State& state) {
  // SET_SH_REG of the 16 COMPUTE_USER_DATA registers, as a dispatch's user SGPR setup.
  constexpr uint32_t kPacket = 2 + 16;
  static GpuBuffer ib = [] {
    GpuBuffer b = gpu().alloc(uint64_t{kMaxIbDwords + 1} * 4, AMDGPU_GEM_DOMAIN_GTT);
    for (uint32_t at = 0; at + kPacket <= kMaxIbDwords; at += kPacket) {
      b.words()[at] = packet3(0x76, kPacket - 1);
      b.words()[at + 1] = 0x240;
      for (uint32_t i = 0; i < 16; ++i) b.words()[at + 2 + i] = at + i;
    }
    return b;
  }();
  stream(state, AMDGPU_HW_IP_COMPUTE, ib, kMaxIbDwords / kPacket * kPacket);
}
BENCHMARK(BM_SetShRegStream)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_WriteDataSubmission(benchmark::State& state) {
  // One IB per submission writing `range(0)` dwords to memory with WRITE_DATA (DST_SEL 5, WR_CONFIRM); the
  // header's 14-bit count caps one packet at 16381 data dwords.
  const uint32_t n = static_cast<uint32_t>(state.range(0));
  GpuBuffer dst = gpu().alloc(uint64_t{n} * 4 + 4096, AMDGPU_GEM_DOMAIN_GTT);
  GpuBuffer ib = gpu().alloc(uint64_t{n} * 4 + 4096, AMDGPU_GEM_DOMAIN_GTT);
  uint32_t* w = ib.words();
  w[0] = packet3(0x37, 3 + n);
  w[1] = (5u << 8) | (1u << 20);
  w[2] = static_cast<uint32_t>(dst.va);
  w[3] = static_cast<uint32_t>(dst.va >> 32);
  for (uint32_t i = 0; i < n; ++i) w[4 + i] = i;
  for (auto _ : state)
    if (!gpu().run(AMDGPU_HW_IP_COMPUTE, ib, 4 + n, {dst.bo})) state.SkipWithError("the IB did not complete");
  if (dst.words()[n - 1] != n - 1) state.SkipWithError("WRITE_DATA did not land");
  state.SetBytesProcessed(int64_t(n) * 4 * state.iterations());
  state.counters["submissions/s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WriteDataSubmission)->Arg(1)->Arg(1024)->Arg(16381)->UseRealTime();

void BM_NopCsSubmitAndWait(benchmark::State& state) {
  static GpuBuffer ib = [] {
    GpuBuffer b = gpu().alloc(4096, AMDGPU_GEM_DOMAIN_GTT);
    for (uint32_t i = 0; i < 8; ++i) b.words()[i] = 0xFFFF1000;
    return b;
  }();
  for (auto _ : state)
    if (!gpu().run(static_cast<uint32_t>(state.range(0)), ib, 8)) state.SkipWithError("the IB did not complete");
  state.counters["submits/s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_NopCsSubmitAndWait)->Arg(AMDGPU_HW_IP_GFX)->Arg(AMDGPU_HW_IP_COMPUTE)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
