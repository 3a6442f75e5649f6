// How a bad command stream ends, on every ring: an illegal opcode (the CP's "Illegal instruction in command
// stream" interrupt, then the job timeout and GPU recovery) and a write to an unmapped GPU VA.
#include <cerrno>
#include <cstring>

#include "conformance/framework/fixture.h"
#include "conformance/framework/packets.h"

namespace sporkle::conformance {
namespace {

class Faults : public RingTest {
 protected:
  void SetUp() override {
    RingTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_NO_FATAL_FAILURE(ctx(&ctx_));
    ASSERT_NO_FATAL_FAILURE(create_mapped(data_, 4096));
  }
  int run(uint32_t ctx_id, const std::vector<uint32_t>& packets) {
    Buffer ib;
    make_ib(ib, ip(), packets);
    if (HasFatalFailure()) return -1;
    uint64_t seq = 0;
    if (int e = submit_ib(ctx_id, ip(), ring(), ib, {data_.handle}, &seq)) return e;
    uint64_t status = 0;
    return wait_cs(fd(), ctx_id, ip(), ring(), seq, kInfinite, &status);
  }
  bool guilty(uint32_t ctx_id) {
    drm_amdgpu_ctx_out out{};
    EXPECT_EQ(ctx_op(fd(), AMDGPU_CTX_OP_QUERY_STATE2, ctx_id, 0, &out), 0);
    return out.state.flags & AMDGPU_CTX_QUERY2_FLAGS_GUILTY;
  }
  uint32_t ctx_ = 0;
  Buffer data_;
};

TEST_P(Faults, IllegalOpcodeCancelsTheJobAndMakesTheContextGuilty) {
  // PM4: IGT's invalid opcode 0xF2. SDMA: IGT's corrupted header.
  std::vector<uint32_t> bad = is_sdma() ? std::vector<uint32_t>{0x23decd3d}
                                        : std::vector<uint32_t>{pm4_type3(0xF2, 4), 0, 0, 0, 0};
  const uint32_t one[] = {1};
  auto after = write_packets(data_.va, one);
  bad.insert(bad.end(), after.begin(), after.end());
  EXPECT_EQ(run(ctx_, bad), ECANCELED);
  EXPECT_EQ(data_.words()[0], 0u) << "nothing after the bad packet ran";
  EXPECT_TRUE(guilty(ctx_));
  // A guilty context accepts no more work; a fresh one runs normally.
  EXPECT_EQ(run(ctx_, write_packets(data_.va, one)), ECANCELED);
  uint32_t fresh = 0;
  ASSERT_NO_FATAL_FAILURE(ctx(&fresh));
  EXPECT_EQ(run(fresh, write_packets(data_.va + 4, one)), 0);
  EXPECT_EQ(data_.words()[1], 1u);
}

TEST_P(Faults, WriteToAnUnmappedVa) {
  // On the simulator a VM fault stops the job: its fence reports ECANCELED and the context is guilty, as after
  // the recovery that a real hang gets. Real gfx9/gfx10 hardware with the default amdgpu.vm_fault_stop=0 logs
  // the fault ("[gfxhub] page fault") and drops the write, and the job completes with status 0; with
  // vm_fault_stop=2 it stops like the simulator. Either way the write must land nowhere and other work goes on.
  const uint64_t unmapped = next_va(1 << 20);
  const uint32_t value[] = {0xBAD};
  int r = run(ctx_, write_packets(unmapped, value));
  EXPECT_TRUE(r == ECANCELED || r == 0) << "WAIT_CS: " << std::strerror(r);
  if (r == ECANCELED) {
    EXPECT_TRUE(guilty(ctx_));
  }
  uint32_t fresh = 0;
  ASSERT_NO_FATAL_FAILURE(ctx(&fresh));
  const uint32_t one[] = {1};
  EXPECT_EQ(run(fresh, write_packets(data_.va, one)), 0);
  EXPECT_EQ(data_.words()[0], 1u);
}

SPORKLE_RING_SUITE(pm4, Faults, AMDGPU_HW_IP_GFX, AMDGPU_HW_IP_COMPUTE, AMDGPU_HW_IP_DMA);

}  // namespace
}  // namespace sporkle::conformance
