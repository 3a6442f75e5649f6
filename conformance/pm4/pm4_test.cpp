// PM4 packets on every GFX and compute ring: each form with a check of what it did, written from the public
// packet documentation (pm4-isa.md section 1), independently of the simulator's own tables.
#include <cstring>

#include "conformance/framework/fixture.h"
#include "conformance/framework/packets.h"

namespace sporkle::conformance {
namespace {

uint32_t lo(uint64_t va) { return static_cast<uint32_t>(va); }
uint32_t hi(uint64_t va) { return static_cast<uint32_t>(va >> 32); }

class Pm4Ring : public RingTest {
 protected:
  void SetUp() override {
    RingTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_NO_FATAL_FAILURE(ctx(&ctx_));
    ASSERT_NO_FATAL_FAILURE(create_mapped(data_, 65536));
  }
  // Runs the packets as one IB and waits for it; returns the WAIT_CS errno (0 = the job succeeded).
  int run(const std::vector<uint32_t>& packets) {
    Buffer ib;
    make_ib(ib, ip(), packets);
    if (HasFatalFailure()) return -1;
    uint64_t seq = 0;
    if (int e = submit_ib(ctx_, ip(), ring(), ib, {data_.handle}, &seq)) return e;
    uint64_t status = 0;
    return wait_cs(fd(), ctx_, ip(), ring(), seq, kInfinite, &status);
  }
  uint32_t* d() const { return data_.words(); }
  uint64_t va(uint32_t byte_offset) const { return data_.va + byte_offset; }
  uint64_t qword(uint32_t dword_index) const {
    uint64_t v;
    std::memcpy(&v, d() + dword_index, 8);
    return v;
  }

  uint32_t ctx_ = 0;
  Buffer data_;
};

TEST_P(Pm4Ring, NopFormsAndType2Filler) {
  std::vector<uint32_t> p = {kPm4Nop, 0x80000000, pm4_type3(0x10, 3), 0xC000F200, 0xFFFFFFFF, 0x1337F77D};
  const uint32_t one[] = {1};
  auto w = pm4_write_data(va(0), one);
  p.insert(p.end(), w.begin(), w.end());
  ASSERT_EQ(run(p), 0);
  EXPECT_EQ(d()[0], 1u) << "the packet after the NOPs ran";
}

TEST_P(Pm4Ring, WriteDataIncrementingAndOneAddress) {
  ASSERT_EQ(run({pm4_type3(0x37, 6), (5u << 8) | (1u << 20), lo(va(16)), hi(va(16)), 1, 2, 3,
                 pm4_type3(0x37, 5), (2u << 8) | (1u << 16), lo(va(64)), hi(va(64)), 7, 8}),
            0);
  EXPECT_EQ(d()[4], 1u);
  EXPECT_EQ(d()[5], 2u);
  EXPECT_EQ(d()[6], 3u);
  EXPECT_EQ(d()[16], 8u);
  EXPECT_EQ(d()[17], 0u);
}

TEST_P(Pm4Ring, CopyDataImmediateMemoryAndRegister) {
  d()[0] = 0x11111111;
  ASSERT_EQ(run({pm4_type3(0x40, 5), 5u | (5u << 8) | (1u << 16) | (1u << 20), 0xAAAABBBB, 0xCCCCDDDD,
                 lo(va(0x10)), hi(va(0x10)),
                 pm4_type3(0x40, 5), 2u | (5u << 8) | (1u << 20), lo(va(0)), hi(va(0)), lo(va(0x20)), hi(va(0x20)),
                 // memory -> SCRATCH_REG0 (uconfig 0xC040) -> memory
                 pm4_type3(0x40, 5), 2u | (0u << 8), lo(va(0)), hi(va(0)), 0xC040, 0,
                 pm4_type3(0x40, 5), 0u | (5u << 8) | (1u << 20), 0xC040, 0, lo(va(0x30)), hi(va(0x30)),
                 // GPU clock -> memory, 64-bit
                 pm4_type3(0x40, 5), 9u | (5u << 8) | (1u << 16) | (1u << 20), 0, 0, lo(va(0x40)), hi(va(0x40))}),
            0);
  EXPECT_EQ(qword(4), 0xCCCCDDDDAAAABBBBull);
  EXPECT_EQ(d()[8], 0x11111111u);
  EXPECT_EQ(d()[12], 0x11111111u);
  EXPECT_NE(qword(16), 0u);
}

TEST_P(Pm4Ring, DmaDataCopyAndFill) {
  for (uint32_t i = 0; i < 64; ++i) d()[i] = i * 3;
  ASSERT_EQ(run({pm4_type3(0x50, 6), 1u << 31, lo(va(0)), hi(va(0)), lo(va(0x400)), hi(va(0x400)), 256,
                 pm4_type3(0x50, 6), (1u << 31) | (2u << 29) | (3u << 20), 0xCAFEF00D, 0, lo(va(0x800)),
                 hi(va(0x800)), 8192}),
            0);
  EXPECT_EQ(std::memcmp(d(), d() + 0x100, 256), 0);
  EXPECT_EQ(d()[0x200], 0xCAFEF00Du);
  EXPECT_EQ(d()[0x200 + 2047], 0xCAFEF00Du);
  EXPECT_EQ(d()[0x200 + 2048], 0u);
}

TEST_P(Pm4Ring, AtomicMemAddCmpSwapAnd64Bit) {
  d()[0] = 40;
  d()[2] = 5;
  ASSERT_EQ(run({pm4_type3(0x1E, 8), 0x0F, lo(va(0)), hi(va(0)), 2, 0, 0, 0, 0,
                 pm4_type3(0x1E, 8), 0x08 | (1u << 8), lo(va(8)), hi(va(8)), 9, 0, 5, 0, 10,
                 pm4_type3(0x1E, 8), 0x6F, lo(va(16)), hi(va(16)), 0xFFFFFFFF, 0, 0, 0, 0,
                 pm4_type3(0x1E, 8), 0x6F, lo(va(16)), hi(va(16)), 1, 0, 0, 0, 0}),
            0);
  EXPECT_EQ(d()[0], 42u);
  EXPECT_EQ(d()[2], 9u);
  EXPECT_EQ(qword(4), 0x100000000ull) << "64-bit add carries into the high dword";
}

TEST_P(Pm4Ring, ReleaseMemDataSelects) {
  ASSERT_EQ(run({pm4_type3(0x49, 7), 0x514, 2u << 29, lo(va(0)), hi(va(0)), 0x89ABCDEF, 0x01234567, 0,
                 pm4_type3(0x49, 7), 0x514, 1u << 29, lo(va(0x10)), hi(va(0x10)), 5, 6, 0,
                 pm4_type3(0x49, 7), 0x514, 0, lo(va(0x20)), hi(va(0x20)), 7, 8, 0,
                 pm4_type3(0x49, 7), 0x514, 3u << 29, lo(va(0x30)), hi(va(0x30)), 0, 0, 0}),
            0);
  EXPECT_EQ(qword(0), 0x0123456789ABCDEFull);
  EXPECT_EQ(d()[4], 5u);
  EXPECT_EQ(d()[5], 0u);
  EXPECT_EQ(qword(8), 0u);
  EXPECT_NE(qword(12), 0u);
}

TEST_P(Pm4Ring, EventWriteAndAcquireMem) {
  // ACQUIRE_MEM has 6 body dwords on gfx9 and 7 on gfx10.
  bool gfx9 = GetParam().device.name == "gfx900";
  std::vector<uint32_t> p = {pm4_type3(0x46, 1), 0x07 | (4u << 8)};
  if (gfx9) p.insert(p.end(), {pm4_type3(0x58, 6), 0x00C00000, 0xFFFFFFFF, 0xFF, 0, 0, 10});
  else p.insert(p.end(), {pm4_type3(0x58, 7), 0, 0xFFFFFFFF, 0xFF, 0, 0, 10, 0xC000});
  const uint32_t one[] = {1};
  auto w = pm4_write_data(va(0), one);
  p.insert(p.end(), w.begin(), w.end());
  ASSERT_EQ(run(p), 0);
  EXPECT_EQ(d()[0], 1u);
}

TEST_P(Pm4Ring, WaitRegMemOnMemoryAlreadySatisfied) {
  d()[0] = 0x300;
  std::vector<uint32_t> p = {pm4_type3(0x3C, 6), 5u | (1u << 4), lo(va(0)), hi(va(0)), 0x200, 0xF00, 4};
  const uint32_t one[] = {1};
  auto w = pm4_write_data(va(4), one);
  p.insert(p.end(), w.begin(), w.end());
  ASSERT_EQ(run(p), 0);
  EXPECT_EQ(d()[1], 1u);
}

TEST_P(Pm4Ring, CondExecSkipsWhenZero) {
  d()[0] = 0;
  d()[1] = 1;
  const uint32_t bad[] = {0xBAD}, good[] = {0x600D};
  auto skipped = pm4_write_data(va(0x10), bad);
  auto kept = pm4_write_data(va(0x14), good);
  std::vector<uint32_t> p = {pm4_type3(0x22, 4), lo(va(0)), hi(va(0)), 0, static_cast<uint32_t>(skipped.size())};
  p.insert(p.end(), skipped.begin(), skipped.end());
  p.insert(p.end(), {pm4_type3(0x22, 4), lo(va(4)), hi(va(4)), 0, static_cast<uint32_t>(kept.size())});
  p.insert(p.end(), kept.begin(), kept.end());
  ASSERT_EQ(run(p), 0);
  EXPECT_EQ(d()[4], 0u);
  EXPECT_EQ(d()[5], 0x600Du);
}

TEST_P(Pm4Ring, IndirectBufferCallAndChain) {
  Buffer ib2;
  const uint32_t two[] = {2};
  ASSERT_NO_FATAL_FAILURE(make_ib(ib2, ip(), pm4_write_data(va(4), two)));
  Buffer tail;
  const uint32_t three[] = {3};
  ASSERT_NO_FATAL_FAILURE(make_ib(tail, ip(), pm4_write_data(va(8), three)));
  const uint32_t one[] = {1}, bad[] = {0xBAD};
  std::vector<uint32_t> p = pm4_write_data(va(0), one);
  p.insert(p.end(), {pm4_type3(0x3F, 3), lo(ib2.va), hi(ib2.va), (ib2.ib_bytes / 4) | (1u << 23)});
  p.insert(p.end(), {pm4_type3(0x3F, 3), lo(tail.va), hi(tail.va), (tail.ib_bytes / 4) | (1u << 20) | (1u << 23)});
  auto after = pm4_write_data(va(12), bad);
  p.insert(p.end(), after.begin(), after.end());
  Buffer ib;
  ASSERT_NO_FATAL_FAILURE(make_ib(ib, ip(), p));
  uint64_t seq = 0;
  ASSERT_EQ(submit_ib(ctx_, ip(), ring(), ib, {data_.handle, ib2.handle, tail.handle}, &seq), 0);
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, ip(), ring(), seq));
  EXPECT_EQ(d()[0], 1u);
  EXPECT_EQ(d()[1], 2u);
  EXPECT_EQ(d()[2], 3u);
  EXPECT_EQ(d()[3], 0u) << "a chain does not return";
}

SPORKLE_RING_SUITE(pm4, Pm4Ring, AMDGPU_HW_IP_GFX, AMDGPU_HW_IP_COMPUTE);

// GFX-only state packets: the kernel's preamble and SET_PREDICATION.
class Pm4Gfx : public Pm4Ring {};

TEST_P(Pm4Gfx, PreambleStatePackets) {
  const uint32_t one[] = {1};
  std::vector<uint32_t> p = {pm4_type3(0x28, 2), 0x80000000, 0x80000000, pm4_type3(0x4A, 1), 2u << 28,
                             pm4_type3(0x12, 1), 0, pm4_type3(0x4A, 1), 3u << 28, pm4_type3(0x42, 1), 0};
  auto w = pm4_write_data(va(0), one);
  p.insert(p.end(), w.begin(), w.end());
  ASSERT_EQ(run(p), 0);
  EXPECT_EQ(d()[0], 1u);
}

TEST_P(Pm4Gfx, SetPredicationDiscardsPredicatedPackets) {
  d()[0] = 0;
  d()[2] = 7;
  const uint32_t a[] = {1}, b[] = {2};
  auto skipped = pm4_write_data(va(0x20), a);
  skipped[0] |= 1;  // PREDICATE
  auto kept = pm4_write_data(va(0x24), b);
  kept[0] |= 1;
  std::vector<uint32_t> p = {pm4_type3(0x20, 3), (3u << 16) | (1u << 8), lo(va(0)), hi(va(0))};
  p.insert(p.end(), skipped.begin(), skipped.end());
  p.insert(p.end(), {pm4_type3(0x20, 3), (4u << 16) | (1u << 8), lo(va(8)), hi(va(8))});
  p.insert(p.end(), kept.begin(), kept.end());
  p.insert(p.end(), {pm4_type3(0x20, 3), 0, 0, 0});
  ASSERT_EQ(run(p), 0);
  EXPECT_EQ(d()[8], 0u);
  EXPECT_EQ(d()[9], 2u);
}

SPORKLE_RING_SUITE(pm4, Pm4Gfx, AMDGPU_HW_IP_GFX);

}  // namespace
}  // namespace sporkle::conformance
