// The shader core behind a PM4 dispatch (command processor, workgroup runner, interpreter) on one host core:
// VALU lane-ops/s (target >= 1G/s), the bandwidth of a memcpy shader against host memcpy of the same buffers in
// the same run (target >= 25%), and the wave-instructions/s of a clang-compiled matrix multiply.
#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "sim/gpu/engine.h"
#include "sim/gpu/memory.h"
#include "sim/gpu/vm.h"
#include "sporkle/spec/personality.h"
#include "sporkle/spec/pm4.h"
#include "sporkle/spec/registers.h"

namespace {

namespace gpu = sporkle::sim::gpu;
namespace pm4 = sporkle::spec::pm4;
namespace reg = sporkle::spec::reg;

constexpr uint64_t kIb = 0x100000, kCode = 0x200000, kArgs = 0x300000, kSrc = 0x10000000, kDst = 0x20000000;
constexpr uint64_t kCopyBytes = 16 << 20;
constexpr uint32_t kValuIterations = 1024, kValuGroups = 16, kValuOpsPerIteration = 32;
constexpr uint32_t kMatrixN = 128;

std::vector<uint8_t> file(const std::string& name) {
  std::ifstream f(std::string(SPORKLE_BENCH_SHADER_DIR) + "/" + name, std::ios::binary);
  if (!f) std::abort();
  return {std::istreambuf_iterator<char>(f), {}};
}

std::vector<uint32_t> set_sh(uint32_t offset, std::vector<uint32_t> v) {
  std::vector<uint32_t> p{pm4::packet3(pm4::SET_SH_REG, static_cast<uint32_t>(v.size()) + 1),
                          offset - reg::kShSpace.start};
  p.insert(p.end(), v.begin(), v.end());
  return p;
}

// A compute queue of a gfx900 with its memory: code, an IB, and the buffers the shaders use.
class Machine {
 public:
  Machine() : store_(gpu::BackingStore::create(uint64_t{128} << 20)) {
    engine_ = gpu::make_engine(*sporkle::spec::find_personality("gfx900"), gpu::RingType::Compute);
    map(kIb, 1 << 16, gpu::kPageReadable);
    map(kCode, 1 << 16, gpu::kPageReadable | gpu::kPageExecutable);
    map(kArgs, 1 << 16, gpu::kPageReadable | gpu::kPageWriteable);
    src_ = map(kSrc, kCopyBytes, gpu::kPageReadable | gpu::kPageWriteable);
    dst_ = map(kDst, kCopyBytes, gpu::kPageReadable | gpu::kPageWriteable);
  }

  uint8_t* host(uint64_t va) {
    for (auto& m : maps_)
      if (va >= m.va && va < m.va + m.size) return m.memory->host() + (va - m.va);
    std::abort();
  }
  uint8_t* src() { return src_; }
  uint8_t* dst() { return dst_; }

  void load_code(const std::vector<uint8_t>& code) { std::memcpy(host(kCode), code.data(), code.size()); }

  // Sets the program registers and dispatches; returns the shader instructions executed.
  uint64_t dispatch(uint32_t rsrc1, uint32_t rsrc2, uint32_t group_size, uint32_t groups,
                    std::vector<uint32_t> user) {
    user.resize(reg::kComputeUserDataCount);
    std::vector<uint32_t> ib;
    auto add = [&](const std::vector<uint32_t>& p) { ib.insert(ib.end(), p.begin(), p.end()); };
    add(set_sh(reg::COMPUTE_PGM_LO, {uint32_t(kCode >> 8), uint32_t(kCode >> 40)}));
    add(set_sh(reg::COMPUTE_PGM_RSRC1, {rsrc1, rsrc2}));
    add(set_sh(reg::COMPUTE_NUM_THREAD_X, {group_size, 1, 1}));
    add(set_sh(reg::COMPUTE_USER_DATA_0, user));
    add({pm4::packet3(pm4::DISPATCH_DIRECT, 4), groups, 1, 1, 1u | (1u << 2)});
    std::memcpy(host(kIb), ib.data(), ib.size() * 4);
    gpu::ExecEnv env{vm_, 1, cancel_};
    gpu::ExecResult r = engine_->execute(env, kIb, static_cast<uint32_t>(ib.size()));
    if (r.status != gpu::ExecStatus::Completed) {
      std::fprintf(stderr, "dispatch failed: %s\n", r.diagnostic.c_str());
      std::abort();
    }
    return r.shader_instructions;
  }

 private:
  uint8_t* map(uint64_t va, uint64_t size, uint32_t flags) {
    auto memory = store_->allocate(size);
    if (!memory) std::abort();
    std::memset(memory->host(), 0, size);
    vm_.map(gpu::Mapping{va, size, memory, 0, flags, va});
    maps_.push_back({va, size, memory});
    return memory->host();
  }

  struct Map {
    uint64_t va, size;
    std::shared_ptr<gpu::Allocation> memory;
  };
  std::shared_ptr<gpu::BackingStore> store_;
  gpu::Vm vm_;
  std::atomic<bool> cancel_{false};
  std::unique_ptr<gpu::Engine> engine_;
  std::vector<Map> maps_;
  uint8_t* src_ = nullptr;
  uint8_t* dst_ = nullptr;
};

Machine& machine() {
  static Machine m;
  return m;
}

constexpr uint32_t kRsrc1 = 1u | (0xC0u << 12);  // 8 VGPRs, IGT's FLOAT_MODE
constexpr uint32_t user_sgprs(uint32_t n) { return n << 1; }
constexpr uint32_t kTgidXEn = 1u << 7;

void BM_ValuLaneOps(benchmark::State& state) {
  Machine& m = machine();
  m.load_code(file("valu.bin"));
  uint64_t instructions = 0;
  for (auto _ : state) instructions += m.dispatch(kRsrc1, user_sgprs(1), 64, kValuGroups, {kValuIterations});
  const double lane_ops = double(kValuGroups) * 64 * kValuIterations * kValuOpsPerIteration * state.iterations();
  state.counters["lane-ops/s"] = benchmark::Counter(lane_ops, benchmark::Counter::kIsRate);
  state.counters["wave-instructions/s"] = benchmark::Counter(double(instructions), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ValuLaneOps)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_HostMemcpy(benchmark::State& state) {
  Machine& m = machine();
  for (auto _ : state) {
    std::memcpy(m.dst(), m.src(), kCopyBytes);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(int64_t(kCopyBytes) * state.iterations());
}
BENCHMARK(BM_HostMemcpy)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ShaderMemcpy(benchmark::State& state) {
  Machine& m = machine();
  m.load_code(file("memcpy.bin"));
  for (uint64_t i = 0; i < kCopyBytes; ++i) m.src()[i] = uint8_t(i * 7);
  const uint32_t groups = kCopyBytes / 1024;
  double shader_s = 0;
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    m.dispatch(kRsrc1, user_sgprs(4) | kTgidXEn, 64, groups,
               {uint32_t(kSrc), uint32_t(kSrc >> 32), uint32_t(kDst), uint32_t(kDst >> 32)});
    shader_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  if (std::memcmp(m.src(), m.dst(), kCopyBytes) != 0) state.SkipWithError("the shader copied wrong data");
  // Host memcpy of the same buffers, timed in this run for the ratio.
  auto t0 = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < state.iterations(); ++i) {
    std::memcpy(m.dst(), m.src(), kCopyBytes);
    benchmark::ClobberMemory();
  }
  const double host_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  state.SetBytesProcessed(int64_t(kCopyBytes) * state.iterations());
  state.counters["ratio_to_host_memcpy"] = host_s / shader_s;
}
BENCHMARK(BM_ShaderMemcpy)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ClangMatmul(benchmark::State& state) {
  Machine& m = machine();
  std::vector<uint8_t> kd = file("matmul.kd");
  uint32_t rsrc1, rsrc2;
  std::memcpy(&rsrc1, kd.data() + 48, 4);
  std::memcpy(&rsrc2, kd.data() + 52, 4);
  m.load_code(file("matmul.bin"));
  float* a = reinterpret_cast<float*>(m.src());
  float* b = a + kMatrixN * kMatrixN;
  for (uint32_t i = 0; i < 2 * kMatrixN * kMatrixN; ++i) a[i] = float(i % 17) * 0.25f;
  const uint64_t args[3] = {kSrc, kSrc + kMatrixN * kMatrixN * 4, kDst};
  std::memcpy(m.host(kArgs), args, sizeof args);
  std::memcpy(m.host(kArgs + 24), &kMatrixN, 4);
  uint64_t instructions = 0;
  // User SGPRs: private segment buffer (unused), kernarg pointer; the workgroup id follows.
  for (auto _ : state)
    instructions += m.dispatch(rsrc1, rsrc2, kMatrixN, kMatrixN, {0, 0, 0, 0, uint32_t(kArgs), uint32_t(kArgs >> 32)});
  const float* c = reinterpret_cast<const float*>(m.dst());
  float expected = 0;
  for (uint32_t k = 0; k < kMatrixN; ++k) expected = std::fma(a[k], b[k * kMatrixN], expected);
  if (c[0] != expected) state.SkipWithError("matmul computed a wrong C[0][0]");
  state.counters["wave-instructions/s"] = benchmark::Counter(double(instructions), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ClangMatmul)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
