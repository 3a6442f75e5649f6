// gfx1030 execution: one test shader per behaviour that differs from gfx9 (ops_gfx10.s in wave32, two waves per
// 64 work-items; ops_gfx10_w64.s in wave64), with expectations computed on the host.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "ops_runner.h"

namespace sporkle::sim::isa::test {
namespace {

constexpr OpMode kWave32{.gfx = spec::GfxLevel::Gfx10_3, .wave32 = true};
constexpr OpMode kWave64{.gfx = spec::GfxLevel::Gfx10_3, .wave32 = false};

std::vector<LaneOut> run32(const char* symbol, const std::vector<LaneIn>& lanes) {
  return run_shader("ops_gfx10", symbol, lanes, 64, kWave32);
}
std::vector<LaneOut> run64(const char* symbol, const std::vector<LaneIn>& lanes) {
  return run_shader("ops_gfx10_w64", symbol, lanes, 64, kWave64);
}

// 64 lanes of pseudo-random words with edge values mixed in.
std::vector<LaneIn> random_lanes(uint32_t seed) {
  std::vector<LaneIn> v(64);
  uint32_t x = seed;
  for (auto& l : v)
    for (auto& d : l) x = x * 1664525u + 1013904223u, d = x;
  v[0] = {0, 0, 0, 0xFFFFFFFF};
  v[1] = {0xFFFFFFFF, 1, 0xFFFFFFFF, 1};
  v[2] = {0x80000000, 0x7FFFFFFF, 1, 0xFFFFFFFF};
  v[33] = {5, 5, 0xFFFFFFFF, 0};
  return v;
}

uint32_t wave_mask(const std::vector<LaneIn>& in, int first, int count, bool (*pred)(const LaneIn&)) {
  uint32_t m = 0;
  for (int i = 0; i < count; ++i) m |= uint32_t(pred(in[first + i])) << i;
  return m;
}

TEST(Gfx10Exec, Vop3TakesALiteral) {
  auto in = random_lanes(1);
  for (int i = 0; i < 8; ++i) in[i][0] = f2u(1.5f * i - 3.0f), in[i][1] = f2u(0.25f * i);
  auto r = run32("t10_vop3_literal", in);
  for (int i = 0; i < 64; ++i) {
    uint32_t a = in[i][0], b = in[i][1];
    EXPECT_EQ(r[i][0], a + 0x12345678u) << i;
    if (i < 8) {
      EXPECT_EQ(r[i][1], f2u(std::fma(u2f(a), u2f(0x40490fdb), u2f(b)))) << i;
    }
    EXPECT_EQ(r[i][2], (a << 4) + 0x1000u) << i;
    EXPECT_EQ(int32_t(r[i][3]), std::clamp(int32_t(a), -5, 0x1234)) << i;
  }
}

TEST(Gfx10Exec, Wave32CompareWritesVccLoOnly) {
  auto in = random_lanes(2);
  auto r = run32("t10_cmp_wave32", in);
  for (int w = 0; w < 2; ++w) {
    uint32_t gt = wave_mask(in, 32 * w, 32, [](const LaneIn& l) { return l[0] > l[1]; });
    uint32_t lt = wave_mask(in, 32 * w, 32, [](const LaneIn& l) { return int32_t(l[0]) < int32_t(l[1]); });
    for (int i = 32 * w; i < 32 * w + 32; ++i) {
      EXPECT_EQ(r[i][0], in[i][0] > in[i][1] ? 1u : 0u) << i;
      EXPECT_EQ(r[i][1], gt) << i;
      EXPECT_EQ(r[i][2], lt) << i;           // a 32-bit SDST
      EXPECT_EQ(r[i][3], 0xDEADBEEFu) << i;  // VCC_HI untouched
    }
  }
}

TEST(Gfx10Exec, CmpxWritesExecAndNotVcc) {
  auto in = random_lanes(3);
  for (int i = 0; i < 64; ++i) in[i][0] %= 200, in[i][1] %= 200;
  auto r = run32("t10_cmpx_exec_only", in);
  for (int i = 0; i < 64; ++i) {
    bool gt = in[i][0] > in[i][1];
    EXPECT_EQ(r[i][0], gt ? 1u : 0u) << i;
    EXPECT_EQ(r[i][1], gt && in[i][0] < 100 ? 2u : 0u) << i;
    EXPECT_EQ(r[i][2], 0x55u) << i;
  }
}

TEST(Gfx10Exec, SaveexecB32UsesExecLo) {
  auto r = run32("t10_saveexec_b32", random_lanes(4));
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(r[i][0], i < 8 ? 7u : 0u) << i;
    EXPECT_EQ(r[i][1], 0xFFFFFFFFu) << i;  // the saved EXEC_LO
    EXPECT_EQ(r[i][2], i < 32 ? 1u : 0u) << i;  // SCC = new EXEC_LO != 0: the second wave has no lane below 8
    EXPECT_EQ(r[i][3], 0u) << i;
  }
}

TEST(Gfx10Exec, NullReadsZeroAndDiscardsWrites) {
  auto in = random_lanes(5);
  auto r = run32("t10_null", in);
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(r[i][0], in[i][0] + in[i][1]) << i;
    EXPECT_EQ(r[i][1], 5u) << i;
    EXPECT_EQ(r[i][2], 0xFFFFFFFFu) << i;  // a 64-bit write to NULL did not reach EXEC_LO
  }
}

TEST(Gfx10Exec, AddWithCarryInOut) {
  auto in = random_lanes(6);
  auto r = run32("t10_add_co_ci", in);
  for (int i = 0; i < 64; ++i) {
    uint64_t x = in[i][0] | uint64_t(in[i][1]) << 32, y = in[i][2] | uint64_t(in[i][3]) << 32;
    unsigned __int128 s = (unsigned __int128)x + y;
    EXPECT_EQ(r[i][0], uint32_t(s)) << i;
    EXPECT_EQ(r[i][1], uint32_t(s >> 32)) << i;
    EXPECT_EQ(r[i][2], uint32_t(s >> 64)) << i;
    EXPECT_EQ(r[i][3], in[i][0] - in[i][2]) << i;
  }
}

TEST(Gfx10Exec, FusedMultiplyAddForms) {
  std::vector<LaneIn> in(64);
  const float vals[] = {1.0f + 0x1p-12f, -2.5f, 0.0f, 3.0e38f, -0.0f, 1e-40f, 7.0f, 0.1f};
  for (int i = 0; i < 64; ++i)
    in[i] = {f2u(vals[i % 8]), f2u(vals[(i / 8) % 8]), f2u(-vals[(i + 3) % 8])};
  in[8][0] = f2u(0.0f), in[8][1] = f2u(INFINITY);
  auto r = run32("t10_fmac", in);
  for (int i = 0; i < 64; ++i) {
    float a = u2f(in[i][0]), b = u2f(in[i][1]), c = u2f(in[i][2]);
    EXPECT_EQ(r[i][0], f2u(std::fma(a, b, c))) << i;
    EXPECT_EQ(r[i][1], f2u(std::fma(a, 3.0f, b))) << i;
    EXPECT_EQ(r[i][2], f2u(std::fma(a, b, 1.0f))) << i;
    EXPECT_EQ(r[i][3], f2u((a == 0.0f || b == 0.0f) ? 0.0f : a * b)) << i;  // legacy: 0 * inf = 0
  }
}

TEST(Gfx10Exec, SixteenBitResultsKeepTheHighHalf) {
  std::vector<LaneIn> in(64);
  for (int i = 0; i < 64; ++i) {
    _Float16 x = _Float16(0.5f * i - 7.0f), y = _Float16(1.25f * (i % 5));
    uint32_t hi = (0xA000u + i) << 16;
    in[i] = {std::bit_cast<uint16_t>(x) | hi, std::bit_cast<uint16_t>(y) | 0x5550000u, 0xABCD0000u | uint32_t(i)};
  }
  auto r = run32("t10_f16_keeps_high_half", in);
  for (int i = 0; i < 64; ++i) {
    uint32_t keep = in[i][2] & 0xFFFF0000u;
    _Float16 x = std::bit_cast<_Float16>(uint16_t(in[i][0])), y = std::bit_cast<_Float16>(uint16_t(in[i][1]));
    EXPECT_EQ(r[i][0], keep | std::bit_cast<uint16_t>(_Float16(float(x) + float(y)))) << i;
    EXPECT_EQ(r[i][1], keep | ((in[i][0] * in[i][1]) & 0xFFFF)) << i;
    EXPECT_EQ(r[i][2], keep | std::bit_cast<uint16_t>(_Float16(u2f(in[i][0])))) << i;
  }
}

TEST(Gfx10Exec, IntegerDotProducts) {
  auto in = random_lanes(7);
  auto r = run32("t10_dot", in);
  for (int i = 0; i < 64; ++i) {
    uint32_t a = in[i][0], b = in[i][1], c = in[i][2];
    int32_t d4 = int32_t(c);
    for (int k = 0; k < 4; ++k) d4 += int32_t(int8_t(a >> (8 * k))) * int8_t(b >> (8 * k));
    uint32_t d2 = c;
    for (int k = 0; k < 2; ++k) d2 += ((a >> (16 * k)) & 0xFFFF) * ((b >> (16 * k)) & 0xFFFF);
    uint32_t d8 = c;
    for (int k = 0; k < 8; ++k) d8 += ((a >> (4 * k)) & 0xF) * ((b >> (4 * k)) & 0xF);
    EXPECT_EQ(r[i][0], uint32_t(d4)) << i;
    EXPECT_EQ(r[i][1], d2) << i;
    EXPECT_EQ(r[i][2], d8) << i;
    EXPECT_EQ(r[i][3], uint32_t(d4)) << i;  // v_dot4c accumulates into its destination
  }
}

TEST(Gfx10Exec, SmemAddsTheSignedOffsetAndTheSgpr) {
  auto in = random_lanes(8);
  auto r = run32("t10_smem_offsets", in);
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(r[i][0], in[0][1]) << i;  // in + 32 - 28
    EXPECT_EQ(r[i][1], in[0][2]) << i;  // in + 32 - 32 + s8 (8)
  }
}

TEST(Gfx10Exec, GlobalNegativeTwelveBitOffset) {
  auto in = random_lanes(9);
  auto r = run32("t10_global_offset", in);
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(r[i][0], in[i][0]) << i;
    EXPECT_EQ(r[i][1], in[i][1]) << i;
  }
}

TEST(Gfx10Exec, FlatScratchAndModeAreHardwareRegisters) {
  auto r = run32("t10_hwreg_mode", random_lanes(10));
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(r[i][0], 0x12345678u) << i;
    EXPECT_EQ(r[i][1], 0x9ABCu) << i;
    EXPECT_EQ(r[i][2], 0x55u) << i;  // s_round_mode 5 (both towards +inf), s_denorm_mode 5
  }
}

TEST(Gfx10Exec, ScratchThroughFlatScratch) {
  auto in = random_lanes(11);
  auto r = run32("t10_scratch", in);
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(r[i][0], in[i][0]) << i;
    EXPECT_EQ(r[i][1], in[i][1]) << i;
  }
}

TEST(Gfx10Exec, RawBufferRangeCheck) {
  auto in = random_lanes(12);
  auto r = run32("t10_buffer_raw_oob", in);
  for (int i = 0; i < 64; ++i) EXPECT_EQ(r[i][0], i < 8 ? in[i][0] : 0u) << i;  // offset 32 * i < 256
}

TEST(Gfx10Exec, LaneSelectsWrapAtThirtyTwo) {
  auto in = random_lanes(13);
  auto r = run32("t10_readlane_wraps", in);
  for (int i = 0; i < 64; ++i) {
    uint32_t lane1 = in[(i / 32) * 32 + 1][0];
    EXPECT_EQ(r[i][0], lane1) << i;
    EXPECT_EQ(r[i][1], i % 32 == 2 ? lane1 : 0u) << i;
  }
}

TEST(Gfx10Exec, ClauseAndPrefetchHintsAreNops) {
  auto r = run32("t10_hints_are_nops", random_lanes(14));
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(r[i][0], 3u) << i;
    EXPECT_EQ(r[i][1], 4u) << i;
  }
}

TEST(Gfx10Exec, Wave64MasksUseSgprPairs) {
  auto in = random_lanes(15);
  auto r = run64("t10w64_cmp", in);
  uint64_t gt = 0, lt = 0;
  for (int i = 0; i < 64; ++i) gt |= uint64_t(in[i][0] > in[i][1]) << i, lt |= uint64_t(in[i][0] < in[i][1]) << i;
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(r[i][0], uint32_t(gt)) << i;
    EXPECT_EQ(r[i][1], uint32_t(gt >> 32)) << i;
    EXPECT_EQ(r[i][2], uint32_t(lt >> 32)) << i;
    EXPECT_EQ(r[i][3], in[40][0]) << i;  // the upper half's lanes exist in wave64
  }
}

TEST(Gfx10Exec, Wave64SaveexecAndCmpx) {
  auto in = random_lanes(16);
  auto r = run64("t10w64_saveexec_cmpx", in);
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(r[i][0], i > 3 && i < 40 ? 1u : 0u) << i;
    EXPECT_EQ(r[i][1], 0xFFFFFFFFu) << i;  // v_cmpx left VCC as the v_cmp wrote it
    EXPECT_EQ(r[i][2], 0xFFu) << i;
    EXPECT_EQ(r[i][3], uint64_t(in[i][0]) + in[i][1] > 0xFFFFFFFFu ? 1u : 0u) << i;
  }
}

// WGP mode (RSRC1[29]) gives a workgroup at most 64 KiB of LDS, as CU mode does; more is a dispatch no wave can
// be created for.
TEST(Gfx10Exec, WgpModeLdsLimit) {
  ShaderFile s = ShaderFile::load("ops_gfx10");
  GpuMemory mem;
  uint64_t code = upload_code(mem, s.text), in = mem.alloc(64 * 32), out = mem.alloc(64 * 16);
  DispatchParams p;
  p.gfx_level = spec::GfxLevel::Gfx10_3;
  p.wave32 = true;
  p.code_va = code + s.symbols.at("t10_hints_are_nops");
  p.rsrc1 = rsrc1(32) | 1u << 29;
  p.user_data = {uint32_t(in), uint32_t(in >> 32), uint32_t(out), uint32_t(out >> 32)};
  p.workgroup_size = {64, 1, 1};
  p.rsrc2 = rsrc2(4, false, 0, 64 * 1024);
  EXPECT_EQ(run_grid(mem.vm(), p, {1, 1, 1}).status, WorkgroupStatus::Completed);
  EXPECT_EQ(mem.ptr<uint32_t>(out)[16 * 63 / 4 + 1], 4u);
  p.rsrc2 = rsrc2(4, false, 0, 64 * 1024 + 512);
  EXPECT_EQ(run_grid(mem.vm(), p, {1, 1, 1}).status, WorkgroupStatus::InvalidDispatch);
}

}  // namespace
}  // namespace sporkle::sim::isa::test
