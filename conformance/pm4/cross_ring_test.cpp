// Synchronisation between rings and with the CPU: a job that waits on memory (WAIT_REG_MEM on GFX/compute,
// POLL_REGMEM on SDMA) completes when the CPU writes that memory through its mapping, or when a job on another
// ring writes it. MEM_SEMAPHORE (the SI/CI CP's inter-ring semaphore) on the CP rings: a 64-bit count that a
// signal increments and a wait takes one from once it is non-zero.
#include <chrono>
#include <cstring>
#include <thread>

#include "conformance/framework/fixture.h"
#include "conformance/framework/packets.h"

namespace sporkle::conformance {
namespace {

// A context and a shared data page on the ring under test, and a look at a job's status without waiting.
class SyncTest : public RingTest {
 protected:
  void SetUp() override {
    RingTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_NO_FATAL_FAILURE(ctx(&ctx_));
    ASSERT_NO_FATAL_FAILURE(create_mapped(data_, 4096));
  }
  uint64_t busy_status(uint64_t seq) {
    uint64_t status = 0;
    EXPECT_EQ(wait_cs(fd(), ctx_, ip(), ring(), seq, 0, &status), 0);
    return status;
  }
  uint32_t ctx_ = 0;
  Buffer data_, waiter_;
};

class CrossRing : public SyncTest {
 protected:
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

// MEM_SEMAPHORE (0x39), two body dwords as radeon's cik_semaphore_ring_emit writes them: the 8-byte aligned
// address low, then address bits [47:32] with SEM_SEL [31:29] (6 signal, 7 wait) and SIGNAL_TYPE [20] (0 add
// one, 1 write one).
std::vector<uint32_t> mem_semaphore(uint64_t va, uint32_t sem_sel, uint32_t signal_type = 0) {
  return {pm4_type3(0x39, 2), static_cast<uint32_t>(va),
          (static_cast<uint32_t>(va >> 32) & 0xFFFF) | (signal_type << 20) | (sem_sel << 29)};
}
std::vector<uint32_t> operator+(std::vector<uint32_t> a, const std::vector<uint32_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

class Semaphore : public SyncTest {
 protected:
  uint64_t count() const {
    uint64_t v;
    std::memcpy(&v, data_.words(), 8);
    return v;
  }
  // Submits packets on (ip, ring) through ctx; returns the sequence number.
  uint64_t submit(uint32_t ctx, uint32_t ip, uint32_t ring, const std::vector<uint32_t>& packets, Buffer& ib) {
    make_ib(ib, ip, packets);
    uint64_t seq = 0;
    EXPECT_EQ(submit_ib(ctx, ip, ring, ib, {data_.handle}, &seq), 0);
    return seq;
  }
  // A wait on the count at data[0], then 1 written to data[4]: the sign that the wait was released.
  uint64_t submit_waiter() {
    const uint32_t one[] = {1};
    return submit(ctx_, ip(), ring(), mem_semaphore(data_.va, 7) + pm4_write_data(data_.va + 16, one), waiter_);
  }
  bool released() const { return __atomic_load_n(&data_.words()[4], __ATOMIC_ACQUIRE) == 1; }
};

TEST_P(Semaphore, SignalsThenAWaitOnOneRing) {
  Buffer ib;
  // Two increments, a wait that takes one, then SIGNAL_TYPE 1 over a count of 5: it becomes 1, not 6.
  const uint32_t five[] = {5, 0};
  uint64_t seq = submit(ctx_, ip(), ring(),
                        mem_semaphore(data_.va, 6) + mem_semaphore(data_.va, 6) + mem_semaphore(data_.va, 7) +
                            pm4_write_data(data_.va + 8, five) + mem_semaphore(data_.va + 8, 6, 1),
                        ib);
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, ip(), ring(), seq));
  EXPECT_EQ(count(), 1u);
  uint64_t second;
  std::memcpy(&second, data_.words() + 2, 8);
  EXPECT_EQ(second, 1u);
}

TEST_P(Semaphore, WaitIsReleasedBySignalFromAnotherRing) {
  uint64_t seq = submit_waiter();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(busy_status(seq), 1u) << "the wait holds while the count is zero";
  EXPECT_FALSE(released());
  // The signal comes from the other CP: GFX for a compute waiter, compute for a GFX one.
  const uint32_t other_ip = ip() == AMDGPU_HW_IP_GFX ? AMDGPU_HW_IP_COMPUTE : AMDGPU_HW_IP_GFX;
  uint32_t other_ctx = 0;
  ASSERT_NO_FATAL_FAILURE(ctx(&other_ctx));
  Buffer signaller;
  uint64_t other_seq = submit(other_ctx, other_ip, 0, mem_semaphore(data_.va, 6), signaller);
  ASSERT_NO_FATAL_FAILURE(wait_idle(other_ctx, other_ip, 0, other_seq));
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, ip(), ring(), seq));
  EXPECT_TRUE(released());
  EXPECT_EQ(count(), 0u) << "the wait took the signal";
}

TEST_P(Semaphore, WaitIsReleasedByTheCpu) {
  uint64_t seq = submit_waiter();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(busy_status(seq), 1u) << "the wait holds while the count is zero";
  __atomic_fetch_add(reinterpret_cast<uint64_t*>(data_.words()), 3, __ATOMIC_SEQ_CST);
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, ip(), ring(), seq));
  EXPECT_TRUE(released());
  EXPECT_EQ(count(), 2u) << "one wait takes one";
}

SPORKLE_RING_SUITE(sync, Semaphore, AMDGPU_HW_IP_GFX, AMDGPU_HW_IP_COMPUTE);

}  // namespace
}  // namespace sporkle::conformance
