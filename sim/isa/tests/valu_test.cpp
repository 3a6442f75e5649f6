// Per-instruction VALU tests: each runs one operation over 64 lanes of edge values (ops.s) and compares with
// the same computation on the host or with values from the ISA definition.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "ops_runner.h"

namespace sporkle::sim::isa::test {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr uint32_t kSNaN = 0x7F800001;
constexpr uint32_t kDenorm = 0x00000003;  // 3 * 2^-149
constexpr uint32_t kDenorm2 = 0x807FFFFF;

std::vector<LaneIn> pairs_f32(const std::vector<std::pair<float, float>>& v) {
  std::vector<LaneIn> lanes;
  for (auto [a, b] : v) lanes.push_back({f2u(a), f2u(b)});
  return lanes;
}

void expect_same_f32(uint32_t got, float want, const std::string& what) {
  if (std::isnan(want)) EXPECT_TRUE(std::isnan(u2f(got))) << what;
  else EXPECT_EQ(got, f2u(want)) << what << ": got " << u2f(got) << " want " << want;
}

const std::vector<std::pair<float, float>> kEdgePairs = {
    {1.0f, 2.0f},      {kNaN, 1.0f},         {1.0f, kNaN},      {kInf, -kInf},    {kInf, 1.0f},
    {-0.0f, 0.0f},     {-0.0f, -0.0f},       {3.4e38f, 3.4e38f}, {-3.4e38f, 2.0f}, {1e-30f, 1e-30f},
    {1.5f, -2.25f},    {0.1f, 0.2f},         {1e20f, 1e-20f},   {-7.0f, 0.0f},    {16777216.0f, 1.0f},
    {u2f(kDenorm), u2f(kDenorm)}, {u2f(kDenorm2), 1e-38f}, {1.17549435e-38f, -1.1754942e-38f},
};

TEST(Valu, F32ArithmeticMatchesIeeeOnTheHost) {
  auto lanes = pairs_f32(kEdgePairs);
  auto add = run_op("t_add_f32", lanes), mul = run_op("t_mul_f32", lanes), sub = run_op("t_sub_f32", lanes);
  for (size_t i = 0; i < kEdgePairs.size(); ++i) {
    auto [a, b] = kEdgePairs[i];
    expect_same_f32(add[i][0], a + b, "add lane " + std::to_string(i));
    expect_same_f32(mul[i][0], a * b, "mul lane " + std::to_string(i));
    expect_same_f32(sub[i][0], a - b, "sub lane " + std::to_string(i));
  }
}

TEST(Valu, F32DenormalsFlushWhenModeSaysSo) {
  auto lanes = pairs_f32({{u2f(kDenorm), u2f(kDenorm)}, {u2f(kDenorm2), 0.0f}, {u2f(0x00800001), -u2f(0x00800000)}});
  auto keep = run_op("t_add_f32", lanes, {0xF0});
  auto flush = run_op("t_add_f32", lanes, {0xC0});  // f32 denormals off, f64/f16 on (what IGT uses)
  EXPECT_EQ(keep[0][0], 6u);
  EXPECT_EQ(flush[0][0], 0u);
  EXPECT_EQ(keep[1][0], kDenorm2);
  EXPECT_EQ(flush[1][0], 0u);  // flushed to -0, and -0 + +0 is +0
  EXPECT_EQ(keep[2][0], 1u);
  EXPECT_EQ(flush[2][0], 0u);  // a normal minus a normal giving a denormal flushes on output
}

TEST(Valu, MinMaxFollowIeeeModeNanAndSignedZeroRules) {
  std::vector<LaneIn> lanes = {{f2u(kNaN), f2u(1.0f)}, {kSNaN, f2u(1.0f)}, {f2u(-0.0f), f2u(0.0f)},
                               {f2u(0.0f), f2u(-0.0f)}, {f2u(-kInf), f2u(3.0f)}};
  auto mn = run_op("t_min_f32", lanes), mx = run_op("t_max_f32", lanes);
  EXPECT_EQ(mn[0][0], f2u(1.0f));  // a quiet NaN loses
  EXPECT_TRUE(std::isnan(u2f(mn[1][0])));  // a signalling NaN wins in IEEE mode, quietened
  EXPECT_EQ(mn[1][0] & 0x00400000u, 0x00400000u);
  EXPECT_EQ(mn[2][0], f2u(-0.0f));
  EXPECT_EQ(mn[3][0], f2u(-0.0f));
  EXPECT_EQ(mx[2][0], f2u(0.0f));
  EXPECT_EQ(mx[3][0], f2u(0.0f));
  EXPECT_EQ(mn[4][0], f2u(-kInf));
  EXPECT_EQ(mx[4][0], f2u(3.0f));
  auto mn_dx10 = run_op("t_min_f32", lanes, {0xF0, false});
  EXPECT_EQ(mn_dx10[1][0], f2u(1.0f));  // without IEEE mode a signalling NaN loses too
}

TEST(Valu, FmaIsFusedAndMacRoundsTheProduct) {
  float a = 1.0f + 0x1p-12f, c = -(1.0f + 0x1p-11f);
  std::vector<LaneIn> lanes = {{f2u(a), f2u(a), f2u(c)}, {f2u(2.0f), f2u(3.0f), f2u(4.0f)}};
  auto fma = run_op("t_fma_f32", lanes), mac = run_op("t_mac_f32", lanes);
  EXPECT_EQ(fma[0][0], f2u(0x1p-24f));
  EXPECT_EQ(mac[0][0], f2u(0.0f));
  EXPECT_EQ(fma[1][0], f2u(10.0f));
  EXPECT_EQ(mac[1][0], f2u(10.0f));
}

TEST(Valu, Vop3InputAndOutputModifiers) {
  auto r = run_op("t_vop3_modifiers", pairs_f32({{2.0f, -3.0f}, {-0.25f, 0.5f}, {kNaN, 1.0f}}));
  EXPECT_EQ(r[0][0], f2u(-2.0f + 3.0f));  // -v2 + |v3|
  EXPECT_EQ(r[0][1], f2u(0.0f));          // clamp(-6)
  EXPECT_EQ(r[0][2], f2u(-2.0f));         // (2 - 3) * 2
  EXPECT_EQ(r[0][3], f2u(-0.5f));         // (2 - 3) / 2
  EXPECT_EQ(r[1][1], f2u(0.0f));          // clamp(-0.125)
  EXPECT_EQ(r[1][0], f2u(0.25f + 0.5f));
  EXPECT_EQ(r[2][1], f2u(0.0f));          // clamp(NaN) = 0
}

TEST(Valu, InlineConstantsAndLiterals) {
  auto r = run_op("t_constants", {{f2u(1.0f)}, {5}});
  EXPECT_EQ(r[0][0], f2u(1.5f));                 // 0.5 as f32
  EXPECT_EQ(r[1][1], 5u - 16u);                  // -16 as an integer
  EXPECT_EQ(r[0][2], f2u(3.14159274f * 1.0f));   // literal 0x40490fdb
  EXPECT_EQ(r[1][3], 69u);                       // 64
  EXPECT_EQ(r[0][1], f2u(1.0f) - 16u);
  auto d = run_op("t_f64_constant", {{lo(d2u(2.5)), hi(d2u(2.5))}});
  EXPECT_EQ(uint64_t(d[0][0]) | uint64_t(d[0][1]) << 32, d2u(3.5));   // 1.0 as f64
  EXPECT_EQ(uint64_t(d[0][2]) | uint64_t(d[0][3]) << 32, d2u(-10.0));  // -4.0 as f64
}

TEST(Valu, TranscendentalEdgeValues) {
  auto r = run_op("t_rcp_sqrt_f32", {{f2u(2.0f)}, {f2u(0.0f)}, {f2u(-0.0f)}, {f2u(4.0f)}, {f2u(-1.0f)}, {f2u(kInf)}, {f2u(8.0f)}});
  EXPECT_EQ(r[0][0], f2u(0.5f));
  EXPECT_EQ(r[1][0], f2u(kInf));
  EXPECT_EQ(r[2][0], f2u(-kInf));
  EXPECT_EQ(r[3][1], f2u(2.0f));
  EXPECT_TRUE(std::isnan(u2f(r[4][1])));
  EXPECT_EQ(r[3][2], f2u(0.5f));
  EXPECT_EQ(r[5][0], f2u(0.0f));
  EXPECT_EQ(r[6][3], f2u(0.5f));  // frexp mantissa of 8
}

TEST(Valu, RoundingOperations) {
  std::vector<float> v = {-1.5f, 2.5f, -0.5f, 3.7f, -3.7f, 1e30f, -0.0f};
  std::vector<LaneIn> lanes;
  for (float f : v) lanes.push_back({f2u(f)});
  auto r = run_op("t_round_f32", lanes);
  for (size_t i = 0; i < v.size(); ++i) {
    EXPECT_EQ(r[i][0], f2u(std::floor(v[i]))) << v[i];
    EXPECT_EQ(r[i][1], f2u(std::trunc(v[i]))) << v[i];
    EXPECT_EQ(r[i][2], f2u(std::nearbyint(v[i]))) << v[i];
  }
  EXPECT_EQ(r[0][3], f2u(0.5f));   // fract(-1.5)
  EXPECT_EQ(r[3][3], f2u(3.7f - 3.0f));
}

TEST(Valu, ConversionsSaturateAndMapNanToZero) {
  std::vector<LaneIn> lanes = {{f2u(kNaN), uint32_t(-5)}, {f2u(3e9f), 0xFFFFFFFFu}, {f2u(-3e9f), 7},
                               {f2u(-1.7f), 0x80000000u}, {f2u(5e9f), 16777217}};
  auto r = run_op("t_cvt_f32", lanes);
  EXPECT_EQ(r[0][0], 0u);
  EXPECT_EQ(r[0][1], 0u);
  EXPECT_EQ(r[1][0], 0x7FFFFFFFu);
  EXPECT_EQ(r[1][1], 3000000000u);
  EXPECT_EQ(r[2][0], 0x80000000u);
  EXPECT_EQ(r[2][1], 0u);
  EXPECT_EQ(r[3][0], uint32_t(-1));
  EXPECT_EQ(r[3][1], 0u);
  EXPECT_EQ(r[4][1], 0xFFFFFFFFu);
  EXPECT_EQ(r[0][2], f2u(-5.0f));
  EXPECT_EQ(r[1][3], f2u(4294967296.0f));
  EXPECT_EQ(r[3][2], f2u(-2147483648.0f));
  EXPECT_EQ(r[4][3], f2u(16777216.0f));  // rounds to nearest even
}

TEST(Valu, HalfPrecision) {
  // v6 = f16(v2), v7 = f32(f16 v3), v8 = v3 + v4 (f16), v9 = fma(v3, v4, v5) (f16)
  std::vector<LaneIn> lanes = {{f2u(1.0f), 0x3C00, 0x4000, 0x3800},       // 1, 2, 0.5
                               {f2u(65520.0f), 0x7BFF, 0x7BFF, 0xFBFF},   // overflow to inf; max + max
                               {f2u(1e-8f), 0x0001, 0x0001, 0x0000},      // denormals
                               {f2u(kNaN), 0x7E00, 0x3C00, 0x3C00}};
  auto r = run_op("t_cvt_f16", lanes);
  EXPECT_EQ(r[0][0], 0x3C00u);
  EXPECT_EQ(r[0][1], f2u(1.0f));
  EXPECT_EQ(r[0][2], 0x4200u);  // 1 + 2 = 3
  EXPECT_EQ(r[0][3], 0x4100u);  // 1 * 2 + 0.5 = 2.5
  EXPECT_EQ(r[1][0], 0x7C00u);
  EXPECT_EQ(r[1][2], 0x7C00u);
  EXPECT_EQ(r[1][3], 0x7C00u);  // max * max - max overflows
  EXPECT_EQ(r[2][0], 0x0000u);  // 1e-8 is below the smallest f16 denormal (6e-8) -> rounds to 0
  EXPECT_EQ(r[2][1], f2u(0x1p-24f));
  EXPECT_EQ(r[2][2], 0x0002u);
  EXPECT_EQ((r[3][0] & 0x7C00u), 0x7C00u);
  EXPECT_NE((r[3][0] & 0x03FFu), 0u);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(r[i][0] >> 16, 0u) << "gfx9 zeroes the high half of 16-bit results";
}

TEST(Valu, DivisionSequencesAreCorrectlyRounded) {
  std::vector<std::pair<float, float>> cases = {
      {1.0f, 3.0f},     {10.0f, 7.0f},       {-5.5f, 2.0f},        {1e38f, 1e-3f},      {1e-38f, 1e10f},
      {3e-39f, 3.0f},   {1.0f, 3e-39f},      {6e37f, 1e-37f},      {0.0f, 5.0f},        {5.0f, 0.0f},
      {0.0f, 0.0f},     {kInf, 2.0f},        {2.0f, kInf},         {kNaN, 1.0f},        {-1.0f, -0.0f},
      {1.17549435e-38f, 0.5f}, {3.0f, 1.5e38f}, {123456.789f, 0.001f}, {7.0f, 1e30f}, {1e-40f, 1e-40f}};
  auto r = run_op("t_fdiv_f32", pairs_f32(cases));
  for (size_t i = 0; i < cases.size(); ++i) {
    auto [a, b] = cases[i];
    expect_same_f32(r[i][0], a / b, std::to_string(a) + " / " + std::to_string(b));
  }
  std::vector<std::pair<double, double>> dcases = {{1.0, 3.0},     {1e300, 1e-10}, {1e-300, 1e20}, {5e-320, 3.0},
                                                   {1.0, 5e-320}, {0.0, 2.0},     {2.0, 0.0},     {-7.25, 0.5},
                                                   {1e308, 0.1},  {2.0, std::numeric_limits<double>::infinity()}};
  std::vector<LaneIn> dl;
  for (auto [a, b] : dcases) dl.push_back({lo(d2u(a)), hi(d2u(a)), lo(d2u(b)), hi(d2u(b))});
  auto d = run_op("t_fdiv_f64", dl);
  for (size_t i = 0; i < dcases.size(); ++i) {
    auto [a, b] = dcases[i];
    EXPECT_EQ(uint64_t(d[i][0]) | uint64_t(d[i][1]) << 32, d2u(a / b)) << a << " / " << b;
  }
}

TEST(Valu, DoublePrecisionArithmeticAndConversions) {
  std::vector<std::array<double, 3>> v = {{1.5, 2.25, 0.5}, {1e308, 1e308, -1.0}, {0.1, 0.2, 0.3}, {-0.0, 0.0, -0.0}};
  std::vector<LaneIn> lanes;
  for (auto& x : v) lanes.push_back({lo(d2u(x[0])), hi(d2u(x[0])), lo(d2u(x[1])), hi(d2u(x[1])), 0, 0, 0, 0});
  // v[10:11] is the fma addend: bytes 16..23 of the lane record.
  for (size_t i = 0; i < v.size(); ++i) {
    lanes[i][4] = lo(d2u(v[i][2]));
    lanes[i][5] = hi(d2u(v[i][2]));
  }
  auto r = run_op("t_f64_arith", lanes);
  for (size_t i = 0; i < v.size(); ++i) {
    EXPECT_EQ(uint64_t(r[i][0]) | uint64_t(r[i][1]) << 32, d2u(v[i][0] + v[i][1]));
    EXPECT_EQ(uint64_t(r[i][2]) | uint64_t(r[i][3]) << 32, d2u(std::fma(v[i][0], v[i][1], v[i][2])));
  }
  std::vector<LaneIn> cl = {{lo(d2u(1.5e10)), hi(d2u(1.5e10)), uint32_t(-12345)}, {lo(d2u(-2.75)), hi(d2u(-2.75)), 7}};
  auto c = run_op("t_f64_convert", cl);
  EXPECT_EQ(uint64_t(c[0][0]) | uint64_t(c[0][1]) << 32, d2u(-12345.0));
  EXPECT_EQ(c[0][2], f2u(1.5e10f));
  EXPECT_EQ(c[0][3], 0x7FFFFFFFu);
  EXPECT_EQ(c[1][3], uint32_t(-2));
}

TEST(Valu, IntegerArithmeticWrapsAndClamps) {
  std::vector<LaneIn> lanes = {{0xFFFFFFFFu, 1}, {0x80000000u, 0x80000000u}, {123456789, 987654321},
                               {0xFFFFFFFFu, 0xFFFFFFFFu}, {0x01000005u, 0x00000003u}, {0xFF800000u, 2}};
  auto r = run_op("t_int_arith", lanes), r2 = run_op("t_int_arith2", lanes);
  for (size_t i = 0; i < lanes.size(); ++i) {
    uint32_t a = lanes[i][0], b = lanes[i][1];
    EXPECT_EQ(r[i][0], a + b);
    EXPECT_EQ(r[i][1], a - b);
    EXPECT_EQ(r[i][2], a * b);
    EXPECT_EQ(r[i][3], uint32_t((uint64_t(a) * b) >> 32));
    EXPECT_EQ(r2[i][0], uint32_t(uint64_t(int64_t(int32_t(a)) * int32_t(b)) >> 32));
    EXPECT_EQ(r2[i][1], (a & 0xFFFFFF) * (b & 0xFFFFFF));
    int32_t a24 = int32_t(a << 8) >> 8, b24 = int32_t(b << 8) >> 8;
    EXPECT_EQ(r2[i][2], uint32_t(int64_t(a24) * b24));
    EXPECT_EQ(r2[i][3], uint64_t(a) + b > 0xFFFFFFFFu ? 0xFFFFFFFFu : a + b);
  }
}

TEST(Valu, ShiftAmountsAreMaskedAndArithmeticShiftsKeepTheSign) {
  std::vector<LaneIn> lanes = {{0x80000001u, 1}, {0x80000001u, 31}, {0x80000001u, 33}, {0xF0F0F0F0u, 4},
                               {0x00008001u, 17}};
  auto r = run_op("t_shifts", lanes);
  for (size_t i = 0; i < lanes.size(); ++i) {
    uint32_t a = lanes[i][0], s = lanes[i][1];
    EXPECT_EQ(r[i][0], a << (s & 31));
    EXPECT_EQ(r[i][1], a >> (s & 31));
    EXPECT_EQ(r[i][2], uint32_t(int32_t(a) >> (s & 31)));
    EXPECT_EQ(r[i][3], uint32_t(uint16_t(a << (s & 15))));
  }
}

TEST(Valu, CarryChainsAcrossAllLanes) {
  std::vector<LaneIn> lanes;
  for (uint32_t i = 0; i < 64; ++i) {
    uint64_t x = 0x9E3779B97F4A7C15ull * (i + 1), y = 0xC2B2AE3D27D4EB4Full * (i + 7);
    if (i == 5) x = ~0ull, y = 1;
    if (i == 6) x = 0, y = 0;
    lanes.push_back({lo(x), lo(y), hi(x), hi(y)});
  }
  auto r = run_op("t_carry", lanes);
  for (uint32_t i = 0; i < 64; ++i) {
    uint64_t x = lanes[i][0] | uint64_t(lanes[i][2]) << 32, y = lanes[i][1] | uint64_t(lanes[i][3]) << 32;
    uint64_t sum = x + y;
    bool carry_out = sum < x;
    EXPECT_EQ(r[i][0], lo(sum)) << i;
    EXPECT_EQ(r[i][1], hi(sum)) << i;
    EXPECT_EQ(r[i][2], carry_out ? 1u : 0u) << i;
    // (a - b) then minus v4 with the first borrow.
    uint32_t a = lanes[i][0], b = lanes[i][1], c = lanes[i][2];
    EXPECT_EQ(r[i][3], a - b - c - (b > a ? 1u : 0u)) << i;
  }
}

TEST(Valu, SixtyFourBitShiftsAndMultiplyAdd) {
  std::vector<LaneIn> lanes = {{0x89ABCDEFu, 0x81234567u, 4, 0}, {1, 0, 63, 0}, {0, 0x80000000u, 65, 0}};
  auto r = run_op("t_int64", lanes);
  for (size_t i = 0; i < lanes.size(); ++i) {
    uint64_t v = lanes[i][0] | uint64_t(lanes[i][1]) << 32;
    uint32_t s = lanes[i][2] & 63;
    EXPECT_EQ(uint64_t(r[i][0]) | uint64_t(r[i][1]) << 32, v << s);
    EXPECT_EQ(uint64_t(r[i][2]) | uint64_t(r[i][3]) << 32, uint64_t(int64_t(v) >> s));
  }
  std::vector<LaneIn> m = {{0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu}, {7, 9, 5, 0}, {0xFFFFFFFFu, 2, 0, 0}};
  auto mr = run_op("t_mad64", m);
  for (size_t i = 0; i < m.size(); ++i) {
    unsigned __int128 p = (unsigned __int128)(uint64_t(m[i][0]) * m[i][1]) + (m[i][2] | uint64_t(m[i][3]) << 32);
    EXPECT_EQ(uint64_t(mr[i][0]) | uint64_t(mr[i][1]) << 32, uint64_t(p));
    EXPECT_EQ(mr[i][2], (p >> 64) ? 1u : 0u);
    EXPECT_EQ(mr[i][3], uint32_t(uint64_t(int64_t(int32_t(m[i][0])) * int32_t(m[i][1])) >> 32));
  }
}

TEST(Valu, BitFieldOperations) {
  std::vector<LaneIn> lanes = {{0xF0F0F0F0u, 4, 8}, {0x80000000u, 28, 4}, {0x12345678u, 0x9ABCDEF0u, 8},
                               {0xFFFFFFFFu, 0, 0}, {0x11223344u, 0x55667788u, 0x0C0D0004u}};
  auto r = run_op("t_bits", lanes);
  EXPECT_EQ(r[0][0], 0x0Fu);
  EXPECT_EQ(r[0][1], 0x0Fu);
  EXPECT_EQ(r[1][0], 0x8u);
  EXPECT_EQ(r[1][1], 0xFFFFFFF8u);  // sign-extended 4-bit field
  EXPECT_EQ(r[3][0], 0u);           // width 0
  EXPECT_EQ(r[2][2], uint32_t(((uint64_t(0x12345678u) << 32) | 0x9ABCDEF0u) >> 8));
  // v_perm_b32: selectors 4 (S0 byte 0), 0 (S1 byte 0), 0x0D (0xFF), 0x0C (0x00).
  EXPECT_EQ(r[4][3], 0x00FF8844u);
  auto r2 = run_op("t_bits2", {{0x00010000u, 5, 3, 9}, {0, 0, 1, 2}, {0x80000001u, 1, 7, 7}});
  EXPECT_EQ(r2[0][0], 15u);
  EXPECT_EQ(r2[1][0], 0xFFFFFFFFu);  // ffbh(0) = -1
  EXPECT_EQ(r2[2][1], 0x80000001u);
  EXPECT_EQ(r2[0][2], 1u + 5u);
  EXPECT_EQ(r2[0][3], 5u);  // med3(0x10000, 5, 3)... as signed: med3(65536, 5, 3) = 5
  EXPECT_EQ(r2[1][3], 0u);
  EXPECT_EQ(r2[2][3], 1u);
}

TEST(Valu, ThreeOperandIntegerForms) {
  auto r = run_op("t_three_op", {{3, 4, 5}, {0x01000002u, 1, 0xFFFFFFFFu}, {0xFFFFFFFFu, 31, 1}});
  EXPECT_EQ(r[0][0], (3u << 4) + 5);
  EXPECT_EQ(r[0][1], 12u);
  EXPECT_EQ(r[0][2], 7u);
  EXPECT_EQ(r[0][3], 17u);
  EXPECT_EQ(r[1][3], 2u * 1 + 0xFFFFFFFFu);  // only 24 bits of each factor
  EXPECT_EQ(r[2][0], 0x80000000u + 1);
}

TEST(Valu, ComparesHandleNanAndClasses) {
  std::vector<LaneIn> lanes = {{f2u(1.0f), f2u(2.0f), 0x100},  {f2u(kNaN), f2u(2.0f), 0x002},
                               {f2u(-0.0f), f2u(0.0f), 0x020}, {kDenorm2, f2u(0.0f), 0x010},
                               {kSNaN, kSNaN, 0x001}};
  auto r = run_op("t_compare", lanes);
  EXPECT_EQ(r[0][0], 1u);
  EXPECT_EQ(r[1][0], 0u);  // lt with NaN is false
  EXPECT_EQ(r[1][1], 1u);  // nge with NaN is true
  EXPECT_EQ(r[2][0], 0u);  // -0 < +0 is false
  EXPECT_EQ(r[0][1], 1u);
  EXPECT_EQ(r[0][2], 0u);  // 0x3f800000 > 0x40000000 as i32: no
  EXPECT_EQ(r[2][2], 0u);  // 0x80000000 > 0 as i32: no (negative)
  for (int i = 0; i < 5; ++i) EXPECT_EQ(r[i][3], 1u) << "class lane " << i;
}

TEST(Valu, SdwaSelectsAndDestinationModes) {
  std::vector<LaneIn> lanes = {{0x8899AABBu, 0x11223344u, 0xCAFEF00Du}};
  auto r = run_op("t_sdwa", lanes);
  // BYTE_1 of v2 (0xAA) + WORD_0 of v3 (0x3344), into WORD_1 preserving v6's other half (v6 was 0).
  EXPECT_EQ(r[0][0], uint32_t((0xAAu + 0x3344u) & 0xFFFF) << 16);
  // BYTE_2 of v3 (0x22) << BYTE_0 of ... : v_lshlrev_b32 v7, v3(shift, BYTE_0 = 0x44 -> 4), v2 (BYTE_2 = 0x99)
  EXPECT_EQ(r[0][1], 0x99u << (0x44 & 31));
  EXPECT_EQ(r[0][2], 0xFFFF8899u);  // sign-extended WORD_1
  // BYTE_0 of v2 (0xBB) into BYTE_2, sign-extending above it, zero below.
  EXPECT_EQ(r[0][3], 0xFFBB0000u);
}

TEST(Valu, ExecMasksWritesIncludingTheUpperHalfOfTheWave) {
  const uint64_t exec = 0xF0F0F0F000000001ull;
  std::vector<LaneIn> lanes(64);
  lanes[0][0] = lo(exec);
  lanes[0][1] = hi(exec);
  auto r = run_op("t_exec_mask", lanes);
  uint64_t vcc = uint64_t(r[0][1]) | uint64_t(r[0][2]) << 32;
  EXPECT_EQ(vcc, exec);  // the compare is true everywhere, but only active lanes report it
  for (uint32_t i = 0; i < 64; ++i) {
    bool active = (exec >> i) & 1;
    EXPECT_EQ(r[i][0], active ? 2 * i : 0xDEADu) << i;
  }
  // v_cmpx_gt_u32 40 > lane keeps active lanes below 40: lanes 0 and 36..39.
  EXPECT_EQ(r[0][3], hi(exec & ((1ull << 40) - 1)));
}

TEST(Valu, LaneMovesAndMbcnt) {
  auto r = run_op("t_lanes", {});
  for (uint32_t i = 0; i < 64; ++i) {
    EXPECT_EQ(r[i][0], 37u);
    EXPECT_EQ(r[i][1], 0u);
    EXPECT_EQ(r[i][2], i);
    EXPECT_EQ(r[i][3], i == 3 ? 37u : 0u);
  }
}

}  // namespace
}  // namespace sporkle::sim::isa::test
