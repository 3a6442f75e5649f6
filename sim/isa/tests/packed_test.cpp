// VOP3P: packed 16-bit integer and f16 operations with OP_SEL / OP_SEL_HI / NEG_LO / NEG_HI and CLAMP, and the
// mixed-precision multiply-adds, on gfx900 (wave64) and gfx1030 (wave32). f16 results are checked against exact
// arithmetic: f16 values are integers times 2^-24, so sums and products are formed exactly in 128-bit integers
// and rounded once to nearest even.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "ops_runner.h"
#include "sim/isa/float.h"

namespace sporkle::sim::isa::test {
namespace {

struct Target {
  const char* file;
  spec::GfxLevel gfx;
  bool wave32;
};
constexpr Target kGfx9{"pk", spec::GfxLevel::Gfx9, false}, kGfx10{"pk_gfx10", spec::GfxLevel::Gfx10_3, true};
void PrintTo(const Target& t, std::ostream* os) { *os << t.file; }

class Packed : public ::testing::TestWithParam<Target> {
 protected:
  std::vector<LaneOut> run(const char* symbol, const std::vector<LaneIn>& in, uint32_t float_mode = 0xF0) {
    const Target& t = GetParam();
    return run_shader(t.file, symbol, in, 64, {.float_mode = float_mode, .gfx = t.gfx, .wave32 = t.wave32});
  }
};

uint16_t lo16(uint32_t v) { return uint16_t(v); }
uint16_t hi16(uint32_t v) { return uint16_t(v >> 16); }
uint16_t half_of(uint32_t v, bool high) { return high ? hi16(v) : lo16(v); }
uint32_t pack(uint32_t lo, uint32_t hi) { return (lo & 0xFFFF) | hi << 16; }
int32_t s16(uint32_t v) { return int16_t(uint16_t(v)); }

std::vector<LaneIn> random_lanes(uint32_t seed) {
  std::vector<LaneIn> v(64);
  uint32_t x = seed;
  for (auto& l : v)
    for (auto& d : l) x = x * 1664525u + 1013904223u, d = x;
  v[0] = {0xFFFF0000, 0x0001FFFF, 0x7FFF8000, 0, 0, 0, 0, 0};
  v[1] = {0x80007FFF, 0x80007FFF, 0xFFFFFFFF, 0, 0, 0, 0, 0};
  v[2] = {0x000F0010, 0x00110001, 0x00030004, 0, 0, 0, 0, 0};
  return v;
}

TEST_P(Packed, AddSubWithOpSelAndClamp) {
  auto in = random_lanes(1);
  auto r = run("pk_add_u16", in);
  auto r2 = run("pk_add_i16", in);
  for (int i = 0; i < 64; ++i) {
    const uint32_t a = in[i][0], b = in[i][1];
    EXPECT_EQ(r[i][0], pack(lo16(a) + lo16(b), hi16(a) + hi16(b))) << i;
    EXPECT_EQ(r[i][1], pack(std::min(lo16(a) + lo16(b), 0xFFFF), std::min(hi16(a) + hi16(b), 0xFFFF))) << i;
    EXPECT_EQ(r[i][2], pack(hi16(a) + lo16(b), lo16(a) + hi16(b))) << "op_sel:[1,0] op_sel_hi:[0,1], lane " << i;
    EXPECT_EQ(r[i][3], pack(lo16(a) + 0xFFFF, hi16(a) + 0xFFFF)) << "-1 is 0xFFFFFFFF, lane " << i;
    auto sat = [](int32_t v) { return uint32_t(std::clamp(v, -32768, 32767)); };
    EXPECT_EQ(r2[i][0], pack(s16(a) - s16(b), s16(hi16(a)) - s16(hi16(b)))) << i;
    EXPECT_EQ(r2[i][1], pack(sat(s16(a) - s16(b)), sat(s16(hi16(a)) - s16(hi16(b))))) << i;
    EXPECT_EQ(r2[i][2], pack(sat(s16(a) + s16(hi16(b))), sat(s16(hi16(a)) + s16(b)))) << i;
    EXPECT_EQ(r2[i][3], pack(lo16(a) + 5, hi16(a))) << "an inline integer has a zero high half, lane " << i;
  }
}

TEST_P(Packed, MadMulShiftMinMax) {
  auto in = random_lanes(2);
  for (int i = 3; i < 64; i += 2) in[i][1] &= 0x000F000F;  // small shift counts, as well as large ones
  auto r = run("pk_mad", in);
  auto sh = run("pk_shift", in);
  auto mm = run("pk_minmax_int", in);
  for (int i = 0; i < 64; ++i) {
    const uint32_t a = in[i][0], b = in[i][1], c = in[i][2];
    EXPECT_EQ(r[i][0], pack(uint32_t(lo16(a)) * lo16(b) + lo16(c), uint32_t(hi16(a)) * hi16(b) + hi16(c))) << i;
    auto sat = [](int64_t v) { return uint32_t(std::clamp<int64_t>(v, -32768, 32767)); };
    EXPECT_EQ(r[i][1], pack(sat(int64_t(s16(a)) * s16(b) + s16(c)),
                            sat(int64_t(s16(hi16(a))) * s16(hi16(b)) + s16(hi16(c))))) << i;
    EXPECT_EQ(r[i][2], pack(uint32_t(lo16(a)) * lo16(b), uint32_t(lo16(a)) * lo16(b))) << "op_sel_hi:[0,0], lane " << i;
    const uint32_t hh = std::min<uint64_t>(uint64_t(hi16(a)) * hi16(b) + hi16(c), 0xFFFF);
    EXPECT_EQ(r[i][3], pack(hh, hh)) << "op_sel:[1,1,1] clamp, lane " << i;
    EXPECT_EQ(sh[i][0], pack(lo16(b) << (a & 15), hi16(b) << (hi16(a) & 15))) << i;
    EXPECT_EQ(sh[i][1], pack(lo16(b) >> (a & 15), hi16(b) >> (hi16(a) & 15))) << i;
    EXPECT_EQ(sh[i][2], pack(s16(b) >> (a & 15), s16(hi16(b)) >> (hi16(a) & 15))) << i;
    EXPECT_EQ(sh[i][3], pack(s16(b) >> (hi16(a) & 15), s16(hi16(b)) >> (a & 15))) << i;
    EXPECT_EQ(mm[i][0], pack(std::max(s16(a), s16(b)), std::max(s16(hi16(a)), s16(hi16(b))))) << i;
    EXPECT_EQ(mm[i][1], pack(std::min(s16(a), s16(b)), std::min(s16(hi16(a)), s16(hi16(b))))) << i;
    EXPECT_EQ(mm[i][2], pack(std::max(lo16(a), lo16(b)), std::max(hi16(a), hi16(b)))) << i;
    const uint32_t mh = std::min(hi16(a), hi16(b));
    EXPECT_EQ(mm[i][3], pack(mh, mh)) << i;
  }
}

// f16 value as n * 2^-24 (finite inputs).
__int128 f16_units(uint16_t h) {
  const int e = (h >> 10) & 0x1F, m = h & 0x3FF;
  const __int128 n = e ? __int128(1024 + m) << (e - 1) : m;
  return (h & 0x8000) ? -n : n;
}
// n * 2^-48 rounded to nearest even as f16 (n != 0).
uint16_t round_units48(__int128 n) {
  const uint16_t sign = n < 0 ? 0x8000 : 0;
  unsigned __int128 m = n < 0 ? -n : n;
  int msb = 127;
  while (!((m >> msb) & 1)) --msb;
  const int k = std::max(msb - 34, 0);  // the result's ulp is 2^(k - 24)
  const int shift = k + 24;
  unsigned __int128 q = m >> shift, rem = m - (q << shift), half = (unsigned __int128)1 << (shift - 1);
  if (rem > half || (rem == half && (q & 1))) ++q;
  const unsigned __int128 bits = (unsigned __int128)k * 1024 + q;
  return sign | uint16_t(bits >= 0x7C00 ? 0x7C00 : uint32_t(bits));
}
bool is_nan16(uint16_t h) { return (h & 0x7C00) == 0x7C00 && (h & 0x3FF); }
bool finite16(uint16_t h) { return (h & 0x7C00) != 0x7C00; }

// a * b + c in f16 with one rounding (NaN: any NaN).
uint16_t fma16(uint16_t a, uint16_t b, uint16_t c) {
  const double d = std::fma(double(f16_to_f32(a)), double(f16_to_f32(b)), double(f16_to_f32(c)));
  if (!finite16(a) || !finite16(b) || !finite16(c) || d == 0) return f64_to_f16(d);
  return round_units48(f16_units(a) * f16_units(b) + (f16_units(c) << 24));
}
uint16_t add16(uint16_t a, uint16_t b) { return fma16(a, 0x3C00, b); }
uint16_t mul16(uint16_t a, uint16_t b) { return fma16(a, b, 0x8000); }

constexpr uint16_t kEdges[] = {0x0000, 0x8000, 0x0001, 0x03FF, 0x8201, 0x0400, 0x3C00, 0xBC00, 0x7BFF, 0xFBFF,
                               0x7C00, 0xFC00, 0x7E00, 0x7C01, 0x3555, 0x1400, 0x5A00, 0xC7FF};

std::vector<LaneIn> f16_lanes(uint32_t seed) {
  std::vector<LaneIn> v(64);
  uint32_t x = seed;
  auto next = [&] { return x = x * 1664525u + 1013904223u; };
  constexpr int n = sizeof kEdges / sizeof kEdges[0];
  for (int i = 0; i < 64; ++i)
    for (int k = 0; k < 8; ++k) {
      uint32_t r1 = next(), r2 = next();
      uint16_t h1 = r1 % 3 ? uint16_t(r1 >> 8) : kEdges[(r1 >> 8) % n];
      uint16_t h2 = r2 % 3 ? uint16_t(r2 >> 8) : kEdges[(r2 >> 8) % n];
      v[i][k] = pack(h1, h2);
    }
  return v;
}

void expect_f16(uint16_t got, uint16_t want, const char* what, int lane) {
  if (is_nan16(want)) EXPECT_TRUE(is_nan16(got)) << what << " lane " << lane << std::hex << " got 0x" << got;
  else EXPECT_EQ(got, want) << what << " lane " << lane << std::hex << " want 0x" << want << " got 0x" << got;
}

uint16_t clamp16(uint16_t h) {
  if (is_nan16(h)) return 0;
  const float f = f16_to_f32(h);
  return f < 0 ? 0 : f > 1 ? 0x3C00 : (h == 0x8000 ? 0 : h);
}

TEST_P(Packed, F16AddMulFmaAreCorrectlyRounded) {
  auto in = f16_lanes(3);
  auto add = run("pk_add_f16", in);
  auto mul = run("pk_mul_fma_f16", in);
  for (int i = 0; i < 64; ++i) {
    const uint32_t a = in[i][0], b = in[i][1], c = in[i][2];
    expect_f16(lo16(add[i][0]), add16(lo16(a), lo16(b)), "add lo", i);
    expect_f16(hi16(add[i][0]), add16(hi16(a), hi16(b)), "add hi", i);
    expect_f16(lo16(add[i][1]), add16(lo16(a) ^ 0x8000, lo16(b)), "neg_lo", i);
    expect_f16(hi16(add[i][1]), add16(hi16(a), hi16(b) ^ 0x8000), "neg_hi", i);
    expect_f16(lo16(add[i][2]), clamp16(add16(hi16(a), hi16(b))), "op_sel:[1,1] clamp", i);
    expect_f16(hi16(add[i][2]), clamp16(add16(lo16(a), lo16(b))), "op_sel_hi:[0,0] clamp", i);
    expect_f16(lo16(add[i][3]), add16(lo16(a), 0x3C00), "inline 1.0 lo", i);
    expect_f16(hi16(add[i][3]), add16(hi16(a), 0x0000), "inline 1.0 has a zero high half", i);
    expect_f16(lo16(mul[i][0]), mul16(lo16(a), lo16(b)), "mul lo", i);
    expect_f16(hi16(mul[i][0]), mul16(hi16(a), hi16(b)), "mul hi", i);
    expect_f16(lo16(mul[i][1]), fma16(lo16(a), lo16(b), lo16(c)), "fma lo", i);
    expect_f16(hi16(mul[i][1]), fma16(hi16(a), hi16(b), hi16(c)), "fma hi", i);
    expect_f16(lo16(mul[i][2]), fma16(lo16(a), hi16(b), lo16(c) ^ 0x8000), "fma op_sel neg_lo", i);
    expect_f16(hi16(mul[i][2]), fma16(hi16(a) ^ 0x8000, hi16(b), hi16(c)), "fma neg_hi", i);
    expect_f16(lo16(mul[i][3]), mul16(lo16(a), 0xC000), "scalar lo half", i);
    expect_f16(hi16(mul[i][3]), mul16(hi16(a), 0xC000), "op_sel_hi:0 takes the scalar's low half", i);
  }
}

// Products that land exactly half-way between f16 values plus a tiny addend: one rounding, not two.
TEST_P(Packed, FmaRoundsOnce) {
  std::vector<LaneIn> in(64);
  for (int i = 0; i < 64; ++i) {
    const uint16_t a = uint16_t(0x3C01 + i), b = 0x3C01, c = uint16_t(i & 1 ? 0x0001 : 0x8001);
    in[i][0] = pack(a, a), in[i][1] = pack(b, b), in[i][2] = pack(c, c);
  }
  auto r = run("pk_mul_fma_f16", in);
  for (int i = 0; i < 64; ++i) expect_f16(lo16(r[i][1]), fma16(lo16(in[i][0]), lo16(in[i][1]), lo16(in[i][2])), "fma", i);
}

bool is_snan16(uint16_t h) { return is_nan16(h) && !(h & 0x200); }
float val16(uint16_t h) { return f16_to_f32(h); }

// IEEE mode: a signalling NaN wins (quietened), a quiet NaN loses to a number, -0 < +0.
void expect_minmax(uint16_t got, uint16_t a, uint16_t b, bool max, int lane) {
  if (is_snan16(a) || is_snan16(b) || (is_nan16(a) && is_nan16(b))) {
    EXPECT_TRUE(is_nan16(got) && !is_snan16(got)) << lane;
  } else if (is_nan16(a) || is_nan16(b)) {
    EXPECT_EQ(got, is_nan16(a) ? b : a) << lane;
  } else if (val16(a) == val16(b)) {
    EXPECT_EQ(got, (max ? (a & 0x8000) ? b : a : (a & 0x8000) ? a : b)) << lane;
  } else {
    EXPECT_EQ(got, (val16(a) < val16(b)) != max ? a : b) << lane;
  }
}

TEST_P(Packed, F16MinMax) {
  auto in = f16_lanes(4);
  auto r = run("pk_minmax_f16", in);
  for (int i = 0; i < 64; ++i) {
    const uint32_t a = in[i][0], b = in[i][1];
    for (int h = 0; h < 2; ++h) {
      expect_minmax(half_of(r[i][0], h), half_of(a, h), half_of(b, h), false, i);
      expect_minmax(half_of(r[i][1], h), half_of(a, h), half_of(b, h), true, i);
      expect_minmax(half_of(r[i][2], h), half_of(a, !h), half_of(b, h), false, i);
      expect_minmax(half_of(r[i][3], h), half_of(a, h) ^ 0x8000, half_of(b, h) ^ 0x8000, true, i);
    }
  }
}

// MODE.FP_DENORM for f16 = 0: denormal inputs and results are flushed to signed zero.
TEST_P(Packed, F16DenormalsFlushPerMode) {
  std::vector<LaneIn> in(64);
  for (int i = 0; i < 64; ++i) in[i][0] = pack(0x0001 + i, 0x83FF), in[i][1] = pack(0x0400, 0x8000 | (0x0400 - i));
  auto r = run("pk_add_f16", in, 0x30);
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(lo16(r[i][0]), 0x0400) << "denormal input read as +0, lane " << i;
    const uint16_t hi = add16(0x8000, uint16_t(0x8000 | (0x0400 - i)));
    EXPECT_EQ(hi16(r[i][0]), i == 0 ? 0x8400 : 0x8000) << "denormal result flushed, lane " << i << " " << hi;
  }
}

// f16 inputs in [2^-6, 2^6] (so the same registers read as f32 are normal numbers too).
std::vector<LaneIn> mix_lanes(uint32_t seed) {
  std::vector<LaneIn> v(64);
  uint32_t x = seed;
  for (auto& l : v)
    for (auto& d : l) {
      uint16_t h[2];
      for (auto& e : h) x = x * 1664525u + 1013904223u, e = uint16_t(((x >> 20) & 0x8000) | (0x2400 + (x >> 8) % 0x3000));
      d = pack(h[0], h[1]);
    }
  return v;
}

TEST_P(Packed, MixedPrecisionMultiplyAdd) {
  const bool gfx9 = GetParam().gfx == spec::GfxLevel::Gfx9;
  auto in = mix_lanes(5);
  auto r = run("pk_mix", in);
  for (int i = 0; i < 64; ++i) {
    const uint32_t a = in[i][0], b = in[i][1], c = in[i][2], old = in[i][3];
    const float fa = u2f(a), fb = u2f(b), fc = u2f(c);
    volatile float product = fa * fb;  // v_mad_mix rounds the product (gfx9); v_fma_mix does not
    EXPECT_EQ(r[i][0], f2u(gfx9 ? product + fc : std::fma(fa, fb, fc))) << i;
    const float m = std::fabs(f16_to_f32(hi16(a))) * -f16_to_f32(lo16(b));  // exact
    EXPECT_EQ(r[i][1], f2u(m + fc)) << i;
    EXPECT_EQ(r[i][2], pack(fma16(lo16(a), lo16(b), lo16(c)), hi16(old))) << i;
    EXPECT_EQ(r[i][3], pack(lo16(old), clamp16(fma16(lo16(a), hi16(b), hi16(c))))) << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Targets, Packed, ::testing::Values(kGfx9, kGfx10),
                         [](const auto& i) { return std::string(i.param.file); });

TEST(PackedGfx10, PkFmacUsesHighHalvesForTheHighResult) {
  auto in = f16_lanes(6);
  auto r = run_shader("pk_gfx10", "pk_fmac_f16", in, 64, {.gfx = spec::GfxLevel::Gfx10_3, .wave32 = true});
  for (int i = 0; i < 64; ++i) {
    const uint32_t a = in[i][0], b = in[i][1], c = in[i][2];
    expect_f16(lo16(r[i][0]), fma16(lo16(a), lo16(b), lo16(c)), "lo", i);
    expect_f16(hi16(r[i][0]), fma16(hi16(a), hi16(b), hi16(c)), "hi", i);
  }
}

}  // namespace
}  // namespace sporkle::sim::isa::test
