// Synchronisation between rings and with the CPU: a job that waits on memory (WAIT_REG_MEM on GFX/compute,
// POLL_REGMEM on SDMA) completes when the CPU writes that memory through its mapping, or when a job on another
// ring writes it.
#include <chrono>
#include <thread>

#include "conformance/framework/fixture.h"
#include "conformance/framework/packets.h"

namespace sporkle::conformance {
namespace {

class CrossRing : public RingTest {
 protected:
  void SetUp() override {
    RingTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_NO_FATAL_FAILURE(ctx(&ctx_));
    ASSERT_NO_FATAL_FAILURE(create_mapped(data_, 4096));
  }
  // Submits "wait until data[0] == 0x77, then write 1 to data[1]" on this ring.
  uint64_t submit_waiter() {
    std::vector<uint32_t> p = wait_packets(data_.va, 0x77);
    const uint32_t one[] = {1};
    auto w = write_packets(data_.va + 4, one);
    p.insert(p.end(), w.begin(), w.end());
    make_ib(waiter_, ip(), p);
    uint64_t seq = 0;
    EXPECT_EQ(submit_ib(ctx_, ip(), ring(), waiter_, {data_.handle}, &seq), 0);
    return seq;
  }
  uint64_t busy_status(uint64_t seq) {
    uint64_t status = 0;
    EXPECT_EQ(wait_cs(fd(), ctx_, ip(), ring(), seq, 0, &status), 0);
    return status;
  }
  uint32_t ctx_ = 0;
  Buffer data_, waiter_;
};

TEST_P(CrossRing, WaitCompletesWhenTheCpuWritesThroughItsMapping) {
  uint64_t seq = submit_waiter();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(busy_status(seq), 1u) << "the job waits for the value";
  EXPECT_EQ(data_.words()[1], 0u);
  __atomic_store_n(&data_.words()[0], 0x77u, __ATOMIC_RELEASE);
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, ip(), ring(), seq));
  EXPECT_EQ(data_.words()[1], 1u);
}

TEST_P(CrossRing, WaitCompletesWhenAnotherRingWritesTheValue) {
  uint64_t seq = submit_waiter();
  // The writer runs on a different IP: SDMA for the CP rings, compute for SDMA.
  uint32_t other_ip = is_sdma() ? AMDGPU_HW_IP_COMPUTE : AMDGPU_HW_IP_DMA;
  const uint32_t value[] = {0x77};
  Buffer writer;
  std::vector<uint32_t> p = other_ip == AMDGPU_HW_IP_DMA ? sdma_write_linear(data_.va, value)
                                                         : pm4_write_data(data_.va, value);
  ASSERT_NO_FATAL_FAILURE(make_ib(writer, other_ip, p));
  uint32_t other_ctx = 0;
  ASSERT_NO_FATAL_FAILURE(ctx(&other_ctx));
  uint64_t other_seq = 0;
  ASSERT_EQ(submit_ib(other_ctx, other_ip, 0, writer, {data_.handle}, &other_seq), 0);
  ASSERT_NO_FATAL_FAILURE(wait_idle(other_ctx, other_ip, 0, other_seq));
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, ip(), ring(), seq));
  EXPECT_EQ(data_.words()[1], 1u);
}

SPORKLE_RING_SUITE(sync, CrossRing, AMDGPU_HW_IP_GFX, AMDGPU_HW_IP_COMPUTE, AMDGPU_HW_IP_DMA);

}  // namespace
}  // namespace sporkle::conformance
