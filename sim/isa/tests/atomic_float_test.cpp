// gfx1030's float atomics (atomic_float.cpp) through the buffer, global and flat handlers, decoded from
// llvm-mc-14 -mcpu=gfx1030 encodings and run on a hand-built wave: one case per lane (lane i's memory value at
// buf + i * size). NaN and signed-zero rules, denormals per MODE, the GLC return of the old value; gfx900 has none.
#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <memory>
#include <vector>

#include "harness.h"
#include "sim/isa/context.h"
#include "sim/isa/decoder.h"
#include "sim/isa/handlers.h"
#include "sporkle/spec/isa_gfx9.h"

namespace sporkle::sim::isa::test {
namespace {

constexpr uint32_t kQNaN = 0x7FC00000, kQNaN2 = 0x7FC00123, kSNaN = 0x7F800001, kNegSNaN = 0xFF800002;
constexpr uint32_t kPosZero = 0, kNegZero = 0x80000000, kInf = 0x7F800000, kDenorm = 0x00000001;
constexpr uint32_t kNegDenorm = 0x80000001;
uint32_t f(float x) { return std::bit_cast<uint32_t>(x); }
uint64_t d(double x) { return std::bit_cast<uint64_t>(x); }
constexpr uint64_t kQNaN64 = 0x7FF8000000000000, kSNaN64 = 0x7FF0000000000001, kDenorm64 = 1;
constexpr uint64_t kNegZero64 = 0x8000000000000000;

// MODE: FP_DENORM_F32 [5:4], FP_DENORM_F64_F16 [7:6]; bit 0 of each keeps input denormals, bit 1 output ones.
constexpr uint32_t kKeepDenormals = 0xF0, kFlushDenormals = 0x00;
constexpr uint32_t kKeepF32Only = 0x30, kKeepF32InputsOnly = 0x10;

// Registers the encodings below use: return v[0:1], address v[2:3] (buffer: offset v1), data v[4:7],
// V# s[8:11].
constexpr uint16_t kRet = 0, kAddr = 2, kOffset = 1, kData = 4, kRsrc = 8;
constexpr uint32_t kPoison = 0xDEADBEEF;

class FloatAtomics : public ::testing::Test {
 protected:
  void SetUp() override {
    wave = std::make_unique<Wave>();
    std::memset(wave->vgpr, 0, sizeof wave->vgpr);
    std::memset(wave->sgpr, 0, sizeof wave->sgpr);
    wave->gfx = spec::GfxLevel::Gfx10_3;
    wave->num_vgprs = 16;
    wave->mode = kKeepDenormals;
    ctx.vm = &mem.vm();
    ctx.lds = lds.data();
    ctx.lds_size = uint32_t(lds.size());
    ctx.apertures.shared_base = 1ull << 48;
    ctx.apertures.private_base = 2ull << 48;
    wave->wg = &ctx;
  }

  // Lanes 0..n-1: memory value i at buf + i * size (size 4 or 8), data (and cmp) in v4.., poison in v0/v1.
  template <typename T>
  uint64_t setup(const std::vector<T>& old, const std::vector<T>& data, const std::vector<T>& cmp = {}) {
    const size_t n = old.size();
    const uint64_t buf = mem.alloc(n * sizeof(T));
    std::memcpy(mem.host(buf), old.data(), n * sizeof(T));
    wave->set_exec(n == 64 ? ~0ull : (1ull << n) - 1);
    const int words = sizeof(T) / 4;
    for (size_t i = 0; i < n; ++i) {
      const uint64_t va = buf + i * sizeof(T);
      wave->vgpr[kAddr][i] = uint32_t(va);
      wave->vgpr[kAddr + 1][i] = uint32_t(va >> 32);
      wave->vgpr[kRet][i] = wave->vgpr[kRet + 1][i] = kPoison;
      wave->vgpr[kOffset][i] = uint32_t(i * sizeof(T));  // v1: the buffer forms' offset (no return there)
      for (int k = 0; k < words; ++k) {
        wave->vgpr[kData + k][i] = uint32_t(uint64_t(data[i]) >> (32 * k));
        if (!cmp.empty()) wave->vgpr[kData + words + k][i] = uint32_t(uint64_t(cmp[i]) >> (32 * k));
      }
    }
    // A raw V# over the buffer (OOB_SELECT 3: offset < NUM_RECORDS).
    wave->sgpr[kRsrc] = uint32_t(buf);
    wave->sgpr[kRsrc + 1] = uint32_t(buf >> 32) & 0xFFFF;
    wave->sgpr[kRsrc + 2] = uint32_t(n * sizeof(T));
    wave->sgpr[kRsrc + 3] = 3u << 28;
    return buf;
  }

  void run(uint32_t w0, uint32_t w1, const char* mnemonic) {
    const uint32_t words[4] = {w0, w1, 0, 0};
    const DecodedInst in = gfx10::decode(words, 16);
    ASSERT_NE(in.info, nullptr) << mnemonic;
    ASSERT_EQ(in.info->mnemonic, mnemonic);
    ASSERT_NE(in.handler, kIllegalHandler) << mnemonic;
    ASSERT_EQ(handler_at(in.handler)(*wave, in), Flow::Next) << wave->diagnostic;
  }

  template <typename T>
  T memory(uint64_t buf, size_t i) {
    T v;
    std::memcpy(&v, mem.host(buf + i * sizeof(T)), sizeof v);
    return v;
  }
  uint64_t returned64(size_t i) { return wave->vgpr[kRet][i] | uint64_t(wave->vgpr[kRet + 1][i]) << 32; }

  GpuMemory mem;
  std::vector<uint8_t> lds = std::vector<uint8_t>(4096);
  WorkgroupContext ctx;
  std::unique_ptr<Wave> wave;
};

// fmin / fmax are minNum / maxNum: a quiet NaN loses, a signalling NaN comes back quietened, -0 < +0.
TEST_F(FloatAtomics, GlobalMinMaxFollowIeeeMinNumAndMaxNum) {
  struct Case {
    uint32_t old, data, min, max;
  };
  const std::vector<Case> cases = {
      {f(1), f(2), f(1), f(2)},           {f(2), f(1), f(1), f(2)},
      {kPosZero, kNegZero, kNegZero, kPosZero}, {kNegZero, kPosZero, kNegZero, kPosZero},
      {kQNaN, f(1), f(1), f(1)},          {f(1), kQNaN, f(1), f(1)},
      {kSNaN, f(1), 0x7FC00001, 0x7FC00001}, {f(1), kNegSNaN, 0xFFC00002, 0xFFC00002},
      {kQNaN, kQNaN2, kQNaN, kQNaN},      {0xFF800000, f(5), 0xFF800000, f(5)},
      {f(-3), kInf, f(-3), kInf},         {f(1.5f), f(-1.5f), f(-1.5f), f(1.5f)},
  };
  std::vector<uint32_t> old, data;
  for (const Case& c : cases) old.push_back(c.old), data.push_back(c.data);
  for (bool is_min : {true, false}) {
    SCOPED_TRACE(is_min ? "fmin" : "fmax");
    const uint64_t buf = setup(old, data);
    if (is_min) run(0xDCFD8000, 0x007D0402, "global_atomic_fmin");  // global_atomic_fmin v0, v[2:3], v4, off glc
    else run(0xDD018000, 0x007D0402, "global_atomic_fmax");         // global_atomic_fmax v0, v[2:3], v4, off glc
    for (size_t i = 0; i < cases.size(); ++i) {
      EXPECT_EQ(memory<uint32_t>(buf, i), is_min ? cases[i].min : cases[i].max) << "case " << i;
      EXPECT_EQ(wave->vgpr[kRet][i], cases[i].old) << "GLC returns the value before, case " << i;
    }
  }
  // Without GLC nothing comes back.
  const uint64_t buf = setup(old, data);
  run(0xDCFC8000, 0x007D0402, "global_atomic_fmin");  // global_atomic_fmin v[2:3], v4, off
  for (size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(memory<uint32_t>(buf, i), cases[i].min);
    EXPECT_EQ(wave->vgpr[kRet][i], kPoison);
  }
}

// fcmpswap stores DATA where memory == CMP as floats: -0 == +0, NaN equals nothing (not even its own bits).
TEST_F(FloatAtomics, GlobalCmpSwapComparesAsFloats) {
  struct Case {
    uint32_t old, cmp;
    bool swaps;
  };
  const std::vector<Case> cases = {
      {f(1), f(1), true},     {f(1), f(2), false},         {kPosZero, kNegZero, true}, {kNegZero, kPosZero, true},
      {kQNaN, kQNaN, false},  {f(1), kQNaN, false},        {kInf, kInf, true},         {kDenorm, kDenorm, true},
      {kDenorm, kPosZero, false}, {f(-2), f(2), false},
  };
  std::vector<uint32_t> old, data, cmp;
  for (const Case& c : cases) old.push_back(c.old), data.push_back(f(7)), cmp.push_back(c.cmp);
  const uint64_t buf = setup(old, data, cmp);
  run(0xDCF98000, 0x007D0402, "global_atomic_fcmpswap");  // global_atomic_fcmpswap v0, v[2:3], v[4:5], off glc
  for (size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(memory<uint32_t>(buf, i), cases[i].swaps ? f(7) : cases[i].old) << "case " << i;
    EXPECT_EQ(wave->vgpr[kRet][i], cases[i].old) << "case " << i;
  }
}

// Denormal inputs and results per MODE.FP_DENORM_F32: flushed, a denormal is a signed zero.
TEST_F(FloatAtomics, F32DenormalsFollowTheMode) {
  const std::vector<uint32_t> old = {kDenorm, kPosZero, kDenorm};
  const std::vector<uint32_t> data = {kPosZero, kNegDenorm, f(9)};
  const std::vector<uint32_t> cmp = {kPosZero, kPosZero, kPosZero};
  struct Mode {
    uint32_t mode;
    uint32_t max0, min1;  // fmax(denorm, +0), fmin(+0, -denorm)
    bool swap2;           // fcmpswap(denorm == +0)
  };
  for (const Mode& m : {Mode{kKeepDenormals, kDenorm, kNegDenorm, false},
                        Mode{kFlushDenormals, kPosZero, kNegZero, true},
                        Mode{kKeepF32InputsOnly, kPosZero, kNegZero, false}}) {
    SCOPED_TRACE(m.mode);
    wave->mode = m.mode;
    uint64_t buf = setup(old, data);
    run(0xDD018000, 0x007D0402, "global_atomic_fmax");
    EXPECT_EQ(memory<uint32_t>(buf, 0), m.max0);
    buf = setup(old, data);
    run(0xDCFD8000, 0x007D0402, "global_atomic_fmin");
    EXPECT_EQ(memory<uint32_t>(buf, 1), m.min1);
    buf = setup(old, data, cmp);
    run(0xDCF98000, 0x007D0402, "global_atomic_fcmpswap");
    EXPECT_EQ(memory<uint32_t>(buf, 0), m.swap2 ? kPosZero : kDenorm);  // DATA[0] is +0
    EXPECT_EQ(memory<uint32_t>(buf, 2), m.swap2 ? f(9) : kDenorm);
    EXPECT_EQ(wave->vgpr[kRet][2], kDenorm);  // the value before, unflushed
  }
}

TEST_F(FloatAtomics, GlobalSixtyFourBitForms) {
  const std::vector<uint64_t> old = {d(1), kNegZero64, kQNaN64, kSNaN64, d(-4), kDenorm64};
  const std::vector<uint64_t> data = {d(2), 0, d(3), d(3), d(-8), 0};
  const std::vector<uint64_t> cmp = {d(1), 0, kQNaN64, d(3), d(4), 0};
  const uint64_t min[] = {d(1), kNegZero64, d(3), 0x7FF8000000000001, d(-8), 0};
  const uint64_t max[] = {d(2), 0, d(3), 0x7FF8000000000001, d(-4), kDenorm64};
  const bool swaps[] = {true, true, false, false, false, false};
  uint64_t buf = setup(old, data);
  run(0xDD7D8000, 0x007D0402, "global_atomic_fmin_x2");  // global_atomic_fmin_x2 v[0:1], v[2:3], v[4:5], off glc
  for (size_t i = 0; i < old.size(); ++i) {
    EXPECT_EQ(memory<uint64_t>(buf, i), min[i]) << i;
    EXPECT_EQ(returned64(i), old[i]) << i;
  }
  buf = setup(old, data);
  run(0xDD818000, 0x007D0402, "global_atomic_fmax_x2");
  for (size_t i = 0; i < old.size(); ++i) EXPECT_EQ(memory<uint64_t>(buf, i), max[i]) << i;
  buf = setup(old, data, cmp);
  run(0xDD798000, 0x007D0402, "global_atomic_fcmpswap_x2");  // data v[4:5], cmp v[6:7]
  for (size_t i = 0; i < old.size(); ++i) {
    EXPECT_EQ(memory<uint64_t>(buf, i), swaps[i] ? data[i] : old[i]) << i;
    EXPECT_EQ(returned64(i), old[i]) << i;
  }
  // f64 denormals follow FP_DENORM_F64_F16, not the f32 field: flushed, the denormal equals 0 and loses to it.
  wave->mode = kKeepF32Only;
  buf = setup(old, data);
  run(0xDD818000, 0x007D0402, "global_atomic_fmax_x2");
  EXPECT_EQ(memory<uint64_t>(buf, 5), 0u);
  buf = setup(old, data, cmp);
  run(0xDD798000, 0x007D0402, "global_atomic_fcmpswap_x2");
  EXPECT_EQ(memory<uint64_t>(buf, 5), data[5]);
}

TEST_F(FloatAtomics, BufferForms) {
  const std::vector<uint32_t> old = {f(1), kNegZero, kQNaN, f(-1)};
  const std::vector<uint32_t> data = {f(2), kPosZero, f(4), f(-1)};
  uint64_t buf = setup(old, data);
  run(0xE0FC5000, 0x80020401, "buffer_atomic_fmin");  // buffer_atomic_fmin v4, v1, s[8:11], 0 offen glc
  const uint32_t min[] = {f(1), kNegZero, f(4), f(-1)};
  for (size_t i = 0; i < old.size(); ++i) {
    EXPECT_EQ(memory<uint32_t>(buf, i), min[i]) << i;
    EXPECT_EQ(wave->vgpr[kData][i], old[i]) << "GLC returns into VDATA, lane " << i;
  }
  buf = setup(old, data);
  run(0xE1005000, 0x80020401, "buffer_atomic_fmax");
  const uint32_t max[] = {f(2), kPosZero, f(4), f(-1)};
  for (size_t i = 0; i < old.size(); ++i) EXPECT_EQ(memory<uint32_t>(buf, i), max[i]) << i;
  const std::vector<uint32_t> cmp = {f(1), kPosZero, kQNaN, f(1)};
  buf = setup(old, data, cmp);
  run(0xE0F85000, 0x80020401, "buffer_atomic_fcmpswap");  // v[4:5] = {data, cmp}
  const uint32_t swapped[] = {f(2), kPosZero, kQNaN, f(-1)};
  for (size_t i = 0; i < old.size(); ++i) {
    EXPECT_EQ(memory<uint32_t>(buf, i), swapped[i]) << i;
    EXPECT_EQ(wave->vgpr[kData][i], old[i]) << i;
  }

  const std::vector<uint64_t> old64 = {d(1), 0, kQNaN64};
  const std::vector<uint64_t> data64 = {d(-1), kNegZero64, d(6)};
  buf = setup(old64, data64);
  run(0xE17C5000, 0x80020401, "buffer_atomic_fmin_x2");
  const uint64_t min64[] = {d(-1), kNegZero64, d(6)};
  for (size_t i = 0; i < old64.size(); ++i) {
    EXPECT_EQ(memory<uint64_t>(buf, i), min64[i]) << i;
    EXPECT_EQ(wave->vgpr[kData][i] | uint64_t(wave->vgpr[kData + 1][i]) << 32, old64[i]) << i;
  }
  buf = setup(old64, data64);
  run(0xE1801000, 0x80020401, "buffer_atomic_fmax_x2");  // no GLC: VDATA keeps the operand
  const uint64_t max64[] = {d(1), 0, d(6)};
  for (size_t i = 0; i < old64.size(); ++i) {
    EXPECT_EQ(memory<uint64_t>(buf, i), max64[i]) << i;
    EXPECT_EQ(wave->vgpr[kData][i] | uint64_t(wave->vgpr[kData + 1][i]) << 32, data64[i]) << i;
  }
  const std::vector<uint64_t> cmp64 = {d(1), kNegZero64, kQNaN64};
  buf = setup(old64, data64, cmp64);
  run(0xE1785000, 0x80020401, "buffer_atomic_fcmpswap_x2");  // v[4:7] = {data, cmp}
  const uint64_t swapped64[] = {d(-1), kNegZero64, kQNaN64};
  for (size_t i = 0; i < old64.size(); ++i) EXPECT_EQ(memory<uint64_t>(buf, i), swapped64[i]) << i;
}

// FLAT reaches global memory or, through the shared aperture, LDS (the handler's own read-modify-write).
TEST_F(FloatAtomics, FlatFormsOnGlobalMemoryAndLds) {
  const std::vector<uint32_t> old = {f(3), kPosZero, kQNaN};
  const std::vector<uint32_t> data = {f(-3), kNegZero, f(1)};
  uint64_t buf = setup(old, data);
  run(0xDCFD0000, 0x007D0402, "flat_atomic_fmin");  // flat_atomic_fmin v0, v[2:3], v4 glc
  const uint32_t min[] = {f(-3), kNegZero, f(1)};
  for (size_t i = 0; i < old.size(); ++i) {
    EXPECT_EQ(memory<uint32_t>(buf, i), min[i]) << i;
    EXPECT_EQ(wave->vgpr[kRet][i], old[i]) << i;
  }
  // The same operands in LDS, at shared aperture + 64 + 4i; denormals flushed per MODE there too.
  wave->mode = kFlushDenormals;
  const std::vector<uint32_t> lds_old = {f(3), kPosZero, kQNaN, kNegDenorm};
  const std::vector<uint32_t> lds_data = {f(-3), kNegZero, f(1), kPosZero};
  setup(lds_old, lds_data);
  for (size_t i = 0; i < lds_old.size(); ++i) {
    std::memcpy(lds.data() + 64 + 4 * i, &lds_old[i], 4);
    const uint64_t va = ctx.apertures.shared_base + 64 + 4 * i;
    wave->vgpr[kAddr][i] = uint32_t(va);
    wave->vgpr[kAddr + 1][i] = uint32_t(va >> 32);
  }
  run(0xDCFD0000, 0x007D0402, "flat_atomic_fmin");
  const uint32_t lds_min[] = {f(-3), kNegZero, f(1), kNegZero};
  for (size_t i = 0; i < lds_old.size(); ++i) {
    uint32_t v;
    std::memcpy(&v, lds.data() + 64 + 4 * i, 4);
    EXPECT_EQ(v, lds_min[i]) << i;
    EXPECT_EQ(wave->vgpr[kRet][i], lds_old[i]) << i;
  }
  wave->mode = kKeepDenormals;
  const std::vector<uint32_t> cmp = {f(3), kNegZero, kQNaN};
  buf = setup(old, data, cmp);
  run(0xDCF90000, 0x007D0402, "flat_atomic_fcmpswap");
  const uint32_t swapped[] = {f(-3), kNegZero, kQNaN};
  for (size_t i = 0; i < old.size(); ++i) EXPECT_EQ(memory<uint32_t>(buf, i), swapped[i]) << i;
  const std::vector<uint64_t> old64 = {d(1), kNegZero64};
  const std::vector<uint64_t> data64 = {d(2), 0};
  buf = setup(old64, data64);
  run(0xDD810000, 0x007D0402, "flat_atomic_fmax_x2");
  EXPECT_EQ(memory<uint64_t>(buf, 0), d(2));
  EXPECT_EQ(memory<uint64_t>(buf, 1), 0u);
  EXPECT_EQ(returned64(1), kNegZero64);
}

// A faulting lane stops the wave with a VM fault, as the integer atomics do.
TEST_F(FloatAtomics, UnmappedAddressFaults) {
  setup(std::vector<uint32_t>{f(1)}, std::vector<uint32_t>{f(2)});
  wave->vgpr[kAddr][0] = 0x1000;
  wave->vgpr[kAddr + 1][0] = 0x7;
  const uint32_t words[4] = {0xDCFD8000, 0x007D0402, 0, 0};
  const DecodedInst in = gfx10::decode(words, 16);
  EXPECT_EQ(handler_at(in.handler)(*wave, in), Flow::Stop);
  EXPECT_EQ(wave->status, WaveStatus::VmFault);
}

// gfx900 has no float atomics on memory: its tables have none, so the encodings stay illegal there.
TEST(FloatAtomicsGfx9, NotInTheGfx9Tables) {
  using spec::isa::Encoding;
  for (auto e : {Encoding::MUBUF, Encoding::FLAT, Encoding::GLOBAL, Encoding::SCRATCH})
    for (const auto& op : spec::isa::gfx9::opcodes(e))
      for (const char* m : {"fcmpswap", "fmin", "fmax"})
        EXPECT_EQ(op.mnemonic.find(m), std::string_view::npos) << op.mnemonic;
}

}  // namespace
}  // namespace sporkle::sim::isa::test
