// OpenCL C kernels compiled by clang-14 at build time for gfx900, for gfx1030 (wave32, clang's default) and for
// gfx1030 with +wavefrontsize64, run through the workgroup runner with the HSA calling convention (kernel
// descriptor, dispatch packet, kernarg segment) and checked against the same computation on the host.
#include <gtest/gtest.h>

#include <cmath>

#include "harness.h"

namespace sporkle::sim::isa::test {
namespace {

class Kernarg {
 public:
  Kernarg& ptr(uint64_t va) { return put(&va, 8); }
  Kernarg& u32(uint32_t v) { return put(&v, 4); }
  Kernarg& f32(float v) { return put(&v, 4); }
  const std::vector<uint8_t>& bytes() const { return b_; }

 private:
  Kernarg& put(const void* p, size_t n) {
    while (b_.size() % n) b_.push_back(0);
    b_.insert(b_.end(), static_cast<const uint8_t*>(p), static_cast<const uint8_t*>(p) + n);
    return *this;
  }
  std::vector<uint8_t> b_;
};

struct Target {
  const char* name;
  const char* suffix;  // of the compiled objects' names
  spec::GfxLevel gfx;
  bool wave32;  // what the kernel descriptor must ask for
};

class ClKernel : public ::testing::TestWithParam<Target> {
 protected:
  // Sets up user SGPRs as the kernel descriptor's enable bits ask (pm4-isa.md 5.3), then runs the grid. The
  // descriptor's ENABLE_WAVEFRONT_SIZE32 bit decides CS_W32_EN, as a dispatcher must (pitfall 5).
  WorkgroupResult launch(const char* name, const Kernarg& args, uint32_t group_size, uint32_t groups) {
    ShaderFile k = ShaderFile::load(std::string(name) + GetParam().suffix);
    EXPECT_EQ(k.kd.size(), 64u);
    auto kd32 = [&](size_t off) { uint32_t v; std::memcpy(&v, k.kd.data() + off, 4); return v; };
    uint32_t group_segment = kd32(0), private_segment = kd32(4), rsrc1 = kd32(48), rsrc2 = kd32(52);
    uint16_t props;
    std::memcpy(&props, k.kd.data() + 56, 2);

    uint64_t code = upload_code(mem, k.text);
    uint64_t packet = mem.alloc(64), kernarg = mem.alloc(std::max<size_t>(args.bytes().size(), 16));
    std::memcpy(mem.host(kernarg), args.bytes().data(), args.bytes().size());
    uint16_t sizes[3] = {uint16_t(group_size), 1, 1};
    uint32_t grid[3] = {group_size * groups, 1, 1};
    std::memcpy(mem.host(packet + 4), sizes, sizeof sizes);
    std::memcpy(mem.host(packet + 12), grid, sizeof grid);
    std::memcpy(mem.host(packet + 40), &kernarg, 8);

    DispatchParams p;
    p.gfx_level = GetParam().gfx;
    p.wave32 = p.gfx_level != spec::GfxLevel::Gfx9 && (props >> 10) & 1;
    EXPECT_EQ(p.wave32, GetParam().wave32);
    lanes = p.wave32 ? 32 : 64;
    p.code_va = code;
    p.rsrc1 = rsrc1;
    p.rsrc2 = rsrc2 | ((group_segment + 511) / 512) << 15;
    p.workgroup_size = {group_size, 1, 1};
    uint32_t s = 0;
    auto pair = [&](uint64_t v) {
      p.user_data[s++] = uint32_t(v);
      p.user_data[s++] = uint32_t(v >> 32);
    };
    // Scratch: one wave's slot at a time (groups run one after another), lanes interleaved per dword.
    p.scratch_wave_bytes = (private_segment * lanes + 1023) / 1024 * 1024;
    scratch_wave_bytes = p.scratch_wave_bytes;
    uint64_t scratch = p.scratch_wave_bytes ? mem.alloc(p.scratch_wave_bytes * ((group_size + lanes - 1) / lanes)) : 0;
    last_scratch = scratch;
    if (props & 1) {  // private segment buffer V#: SWIZZLE_EN, 4-byte elements, INDEX_STRIDE = wave size, ADD_TID
      uint32_t index_stride = lanes == 64 ? 3 : 2;
      p.user_data[s++] = uint32_t(scratch);
      p.user_data[s++] = uint32_t(scratch >> 32) | 1u << 31;
      p.user_data[s++] = 0xFFFFFFFFu;
      p.user_data[s++] = p.gfx_level == spec::GfxLevel::Gfx9
                             ? 0xFACu | 1u << 19 | index_stride << 21 | 1u << 23
                             // gfx10: FORMAT 32_FLOAT, RESOURCE_LEVEL, OOB_SELECT raw
                             : 0xFACu | 22u << 12 | index_stride << 21 | 1u << 23 | 1u << 24 | 3u << 28;
    }
    if (props & 2) pair(packet);
    if (props & 4) pair(0);
    if (props & 8) pair(kernarg);
    if (props & 16) pair(0);
    if (props & 32) pair(scratch);  // flat scratch init
    EXPECT_EQ(s, (rsrc2 >> 1) & 31) << "user SGPR layout";
    return run_grid(mem.vm(), p, {groups, 1, 1});
  }

  template <typename T>
  std::vector<T> read(uint64_t va, size_t n) {
    std::vector<T> v(n);
    std::memcpy(v.data(), mem.host(va), n * sizeof(T));
    return v;
  }

  GpuMemory mem;
  uint64_t last_scratch = 0;
  uint32_t lanes = 64;
  uint32_t scratch_wave_bytes = 0;
};

TEST_P(ClKernel, VectorAddWithPartialLastGroup) {
  const uint32_t n = 1000;
  std::vector<float> a(1024), b(1024);
  for (uint32_t i = 0; i < 1024; ++i) a[i] = 0.5f * i, b[i] = 1.0f / (i + 1);
  uint64_t va = mem.upload(a), vb = mem.upload(b), vc = mem.alloc(1024 * 4);
  auto r = launch("vadd", Kernarg().ptr(va).ptr(vb).ptr(vc).u32(n), 64, 16);
  ASSERT_EQ(r.status, WorkgroupStatus::Completed) << r.diagnostic;
  auto c = read<float>(vc, 1024);
  for (uint32_t i = 0; i < 1024; ++i) ASSERT_EQ(c[i], i < n ? a[i] + b[i] : 0.0f) << i;
}

TEST_P(ClKernel, Saxpy) {
  std::vector<float> x(512), y(512);
  for (int i = 0; i < 512; ++i) x[i] = std::sin(float(i)), y[i] = float(i) * 0.25f;
  uint64_t vx = mem.upload(x), vy = mem.upload(y);
  auto r = launch("saxpy", Kernarg().f32(2.5f).ptr(vx).ptr(vy).u32(512), 128, 4);
  ASSERT_EQ(r.status, WorkgroupStatus::Completed) << r.diagnostic;
  auto out = read<float>(vy, 512);
  for (int i = 0; i < 512; ++i) ASSERT_EQ(out[i], std::fma(2.5f, x[i], y[i])) << i;
}

TEST_P(ClKernel, LdsReductionWithBarriers) {
  std::vector<uint32_t> in(4 * 256);
  for (size_t i = 0; i < in.size(); ++i) in[i] = uint32_t(i * 7 + 3);
  uint64_t vin = mem.upload(in), vout = mem.alloc(16);
  auto r = launch("reduce", Kernarg().ptr(vin).ptr(vout), 256, 4);
  ASSERT_EQ(r.status, WorkgroupStatus::Completed) << r.diagnostic;
  auto out = read<uint32_t>(vout, 4);
  for (int g = 0; g < 4; ++g) {
    uint32_t sum = 0;
    for (int i = 0; i < 256; ++i) sum += in[g * 256 + i];
    EXPECT_EQ(out[g], sum) << g;
  }
}

TEST_P(ClKernel, AtomicsHistogram) {
  std::vector<uint32_t> in(8 * 128);
  for (size_t i = 0; i < in.size(); ++i) in[i] = uint32_t((i * 2654435761u) >> 7) % 5000;
  uint64_t vin = mem.upload(in), bins = mem.alloc(16 * 4);
  std::vector<int32_t> extra_init = {INT32_MAX, INT32_MIN, 0, 0};
  uint64_t extra = mem.upload(extra_init);
  auto r = launch("histogram", Kernarg().ptr(vin).ptr(bins).ptr(extra), 128, 8);
  ASSERT_EQ(r.status, WorkgroupStatus::Completed) << r.diagnostic;
  std::vector<uint32_t> want(16);
  int32_t mn = INT32_MAX, mx = INT32_MIN;
  for (uint32_t v : in) {
    ++want[v & 15];
    mn = std::min(mn, int32_t(v) - 1000);
    mx = std::max(mx, int32_t(v));
  }
  EXPECT_EQ(read<uint32_t>(bins, 16), want);
  auto e = read<int32_t>(extra, 4);
  EXPECT_EQ(e[0], mn);
  EXPECT_EQ(e[1], mx);
  EXPECT_EQ(e[2], 1);  // only the first compare-exchange (work-item 0) sees 0
  EXPECT_EQ(e[3], 7);
}

TEST_P(ClKernel, MatrixMultiply) {
  const int n = 48;
  std::vector<float> A(n * n), B(n * n);
  for (int i = 0; i < n * n; ++i) A[i] = float((i * 37) % 17) - 8.0f, B[i] = float((i * 11) % 13) * 0.125f;
  uint64_t va = mem.upload(A), vb = mem.upload(B), vc = mem.alloc(n * n * 4);
  auto r = launch("matmul", Kernarg().ptr(va).ptr(vb).ptr(vc).u32(n), 64, n);
  ASSERT_EQ(r.status, WorkgroupStatus::Completed) << r.diagnostic;
  auto C = read<float>(vc, n * n);
  for (int row = 0; row < n; ++row)
    for (int col = 0; col < n; ++col) {
      float s = 0.0f;
      for (int k = 0; k < n; ++k) s = std::fma(A[row * n + k], B[k * n + col], s);
      ASSERT_EQ(C[row * n + col], s) << row << "," << col;
    }
}

TEST_P(ClKernel, DivergentLoop) {
  std::vector<uint32_t> d(256);
  for (uint32_t i = 0; i < 256; ++i) d[i] = i + 1;
  uint64_t vd = mem.upload(d);
  auto r = launch("collatz", Kernarg().ptr(vd), 64, 4);
  ASSERT_EQ(r.status, WorkgroupStatus::Completed) << r.diagnostic;
  auto out = read<uint32_t>(vd, 256);
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t x = i + 1, steps = 0;
    while (x != 1 && steps < 1000) x = (x & 1) ? 3 * x + 1 : x >> 1, ++steps;
    ASSERT_EQ(out[i], steps) << i;
  }
}

TEST_P(ClKernel, SixtyFourBitIntegerMath) {
  std::vector<int64_t> a(128);
  std::vector<uint64_t> b(128);
  for (int i = 0; i < 128; ++i) {
    a[i] = int64_t(0x123456789ABCDEFull * (i + 1)) * (i % 2 ? -1 : 1);
    b[i] = 0xFEDCBA9876543210ull / (i + 1) + i;
  }
  uint64_t va = mem.upload(a), vb = mem.upload(b), vo = mem.alloc(128 * 4 * 8);
  auto r = launch("int64_math", Kernarg().ptr(va).ptr(vb).ptr(vo), 64, 2);
  ASSERT_EQ(r.status, WorkgroupStatus::Completed) << r.diagnostic;
  auto out = read<int64_t>(vo, 128 * 4);
  for (int i = 0; i < 128; ++i) {
    int64_t x = a[i];
    uint64_t y = b[i];
    EXPECT_EQ(out[4 * i + 0], int64_t(uint64_t(x) * y + uint64_t(x >> 3))) << i;  // wraps, as on the GPU
    EXPECT_EQ(out[4 * i + 1], int64_t(y / 7) - int64_t(y % 13)) << i;
    EXPECT_EQ(out[4 * i + 2], x / int64_t(i + 1) + x % 5) << i;
    EXPECT_EQ(out[4 * i + 3], int64_t(((y << 5) ^ uint64_t(x)) + (x < int64_t(y) ? 1 : 0))) << i;
  }
}

TEST_P(ClKernel, DoubleMath) {
  std::vector<double> a(64), b(64);
  for (int i = 0; i < 64; ++i) a[i] = 1.0 + i * 3.75, b[i] = (i % 7) - 3.5 + 1e-3 * i;
  b[5] = 0.0;
  a[6] = 1e-310;  // a denormal input
  uint64_t va = mem.upload(a), vb = mem.upload(b), vo = mem.alloc(64 * 3 * 8);
  auto r = launch("double_math", Kernarg().ptr(va).ptr(vb).ptr(vo), 64, 1);
  ASSERT_EQ(r.status, WorkgroupStatus::Completed) << r.diagnostic;
  auto out = read<double>(vo, 64 * 3);
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(out[3 * i + 0], std::fma(a[i], 1.5, b[i])) << i;
    EXPECT_EQ(out[3 * i + 1], a[i] / b[i]) << i;
    EXPECT_EQ(out[3 * i + 2], std::sqrt(a[i]) + double(i)) << i;
  }
}

TEST_P(ClKernel, IntegerAndFloatDivision) {
  std::vector<int32_t> a(128);
  std::vector<float> f(128);
  for (int i = 0; i < 128; ++i) a[i] = (i * 7919) * (i % 3 ? 1 : -1), f[i] = 0.37f * i + 0.001f;
  a[0] = INT32_MIN;
  uint64_t va = mem.upload(a), vf = mem.upload(f), qi = mem.alloc(128 * 8), qf = mem.alloc(128 * 8);
  auto r = launch("intdiv", Kernarg().ptr(va).ptr(vf).ptr(qi).ptr(qf), 64, 2);
  ASSERT_EQ(r.status, WorkgroupStatus::Completed) << r.diagnostic;
  auto oi = read<int32_t>(qi, 256);
  auto of = read<float>(qf, 256);
  for (int i = 0; i < 128; ++i) {
    EXPECT_EQ(oi[2 * i], a[i] / (i + 1)) << i;
    EXPECT_EQ(oi[2 * i + 1], int32_t(uint32_t(a[i]) % uint32_t(i + 3))) << i;
    EXPECT_EQ(of[2 * i], f[i] / (f[i] + 2.0f)) << i;
    EXPECT_EQ(of[2 * i + 1], std::sqrt(f[i]) + float(a[i]) + float(uint32_t(f[i]))) << i;
  }
}

TEST_P(ClKernel, HalfPrecision) {
  std::vector<_Float16> h(128);
  for (int i = 0; i < 128; ++i) h[i] = _Float16(0.125f * i - 3.0f);
  uint64_t vh = mem.upload(h), out = mem.alloc(64 * 4), hout = mem.alloc(64 * 2);
  auto r = launch("half_math", Kernarg().ptr(vh).ptr(out).ptr(hout), 64, 1);
  ASSERT_EQ(r.status, WorkgroupStatus::Completed) << r.diagnostic;
  auto o = read<float>(out, 64);
  auto ho = read<_Float16>(hout, 64);
  for (int i = 0; i < 64; ++i) {
    _Float16 x = _Float16(std::fma(double(h[i]), 2.0, double(h[i + 64])));
    EXPECT_EQ(o[i], float(x)) << i;
    EXPECT_EQ(float(ho[i]), float(_Float16(float(x) + 0.25f))) << i;
  }
}

TEST_P(ClKernel, DynamicallyIndexedPrivateArray) {
  uint64_t out = mem.alloc(128 * 4);
  auto r = launch("private_array", Kernarg().ptr(out).u32(5), 64, 2);
  ASSERT_EQ(r.status, WorkgroupStatus::Completed) << r.diagnostic;
  auto o = read<int32_t>(out, 128);
  for (int i = 0; i < 128; ++i) EXPECT_EQ(o[i], int32_t((5 + i) & 15) * i + 5) << i;
}

TEST_P(ClKernel, ScratchThroughThePrivateSegmentBuffer) {
  uint64_t out = mem.alloc(128 * 4);
  auto r = launch("scratch_array", Kernarg().ptr(out).u32(9), 64, 2);
  ASSERT_EQ(r.status, WorkgroupStatus::Completed) << r.diagnostic;
  auto o = read<int32_t>(out, 128);
  for (int i = 0; i < 128; ++i) {
    auto arr = [&](int j) { return j * i + 9; };
    EXPECT_EQ(o[i], arr((9 + i) & 63) + arr((27 + i) & 63)) << i;
  }
  // The last group's arrays in the swizzled layout: dword d of lane L of wave W at W * wave bytes + (d * lanes + L)
  // * 4 (arr starts at byte 4), written by work-item 64 + W * lanes + L.
  auto* scratch = mem.ptr<int32_t>(last_scratch);
  for (uint32_t wave = 0; wave < 64 / lanes; ++wave)
    for (uint32_t lane : {0u, 17u, lanes - 1})
      for (uint32_t j : {0u, 5u, 63u})
        EXPECT_EQ(scratch[wave * scratch_wave_bytes / 4 + (1 + j) * lanes + lane], int32_t(j * (64 + wave * lanes + lane) + 9))
            << wave << " " << lane << " " << j;
}

// The dispatch suite's subgroup scan (DPP row shifts and broadcasts; v_permlanex16 and v_readlane on gfx1030),
// here also in gfx1030 wave64.
TEST_P(ClKernel, WaveScanWithLanePermutes) {
  std::vector<uint32_t> in(4 * 256);
  for (size_t i = 0; i < in.size(); ++i) in[i] = uint32_t((i * 2654435761u) >> 12);
  uint64_t vin = mem.upload(in), vscan = mem.alloc(in.size() * 4), vtotal = mem.alloc(in.size() / 32 * 4);
  auto r = launch("wave_reduce", Kernarg().ptr(vin).ptr(vscan).ptr(vtotal), 256, 4);
  ASSERT_EQ(r.status, WorkgroupStatus::Completed) << r.diagnostic;
  auto scan = read<uint32_t>(vscan, in.size());
  auto total = read<uint32_t>(vtotal, in.size() / lanes);
  for (size_t w = 0; w < in.size() / lanes; ++w) {
    uint32_t sum = 0;
    for (size_t l = 0; l < lanes; ++l) ASSERT_EQ(scan[w * lanes + l], sum += in[w * lanes + l]) << w << " " << l;
    ASSERT_EQ(total[w], sum) << w;
  }
}

INSTANTIATE_TEST_SUITE_P(Targets, ClKernel,
                         ::testing::Values(Target{"gfx900", "", spec::GfxLevel::Gfx9, false},
                                           Target{"gfx1030", "_gfx1030", spec::GfxLevel::Gfx10_3, true},
                                           Target{"gfx1030w64", "_gfx1030_w64", spec::GfxLevel::Gfx10_3, false}),
                         [](const ::testing::TestParamInfo<Target>& i) { return std::string(i.param.name); });

}  // namespace
}  // namespace sporkle::sim::isa::test
