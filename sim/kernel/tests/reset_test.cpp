// Job timeouts and GPU recovery as Linux 6.1 does them: a hung job is ended by the timeout, its context is
// guilty, the reset is counted, VRAM is lost (both personalities reset with BACO/MODE1), and the client can
// carry on with a new context.
#include "sim/kernel/tests/kernel_fixture.h"
#include "sporkle/spec/pm4.h"

namespace sporkle::sim::kernel::testing {
namespace {

namespace pm4 = spec::pm4;

// WAIT_REG_MEM on memory until (value & ~0) == 1: never true unless someone writes 1 there.
std::vector<uint32_t> wait_forever(uint64_t va) {
  namespace w = pm4::wait_reg_mem;
  return {pm4::packet3(pm4::WAIT_REG_MEM, 6),
          w::FUNCTION.put(3 /* equal */) | w::MEM_SPACE.put(w::kMemory),
          static_cast<uint32_t>(va), static_cast<uint32_t>(va >> 32), 1, 0xffffffff, 4};
}

class ResetTest : public SubmitTest {
 protected:
  uint32_t counter(uint32_t query) {
    uint32_t v = 0;
    drm_amdgpu_info info = {};
    info.return_pointer = reinterpret_cast<uint64_t>(&v);
    info.return_size = sizeof v;
    info.query = query;
    EXPECT_EQ(ioctl(DRM_IOCTL_AMDGPU_INFO, &info), 0);
    return v;
  }
};

TEST_P(ResetTest, HungWaitRegMemIsEndedByTheTimeoutAndTheContextIsGuilty) {
  const uint32_t guilty = create_ctx(), innocent = create_ctx();
  std::memset(host(data_bo) + 64, 0x77, 64);
  EXPECT_EQ(counter(AMDGPU_INFO_VRAM_LOST_COUNTER), 0u);

  uint64_t seq = 0;
  ASSERT_EQ(submit({guilty, AMDGPU_HW_IP_COMPUTE, 0, kIbVa, put_ib(wait_forever(kDataVa))}, &seq), 0);
  EXPECT_EQ(wait_cs(guilty, AMDGPU_HW_IP_COMPUTE, seq, kForever), -ECANCELED);

  EXPECT_EQ(device->gpu_reset_counter(), 1u);
  EXPECT_EQ(counter(AMDGPU_INFO_VRAM_LOST_COUNTER), 1u);
  EXPECT_EQ(query_state2(guilty),
            AMDGPU_CTX_QUERY2_FLAGS_RESET | AMDGPU_CTX_QUERY2_FLAGS_GUILTY | AMDGPU_CTX_QUERY2_FLAGS_VRAMLOST);
  EXPECT_EQ(query_state2(innocent), AMDGPU_CTX_QUERY2_FLAGS_RESET | AMDGPU_CTX_QUERY2_FLAGS_VRAMLOST);

  // QUERY_STATE reports the reset once.
  drm_amdgpu_ctx q = {};
  q.in.op = AMDGPU_CTX_OP_QUERY_STATE;
  q.in.ctx_id = innocent;
  ASSERT_EQ(ioctl(DRM_IOCTL_AMDGPU_CTX, &q), 0);
  EXPECT_EQ(q.out.state.reset_status, uint32_t(AMDGPU_CTX_UNKNOWN_RESET));
  q = {};
  q.in.op = AMDGPU_CTX_OP_QUERY_STATE;
  q.in.ctx_id = innocent;
  ASSERT_EQ(ioctl(DRM_IOCTL_AMDGPU_CTX, &q), 0);
  EXPECT_EQ(q.out.state.reset_status, uint32_t(AMDGPU_CTX_NO_RESET));

  // Every context made before a VRAM-losing reset is refused; a new one works.
  uint32_t nop = put_ib({pm4::kNopPad});
  EXPECT_EQ(submit({guilty, AMDGPU_HW_IP_COMPUTE, 0, kIbVa, nop}, nullptr), -ECANCELED);
  EXPECT_EQ(submit({innocent, AMDGPU_HW_IP_GFX, 0, kIbVa, nop}, nullptr), -ECANCELED);
  const uint32_t fresh = create_ctx();
  EXPECT_EQ(query_state2(fresh), 0u);
  ASSERT_EQ(submit({fresh, AMDGPU_HW_IP_COMPUTE, 0, kIbVa, nop}, &seq), 0);
  EXPECT_EQ(wait_cs(fresh, AMDGPU_HW_IP_COMPUTE, seq, kForever), 0);

  // VRAM is garbage now.
  uint8_t expect[64];
  std::memset(expect, 0x77, sizeof expect);
  EXPECT_NE(std::memcmp(host(data_bo) + 64, expect, sizeof expect), 0);
}

TEST_P(ResetTest, JobsOfOtherRingsCaughtByTheResetAreCancelledWhenVramIsLost) {
  const uint32_t a = create_ctx(), b = create_ctx();
  // b's job waits on the same never-true condition on the GFX ring, but has no timeout of its own before a's.
  uint64_t seq_a = 0, seq_b = 0;
  uint32_t n = put_ib(wait_forever(kDataVa));
  ASSERT_EQ(submit({b, AMDGPU_HW_IP_GFX, 0, kIbVa, n}, &seq_b), 0);
  ASSERT_EQ(submit({a, AMDGPU_HW_IP_COMPUTE, 0, kIbVa, n}, &seq_a), 0);
  EXPECT_EQ(wait_cs(a, AMDGPU_HW_IP_COMPUTE, seq_a, kForever), -ECANCELED);
  EXPECT_EQ(wait_cs(b, AMDGPU_HW_IP_GFX, seq_b, kForever), -ECANCELED);
  EXPECT_GE(device->gpu_reset_counter(), 1u);
}

TEST_P(ResetTest, RepeatedHangsKeepRecovering) {
  uint32_t n = put_ib(wait_forever(kDataVa));
  for (uint32_t i = 1; i <= 10; ++i) {
    const uint32_t ctx = create_ctx();
    uint64_t seq = 0;
    ASSERT_EQ(submit({ctx, AMDGPU_HW_IP_GFX, 0, kIbVa, n}, &seq), 0);
    EXPECT_EQ(wait_cs(ctx, AMDGPU_HW_IP_GFX, seq, kForever), -ECANCELED);
    // Each hang counts twice on the GFX ring: the soft recovery attempt and the full reset.
    EXPECT_EQ(device->gpu_reset_counter(), 2 * i);
  }
  const uint32_t ctx = create_ctx();
  uint64_t seq = 0;
  ASSERT_EQ(submit({ctx, AMDGPU_HW_IP_GFX, 0, kIbVa, put_ib({pm4::kNopPad})}, &seq), 0);
  EXPECT_EQ(wait_cs(ctx, AMDGPU_HW_IP_GFX, seq, kForever), 0);
}

TEST_P(ResetTest, UnblamedResetMarksNobodyGuilty) {
  const uint32_t ctx = create_ctx();
  device->gpu_recover_unblamed();
  EXPECT_EQ(query_state2(ctx), AMDGPU_CTX_QUERY2_FLAGS_RESET | AMDGPU_CTX_QUERY2_FLAGS_VRAMLOST);
}

INSTANTIATE_TEST_SUITE_P(Personalities, ResetTest, ::testing::Values("gfx900", "gfx1030"));

TEST(LockupTimeout, ParsedAsTheKernelParameter) {
  const spec::Personality* p = spec::find_personality("gfx900");
  auto d = Device::create({p, 0, true, "100,0,-1"});
  EXPECT_EQ(d->lockup_timeout_ns(gpu::RingType::Gfx), 100'000'000);
  EXPECT_EQ(d->lockup_timeout_ns(gpu::RingType::Compute), kDefaultLockupTimeoutMs * 1'000'000);
  EXPECT_EQ(d->lockup_timeout_ns(gpu::RingType::Sdma), -1);
  auto single = Device::create({p, 0, true, "250"});  // one value: gfx and sdma, not compute
  EXPECT_EQ(single->lockup_timeout_ns(gpu::RingType::Gfx), 250'000'000);
  EXPECT_EQ(single->lockup_timeout_ns(gpu::RingType::Sdma), 250'000'000);
  EXPECT_EQ(single->lockup_timeout_ns(gpu::RingType::Compute), kDefaultLockupTimeoutMs * 1'000'000);
}

// Single-threaded: a job that stops is recovered at once, on the submitting thread.
class DeterministicTest : public KernelTest {
  bool deterministic() const override { return true; }
};

TEST_P(DeterministicTest, JobsRunAtSubmissionAndHangsRecoverAtOnce) {
  uint32_t ib = create_bo(4096, AMDGPU_GEM_DOMAIN_GTT), data = create_bo(4096, AMDGPU_GEM_DOMAIN_GTT);
  ASSERT_EQ(map_va(ib, kIbVa, 4096), 0);
  ASSERT_EQ(map_va(data, kDataVa, 4096), 0);
  const uint32_t ctx = create_ctx();
  std::vector<uint32_t> dw = {pm4::packet3(pm4::WRITE_DATA, 4), pm4::write_data::DST_SEL.put(5),
                              static_cast<uint32_t>(kDataVa), static_cast<uint32_t>(kDataVa >> 32), 99};
  std::memcpy(host(ib), dw.data(), dw.size() * 4);
  uint64_t seq = 0;
  ASSERT_EQ(submit({ctx, AMDGPU_HW_IP_GFX, 0, kIbVa, static_cast<uint32_t>(dw.size())}, &seq), 0);
  uint64_t busy = 1;
  ASSERT_EQ(wait_cs(ctx, AMDGPU_HW_IP_GFX, seq, 0, &busy), 0);  // a poll: it already ran
  EXPECT_EQ(busy, 0u);
  uint32_t got;
  std::memcpy(&got, host(data), 4);
  EXPECT_EQ(got, 99u);

  dw = {pm4::type3_header(0xF2, 0), 0};
  std::memcpy(host(ib), dw.data(), dw.size() * 4);
  ASSERT_EQ(submit({ctx, AMDGPU_HW_IP_GFX, 0, kIbVa, 2}, &seq), 0);
  EXPECT_EQ(wait_cs(ctx, AMDGPU_HW_IP_GFX, seq, 0), -ECANCELED);
  EXPECT_EQ(device->gpu_reset_counter(), 2u);  // soft recovery attempt, then the full reset
}

INSTANTIATE_TEST_SUITE_P(Personalities, DeterministicTest, ::testing::Values("gfx900", "gfx1030"));

}  // namespace
}  // namespace sporkle::sim::kernel::testing
