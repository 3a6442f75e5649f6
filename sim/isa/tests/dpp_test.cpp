// DPP (gfx900), DPP16 / DPP8 and v_permlane(x)16 (gfx1030, wave32 and wave64) against per-control source-lane
// rules written out on the host: rows of 16 lanes, banks of 4, out-of-range and inactive source lanes,
// BOUND_CTRL, FI, ROW_MASK / BANK_MASK, and the operations that carry a DPP dword.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "ops_runner.h"
#include "sim/isa/float.h"

namespace sporkle::sim::isa::test {
namespace {

using SourceLane = std::function<int(int)>;  // lane within the wave -> source lane, -1 when out of range

constexpr int kInactive[] = {3, 15, 16, 31, 40, 47, 48, 62};

// v2 random values, v3 the old destination, v4 != 0 for active lanes, v5 and v10.. random.
std::vector<LaneIn> dpp_lanes(uint32_t seed, bool all_active = false) {
  std::vector<LaneIn> v(64);
  uint32_t x = seed;
  for (int i = 0; i < 64; ++i) {
    for (auto& d : v[i]) x = x * 1664525u + 1013904223u, d = x;
    v[i][2] = 1;
  }
  if (!all_active)
    for (int i : kInactive) v[i][2] = 0;
  return v;
}

struct Dpp {
  SourceLane src;
  uint32_t row_mask = 0xF, bank_mask = 0xF;
};

struct Expect {
  bool write;
  bool valid;
  int src;
};

// What a lane does: written or not, and from which source, per the DPP rules.
Expect dpp_lane(const std::vector<LaneIn>& in, int base, int l, const Dpp& d, bool bound, bool fi) {
  const bool active = in[base + l][2] != 0;
  const int s = d.src(l);
  const bool valid = s >= 0 && (fi || in[base + s][2] != 0);
  const bool masked = ((d.row_mask >> (l / 16)) & 1) && ((d.bank_mask >> ((l % 16) / 4)) & 1);
  return {active && masked && (valid || bound), valid, s};
}

uint32_t moved(const std::vector<LaneIn>& in, int base, const Expect& e) { return e.valid ? in[base + e.src][0] : 0; }

void check_mov(const std::vector<LaneOut>& r, const std::vector<LaneIn>& in, int wave, const Dpp& d,
               std::initializer_list<std::pair<bool, bool>> variants) {
  for (int base = 0; base < 64; base += wave) {
    for (int l = 0; l < wave; ++l) {
      int k = 0;
      for (auto [bound, fi] : variants) {
        const Expect e = dpp_lane(in, base, l, d, bound, fi);
        EXPECT_EQ(r[base + l][k], e.write ? moved(in, base, e) : in[base + l][1])
            << "lane " << base + l << " bound_ctrl " << bound << " fi " << fi;
        ++k;
      }
    }
  }
}

int quad(int l, std::array<int, 4> sel) { return l - l % 4 + sel[l % 4]; }

struct MovCase {
  const char* symbol;
  Dpp dpp;
};

void PrintTo(const MovCase& c, std::ostream* os) { *os << c.symbol; }

class Gfx9Dpp : public ::testing::TestWithParam<MovCase> {};

TEST_P(Gfx9Dpp, MovesLanesAsTheControlSays) {
  auto in = dpp_lanes(7);
  auto r = run_shader("dpp", GetParam().symbol, in, 64);
  check_mov(r, in, 64, GetParam().dpp, {{false, false}, {true, false}});
}

const MovCase kGfx9Cases[] = {
    {"d9_quad_perm", {[](int l) { return quad(l, {3, 0, 2, 1}); }}},
    {"d9_row_shl1", {[](int l) { return l % 16 + 1 < 16 ? l + 1 : -1; }}},
    {"d9_row_shl15", {[](int l) { return l % 16 == 0 ? l + 15 : -1; }}},
    {"d9_row_shr3", {[](int l) { return l % 16 >= 3 ? l - 3 : -1; }}},
    {"d9_row_ror5", {[](int l) { return l - l % 16 + (l % 16 + 11) % 16; }}},
    {"d9_wave_shl1", {[](int l) { return l < 63 ? l + 1 : -1; }}},
    {"d9_wave_rol1", {[](int l) { return (l + 1) % 64; }}},
    {"d9_wave_shr1", {[](int l) { return l - 1; }}},
    {"d9_wave_ror1", {[](int l) { return (l + 63) % 64; }}},
    {"d9_row_mirror", {[](int l) { return l - l % 16 + 15 - l % 16; }}},
    {"d9_row_half_mirror", {[](int l) { return l - l % 8 + 7 - l % 8; }}},
    {"d9_row_bcast15", {[](int l) { return l >= 16 ? l - l % 16 - 1 : -1; }, 0xA}},
    {"d9_row_bcast31", {[](int l) { return l >= 32 ? 31 : -1; }, 0xC}},
    {"d9_masks", {[](int l) { return l % 16 >= 1 ? l - 1 : -1; }, 0x9, 0x5}},
};
INSTANTIATE_TEST_SUITE_P(Controls, Gfx9Dpp, ::testing::ValuesIn(kGfx9Cases),
                         [](const auto& i) { return std::string(i.param.symbol); });

TEST(Gfx9Dpp, Vop2FloatWithModifiersAndCarryOut) {
  auto in = dpp_lanes(11);
  for (auto& l : in) l[0] = f2u(float(int32_t(l[0] % 2000) - 1000) / 8), l[3] = f2u(float(int32_t(l[3] % 999) - 500));
  auto r = run_shader("dpp", "d9_vop2", in, 64);
  const Dpp shr1{[](int l) { return l % 16 >= 1 ? l - 1 : -1; }}, shl2{[](int l) { return l % 16 + 2 < 16 ? l + 2 : -1; }};
  uint64_t vcc = 0;
  for (int l = 0; l < 64; ++l) {
    const Expect e6 = dpp_lane(in, 0, l, shr1, true, false);
    const float sum = -u2f(moved(in, 0, e6)) + std::fabs(u2f(in[l][3]));
    EXPECT_EQ(r[l][0], e6.write ? f2u(sum) : in[l][1]) << l;
    const Expect e7 = dpp_lane(in, 0, l, shl2, false, false);
    const uint64_t add = uint64_t(moved(in, 0, e7)) + in[l][3];
    EXPECT_EQ(r[l][1], e7.write ? uint32_t(add) : in[l][1]) << l;
    if (e7.write && (add >> 32)) vcc |= uint64_t(1) << l;
  }
  EXPECT_EQ(r[5][2], uint32_t(vcc)) << "VCC_LO: carries of the lanes DPP wrote, 0 elsewhere";
  EXPECT_EQ(r[5][3], uint32_t(vcc >> 32));
}

TEST(Gfx9Dpp, Vop2SixteenBitMacAndCndmask) {
  auto in = dpp_lanes(12);
  for (auto& l : in) {
    l[0] = f32_to_f16(float(int32_t(l[0] % 512) - 256) / 16) | 0xABCD0000u;
    l[3] = f32_to_f16(float(int32_t(l[3] % 512) - 256) / 4);
    for (int k = 4; k < 7; ++k) l[k] = f2u(float(int32_t(l[k] % 4000) - 2000) / 64);
  }
  auto r = run_shader("dpp", "d9_vop2_16", in, 64);
  const Dpp qp{[](int l) { return quad(l, {1, 1, 2, 2}); }}, ror15{[](int l) { return l - l % 16 + (l % 16 + 1) % 16; }},
      mirror{[](int l) { return l - l % 16 + 15 - l % 16; }};
  for (int l = 0; l < 64; ++l) {
    const Expect e6 = dpp_lane(in, 0, l, qp, false, false);
    const uint32_t sub = f32_to_f16(f16_to_f32(uint16_t(moved(in, 0, e6))) - f16_to_f32(uint16_t(in[l][3])));
    EXPECT_EQ(r[l][0], e6.write ? sub : in[l][1]) << "gfx9 zeroes the high half; lane " << l;
    const Expect e8 = dpp_lane(in, 0, l, ror15, false, false);
    const float product = u2f(e8.valid ? in[e8.src][5] : 0) * u2f(in[l][6]);
    // v8 = v10 was copied under the narrowed EXEC.
    EXPECT_EQ(r[l][2], e8.write ? f2u(product + u2f(in[l][4])) : in[l][2] ? in[l][4] : 0) << l;
    const Expect e7 = dpp_lane(in, 0, l, mirror, false, false);
    EXPECT_EQ(r[l][1], e7.write ? (in[l][2] ? in[l][3] : moved(in, 0, e7)) : in[l][1]) << l;
  }
}

// VOPC with DPP writes VCC for the lanes it enables and 0 for the others.
TEST(Gfx9Dpp, VopcWritesVccForEnabledLanes) {
  auto in = dpp_lanes(14);
  for (int i = 0; i < 64; i += 5) in[i][1] = in[(i + 63) % 64][0];  // some equal pairs
  auto r = run_shader("dpp_vopc", "d9_vopc", in, 64);
  const Dpp shr1{[](int l) { return l % 16 ? l - 1 : -1; }};
  uint64_t vcc = 0;
  for (int l = 0; l < 64; ++l) {
    const Expect e = dpp_lane(in, 0, l, shr1, false, false);
    if (e.write && moved(in, 0, e) > in[l][1]) vcc |= uint64_t(1) << l;
  }
  EXPECT_EQ(r[0][0], uint32_t(vcc));
  EXPECT_EQ(r[0][1], uint32_t(vcc >> 32));
}

// A compiled reduction's row scan: src1 names the register src0 moves.
TEST(Gfx9Dpp, RowScanThenRowBroadcasts) {
  auto in = dpp_lanes(13, true);
  for (auto& l : in) l[0] %= 100000;
  auto r = run_shader("dpp", "d9_scan", in, 64);
  uint32_t sum = 0;
  for (int l = 0; l < 64; ++l) EXPECT_EQ(r[l][0], sum += in[l][0]) << l;
}

// gfx1030: each test in wave32 (two waves) and wave64.
struct Gfx10Mode {
  const char* file;
  int wave;
};
constexpr Gfx10Mode kW32{"dpp_gfx10", 32}, kW64{"dpp_gfx10_w64", 64};
void PrintTo(const Gfx10Mode& m, std::ostream* os) { *os << "wave" << m.wave; }

std::vector<LaneOut> run10(const Gfx10Mode& m, const char* symbol, const std::vector<LaneIn>& in) {
  return run_shader(m.file, symbol, in, 64, {.gfx = spec::GfxLevel::Gfx10_3, .wave32 = m.wave == 32});
}

class Gfx10Dpp : public ::testing::TestWithParam<std::tuple<Gfx10Mode, MovCase>> {};

TEST_P(Gfx10Dpp, MovesLanesAsTheControlSays) {
  auto [mode, c] = GetParam();
  auto in = dpp_lanes(21);
  auto r = run10(mode, c.symbol, in);
  check_mov(r, in, mode.wave, c.dpp, {{false, false}, {true, false}, {false, true}, {true, true}});
}

const MovCase kGfx10Cases[] = {
    {"d10_quad_perm", {[](int l) { return quad(l, {2, 3, 0, 0}); }}},
    {"d10_row_shr4", {[](int l) { return l % 16 >= 4 ? l - 4 : -1; }}},
    {"d10_row_shl7", {[](int l) { return l % 16 + 7 < 16 ? l + 7 : -1; }}},
    {"d10_row_ror9", {[](int l) { return l - l % 16 + (l % 16 + 7) % 16; }}},
    {"d10_row_mirror", {[](int l) { return l - l % 16 + 15 - l % 16; }}},
    {"d10_row_share5", {[](int l) { return l - l % 16 + 5; }}},
    {"d10_row_xmask9", {[](int l) { return l - l % 16 + ((l % 16) ^ 9); }}},
    {"d10_masks", {[](int l) { return l - l % 16; }, 0x2, 0xA}},
};
INSTANTIATE_TEST_SUITE_P(Controls, Gfx10Dpp,
                         ::testing::Combine(::testing::Values(kW32, kW64), ::testing::ValuesIn(kGfx10Cases)),
                         [](const auto& i) {
                           return std::string(std::get<1>(i.param).symbol) + "_w" +
                                  std::to_string(std::get<0>(i.param).wave);
                         });

class Gfx10Lanes : public ::testing::TestWithParam<Gfx10Mode> {};

TEST_P(Gfx10Lanes, Dpp8InactiveSourcesReadZeroUnlessFi) {
  const Gfx10Mode m = GetParam();
  auto in = dpp_lanes(22);
  for (auto& l : in) l[3] = f2u(float(l[3] % 1000)), l[4] = f2u(float(l[4] % 1000) / 4);
  auto r = run10(m, "d10_dpp8", in);
  const int sel6[8] = {7, 6, 5, 4, 3, 2, 1, 0}, sel7[8] = {1, 1, 0, 7, 2, 6, 5, 3}, sel8[8] = {3, 3, 3, 3, 0, 0, 0, 0};
  for (int i = 0; i < 64; ++i) {
    const int g = i - i % 8;
    auto src = [&](const int* sel) { return g + sel[i % 8]; };
    const bool active = in[i][2] != 0;
    EXPECT_EQ(r[i][0], active ? (in[src(sel6)][2] ? in[src(sel6)][0] : 0) : in[i][1]) << i;
    EXPECT_EQ(r[i][1], active ? in[src(sel7)][0] : in[i][1]) << i;
    const float a = in[src(sel8)][2] ? u2f(in[src(sel8)][3]) : 0.0f;
    EXPECT_EQ(r[i][2], active ? f2u(a + u2f(in[i][4])) : in[i][1]) << i;
  }
}

struct PermCase {
  const char* symbol;
  bool cross, fi, bound;
};

TEST_P(Gfx10Lanes, Permlane16AndX16) {
  const Gfx10Mode m = GetParam();
  for (PermCase c : {PermCase{"d10_permlane16", false, false, false}, {"d10_permlane16_fi", false, true, false},
                     {"d10_permlane16_bc", false, false, true}, {"d10_permlanex16", true, false, false},
                     {"d10_permlanex16_fi_bc", true, true, true}}) {
    SCOPED_TRACE(c.symbol);
    auto in = dpp_lanes(23);
    auto r = run10(m, c.symbol, in);
    for (int base = 0; base < 64; base += m.wave) {
      const uint64_t sels[2] = {in[base][6] | uint64_t(in[base][7]) << 32, 0x76543210ull | uint64_t(7) << 32};
      for (int l = 0; l < m.wave; ++l) {
        for (int k = 0; k < 2; ++k) {
          const int row = (l - l % 16) ^ (c.cross ? 16 : 0);
          const int s = base + row + int((sels[k] >> (4 * (l % 16))) & 15);
          const bool valid = c.fi || in[s][2] != 0;
          uint32_t want = in[base + l][1];
          if (in[base + l][2] && (valid || c.bound)) want = valid ? in[s][0] : 0;
          EXPECT_EQ(r[base + l][k], want) << "lane " << base + l << " selects " << k;
        }
      }
    }
  }
}

TEST_P(Gfx10Lanes, Vop2FormsKeepTheHighHalf) {
  const Gfx10Mode m = GetParam();
  auto in = dpp_lanes(24);
  for (auto& l : in) {
    l[0] = f32_to_f16(float(int32_t(l[0] % 512) - 256) / 16) | 0x5A5A0000u;
    l[3] = f32_to_f16(float(int32_t(l[3] % 512) - 256) / 4);
    l[4] = f2u(float(l[4] % 100)), l[5] = f2u(float(l[5] % 100) / 8);
  }
  for (int i = 0; i < 64; ++i) in[i][1] = f2u(float(i));  // old v8 (the fmac addend)
  auto r = run10(m, "d10_vop2", in);
  const Dpp xmask1{[](int l) { return l ^ 1; }}, shr1{[](int l) { return l % 16 ? l - 1 : -1; }},
      share15{[](int l) { return l - l % 16 + 15; }};
  for (int base = 0; base < 64; base += m.wave) {
    for (int l = 0; l < m.wave; ++l) {
      const int i = base + l;
      const Expect e6 = dpp_lane(in, base, l, xmask1, true, false);
      const uint32_t sum = f32_to_f16(-f16_to_f32(uint16_t(moved(in, base, e6))) + f16_to_f32(uint16_t(in[i][3])));
      EXPECT_EQ(r[i][0], e6.write ? (in[i][1] & 0xFFFF0000u) | sum : in[i][1]) << i;
      const Expect e7 = dpp_lane(in, base, l, shr1, true, false);
      EXPECT_EQ(r[i][1], e7.write ? moved(in, base, e7) + in[i][0] : in[i][1]) << i;
      const Expect e8 = dpp_lane(in, base, l, share15, false, false);
      const float fma = std::fma(u2f(e8.valid ? in[base + e8.src][4] : 0), u2f(in[i][5]), u2f(in[i][1]));
      EXPECT_EQ(r[i][2], e8.write ? f2u(fma) : in[i][1]) << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Waves, Gfx10Lanes, ::testing::Values(kW32, kW64),
                         [](const auto& i) { return "w" + std::to_string(i.param.wave); });

}  // namespace
}  // namespace sporkle::sim::isa::test
