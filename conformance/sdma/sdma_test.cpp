// SDMA packets on every DMA ring: each form with a check of what it did, written from the public packet
// documentation (pm4-isa.md section 3), independently of the simulator's own tables.
#include <cstring>

#include "conformance/framework/fixture.h"
#include "conformance/framework/packets.h"

namespace sporkle::conformance {
namespace {

uint32_t lo(uint64_t va) { return static_cast<uint32_t>(va); }
uint32_t hi(uint64_t va) { return static_cast<uint32_t>(va >> 32); }

class SdmaRing : public RingTest {
 protected:
  void SetUp() override {
    RingTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_NO_FATAL_FAILURE(ctx(&ctx_));
    ASSERT_NO_FATAL_FAILURE(create_mapped(data_, 1 << 20));
  }
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
  uint8_t* bytes() const { return static_cast<uint8_t*>(data_.cpu); }
  uint64_t va(uint32_t offset) const { return data_.va + offset; }
  uint32_t ctx_ = 0;
  Buffer data_;
};

TEST_P(SdmaRing, NopBurstAndWriteLinear) {
  const uint32_t data[] = {7, 8, 9};
  std::vector<uint32_t> p = {(2u << 16), 0xDEAD, 0xBEEF};  // NOP with COUNT 2 swallows two dwords
  auto w = sdma_write_linear(va(8), data);
  p.insert(p.end(), w.begin(), w.end());
  ASSERT_EQ(run(p), 0);
  EXPECT_EQ(d()[2], 7u);
  EXPECT_EQ(d()[4], 9u);
  EXPECT_EQ(d()[5], 0u);
}

TEST_P(SdmaRing, CopyLinearUnaligned) {
  for (uint32_t i = 0; i < 5000; ++i) bytes()[i] = static_cast<uint8_t>(i * 7);
  ASSERT_EQ(run({1u, 5000 - 1, 0, lo(va(0)), hi(va(0)), lo(va(0x10003)), hi(va(0x10003))}), 0);
  EXPECT_EQ(std::memcmp(bytes(), bytes() + 0x10003, 5000), 0);
  EXPECT_EQ(bytes()[0x10003 + 5000], 0);
}

TEST_P(SdmaRing, ConstFillDwordAndByte) {
  ASSERT_EQ(run({11u | (2u << 30), lo(va(0x100)), hi(va(0x100)), 0xA5A5F00D, 4096 - 1,
                 11u, lo(va(0x2000)), hi(va(0x2000)), 0x3C, 10 - 1}),
            0);
  EXPECT_EQ(d()[0x40], 0xA5A5F00Du);
  EXPECT_EQ(d()[0x40 + 1023], 0xA5A5F00Du);
  EXPECT_EQ(d()[0x40 + 1024], 0u);
  EXPECT_EQ(bytes()[0x2000 + 9], 0x3C);
  EXPECT_EQ(bytes()[0x2000 + 10], 0);
}

TEST_P(SdmaRing, FenceAndTrap) {
  ASSERT_EQ(run({5u, lo(va(0x40)), hi(va(0x40)), 0x12345678, 6u, 0}), 0);
  EXPECT_EQ(d()[0x10], 0x12345678u);
}

TEST_P(SdmaRing, AtomicCmpSwapLoopAndAdd) {
  d()[0] = 5;
  d()[2] = 40;
  ASSERT_EQ(run({10u | (1u << 16) | (0x08u << 25), lo(va(0)), hi(va(0)), 9, 0, 5, 0, 10,
                 10u | (0x0Fu << 25), lo(va(8)), hi(va(8)), 2, 0, 0, 0, 0}),
            0);
  EXPECT_EQ(d()[0], 9u);
  EXPECT_EQ(d()[2], 42u);
}

TEST_P(SdmaRing, TimestampGetGlobal) {
  ASSERT_EQ(run({13u | (2u << 8), lo(va(0x80)), hi(va(0x80)), 13u | (2u << 8), lo(va(0x88)), hi(va(0x88))}), 0);
  uint64_t a, b;
  std::memcpy(&a, bytes() + 0x80, 8);
  std::memcpy(&b, bytes() + 0x88, 8);
  EXPECT_NE(a, 0u);
  EXPECT_GE(b, a);
}

// The global timestamp is the GPU counter AMDGPU_INFO_TIMESTAMP reads (one time base for every engine).
TEST_P(SdmaRing, TimestampIsTheCounterInfoTimestampReads) {
  uint64_t before = 0, after = 0, gpu = 0;
  ASSERT_EQ(info(fd(), AMDGPU_INFO_TIMESTAMP, &before, sizeof before), 0);
  ASSERT_EQ(run({13u | (2u << 8), lo(va(0x80)), hi(va(0x80))}), 0);
  ASSERT_EQ(info(fd(), AMDGPU_INFO_TIMESTAMP, &after, sizeof after), 0);
  std::memcpy(&gpu, bytes() + 0x80, 8);
  EXPECT_LE(before, gpu);
  EXPECT_LE(gpu, after);
}

TEST_P(SdmaRing, PollRegMemOnMemoryAlreadySatisfied) {
  d()[0] = 0x77;
  auto p = sdma_wait_mem_eq(va(0), 0x77);
  const uint32_t one[] = {1};
  auto w = sdma_write_linear(va(4), one);
  p.insert(p.end(), w.begin(), w.end());
  ASSERT_EQ(run(p), 0);
  EXPECT_EQ(d()[1], 1u);
}

TEST_P(SdmaRing, CondExeRunsOnlyOnAMatch) {
  d()[0] = 1;
  d()[1] = 2;
  std::vector<uint32_t> p = {9u, lo(va(0)), hi(va(0)), 1, 4, 5u, lo(va(0x40)), hi(va(0x40)), 0xA,
                             9u, lo(va(4)), hi(va(4)), 1, 4, 5u, lo(va(0x44)), hi(va(0x44)), 0xB};
  ASSERT_EQ(run(p), 0);
  EXPECT_EQ(d()[0x10], 0xAu);
  EXPECT_EQ(d()[0x11], 0u);
}

SPORKLE_RING_SUITE(sdma, SdmaRing, AMDGPU_HW_IP_DMA);

}  // namespace
}  // namespace sporkle::conformance
