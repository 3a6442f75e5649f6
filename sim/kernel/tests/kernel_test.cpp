// The kernel model seen from its ioctl entry point: dispatch rules, object lifetimes, and submissions that
// really execute. (The conformance suite checks the same ABI through the interposer, on any backend.)
#include <sys/mman.h>

#include <thread>

#include "sim/kernel/fence.h"
#include "sim/kernel/uapi.h"
#include "sim/kernel/syncobj.h"
#include "sim/kernel/tests/kernel_fixture.h"
#include "sporkle/spec/pm4.h"

namespace sporkle::sim::kernel::testing {
namespace {

namespace pm4 = spec::pm4;

// WRITE_DATA of `values` to memory at va.
std::vector<uint32_t> write_data(uint64_t va, std::initializer_list<uint32_t> values) {
  std::vector<uint32_t> ib = {pm4::packet3(pm4::WRITE_DATA, 3 + static_cast<uint32_t>(values.size())),
                              pm4::write_data::DST_SEL.put(5) | pm4::write_data::WR_CONFIRM.put(1),
                              static_cast<uint32_t>(va), static_cast<uint32_t>(va >> 32)};
  ib.insert(ib.end(), values);
  return ib;
}

class KernelIoctl : public SubmitTest {
 protected:
  void SetUp() override {
    SubmitTest::SetUp();
    ctx = create_ctx();
  }
  uint32_t ctx = 0;
};

TEST_P(KernelIoctl, NonDrmTypeIsEnotty) {
  int dummy = 0;
  EXPECT_EQ(ioctl(_IOWR('x', 0x00, int), &dummy), -ENOTTY);
}

TEST_P(KernelIoctl, DriverTableHolesAndPastTheEndAreEinval) {
  uint64_t arg[8] = {};
  for (unsigned nr = 0x4A; nr <= 0x4F; ++nr) EXPECT_EQ(ioctl(DRM_IOWR(nr, uint64_t[2]), arg), -EINVAL) << nr;
  EXPECT_EQ(ioctl(DRM_IOWR(0x56, uint64_t[2]), arg), -EINVAL);
}

TEST_P(KernelIoctl, UnmappedArgumentIsEfaultNotACrash) {
  EXPECT_EQ(ioctl(DRM_IOCTL_AMDGPU_CTX, reinterpret_cast<void*>(0x10)), -EFAULT);
  void* page = mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(page, MAP_FAILED);
  EXPECT_EQ(ioctl(DRM_IOCTL_AMDGPU_CTX, page), -EFAULT);
  munmap(page, 4096);
}

TEST_P(KernelIoctl, ShortStructIsZeroExtendedAndOutputTruncated) {
  // A 4-byte GEM_CREATE: bo_size's low half only; everything else reads as zero, so the size is 4096 and the
  // domain 0 (system memory). Only 4 bytes of the handle come back.
  uint32_t args = 4096;
  EXPECT_EQ(ioctl(_IOC(_IOC_READ | _IOC_WRITE, DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_AMDGPU_GEM_CREATE, 4), &args), 0);
  EXPECT_EQ(args, 3u);  // the third handle of this file (two made in SetUp)
}

TEST_P(KernelIoctl, WriteDataRunsOnGfxAndComputeRings) {
  for (uint32_t ip : {AMDGPU_HW_IP_GFX, AMDGPU_HW_IP_COMPUTE}) {
    uint32_t n = put_ib(write_data(kDataVa, {0xdeadbeef, ip + 1u}));
    uint64_t seq = 0;
    ASSERT_EQ(submit({ctx, ip, 0, kIbVa, n}, &seq), 0);
    EXPECT_EQ(seq, 1u);  // sequence numbers are per entity
    uint64_t busy = 2;
    ASSERT_EQ(wait_cs(ctx, ip, seq, kForever, &busy), 0);
    EXPECT_EQ(busy, 0u);
    uint32_t got[2];
    std::memcpy(got, host(data_bo), sizeof got);
    EXPECT_EQ(got[0], 0xdeadbeefu);
    EXPECT_EQ(got[1], ip + 1u);
  }
}

TEST_P(KernelIoctl, SequenceNumbersCountPerEntityFromOne) {
  uint32_t n = put_ib({pm4::kNopPad, pm4::kNopPad});
  for (uint64_t want = 1; want <= 3; ++want) {
    uint64_t seq = 0;
    ASSERT_EQ(submit({ctx, AMDGPU_HW_IP_GFX, 0, kIbVa, n}, &seq), 0);
    EXPECT_EQ(seq, want);
  }
  EXPECT_EQ(wait_cs(ctx, AMDGPU_HW_IP_GFX, 4, kForever), -EINVAL);  // not emitted yet
  EXPECT_EQ(wait_cs(ctx, AMDGPU_HW_IP_GFX, 3, kForever), 0);
}

TEST_P(KernelIoctl, IllegalPacketCancelsTheJobAndMakesTheContextGuilty) {
  uint32_t n = put_ib({pm4::type3_header(0xF2, 0), 0});  // an opcode no ASIC has
  uint64_t seq = 0;
  ASSERT_EQ(submit({ctx, AMDGPU_HW_IP_GFX, 0, kIbVa, n}, &seq), 0);
  EXPECT_EQ(wait_cs(ctx, AMDGPU_HW_IP_GFX, seq, kForever), -ECANCELED);
  drm_amdgpu_ctx q = {};
  q.in.op = AMDGPU_CTX_OP_QUERY_STATE2;
  q.in.ctx_id = ctx;
  ASSERT_EQ(ioctl(DRM_IOCTL_AMDGPU_CTX, &q), 0);
  EXPECT_TRUE(q.out.state.flags & AMDGPU_CTX_QUERY2_FLAGS_GUILTY);
  EXPECT_EQ(submit({ctx, AMDGPU_HW_IP_GFX, 0, kIbVa, n}, nullptr), -ECANCELED);
  EXPECT_FALSE(device->hang_log().empty());
}

TEST_P(KernelIoctl, UnmappedIbIsAFaultNotAHostAccess) {
  uint64_t seq = 0;
  ASSERT_EQ(submit({ctx, AMDGPU_HW_IP_COMPUTE, 0, 0x7000000000ull, 16}, &seq), 0);
  EXPECT_EQ(wait_cs(ctx, AMDGPU_HW_IP_COMPUTE, seq, kForever), -ECANCELED);
  ASSERT_GE(file->vm().fault_count(), 1u);
  EXPECT_EQ(file->vm().faults().back().va, 0x7000000000ull);
}

TEST_P(KernelIoctl, ClosedBufferLivesUntilTheJobUsingItSignals) {
  // The job waits on a syncobj whose fence we signal only after closing the buffer's handle.
  drm_syncobj_create sc = {};
  ASSERT_EQ(ioctl(DRM_IOCTL_SYNCOBJ_CREATE, &sc), 0);
  uint32_t big = create_bo(64 << 20, AMDGPU_GEM_DOMAIN_VRAM);
  uint64_t before = device->usage(AMDGPU_GEM_DOMAIN_VRAM);
  drm_amdgpu_bo_list_entry entry = {big, 0};
  drm_amdgpu_bo_list list = {};
  list.in.operation = AMDGPU_BO_LIST_OP_CREATE;
  list.in.bo_number = 1;
  list.in.bo_info_size = sizeof entry;
  list.in.bo_info_ptr = reinterpret_cast<uint64_t>(&entry);
  ASSERT_EQ(ioctl(DRM_IOCTL_AMDGPU_BO_LIST, &list), 0);

  auto gate = Fence::create();
  auto gate_obj = file->syncobjs.get(sc.handle);
  ASSERT_TRUE(gate_obj);
  gate_obj->replace(gate);
  drm_amdgpu_cs_chunk_sem in = {sc.handle};
  std::vector<uint8_t> payload(sizeof in);
  std::memcpy(payload.data(), &in, sizeof in);
  uint32_t n = put_ib({pm4::kNopPad});
  uint64_t seq = 0;
  Submission s{ctx, AMDGPU_HW_IP_GFX, 0, kIbVa, n, {{AMDGPU_CHUNK_ID_SYNCOBJ_IN, payload}}, list.out.list_handle};
  ASSERT_EQ(submit(s, &seq), 0);

  drm_amdgpu_bo_list destroy = {};
  destroy.in.operation = AMDGPU_BO_LIST_OP_DESTROY;
  destroy.in.list_handle = list.out.list_handle;
  ASSERT_EQ(ioctl(DRM_IOCTL_AMDGPU_BO_LIST, &destroy), 0);
  drm_gem_close close_args = {big, 0};
  ASSERT_EQ(ioctl(DRM_IOCTL_GEM_CLOSE, &close_args), 0);
  EXPECT_EQ(device->usage(AMDGPU_GEM_DOMAIN_VRAM), before);  // still held by the queued job

  gate->signal();
  ASSERT_EQ(wait_cs(ctx, AMDGPU_HW_IP_GFX, seq, kForever), 0);
  // The worker drops its references right after signalling.
  for (int i = 0; i < 1000 && device->usage(AMDGPU_GEM_DOMAIN_VRAM) == before; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_EQ(device->usage(AMDGPU_GEM_DOMAIN_VRAM), before - (64 << 20));
}

TEST_P(KernelIoctl, SyncobjOutSignalsWhenTheJobCompletes) {
  drm_syncobj_create sc = {};
  ASSERT_EQ(ioctl(DRM_IOCTL_SYNCOBJ_CREATE, &sc), 0);
  drm_amdgpu_cs_chunk_sem out = {sc.handle};
  std::vector<uint8_t> payload(sizeof out);
  std::memcpy(payload.data(), &out, sizeof out);
  uint32_t n = put_ib(write_data(kDataVa, {42}));
  ASSERT_EQ(submit({ctx, AMDGPU_HW_IP_COMPUTE, 0, kIbVa, n, {{AMDGPU_CHUNK_ID_SYNCOBJ_OUT, payload}}}, nullptr), 0);
  drm_syncobj_wait w = {};
  w.handles = reinterpret_cast<uint64_t>(&sc.handle);
  w.count_handles = 1;
  w.timeout_nsec = INT64_MAX;
  ASSERT_EQ(ioctl(DRM_IOCTL_SYNCOBJ_WAIT, &w), 0);
  EXPECT_EQ(w.first_signaled, 0u);
  uint32_t got;
  std::memcpy(&got, host(data_bo), 4);
  EXPECT_EQ(got, 42u);
}

TEST_P(KernelIoctl, VramOnlyBufferGoesToGttWhenVramIsFull) {
  const spec::Personality& p = device->personality();
  const uint64_t gtt_before = device->usage(AMDGPU_GEM_DOMAIN_GTT);
  EXPECT_NE(create_bo(p.vram_size - (64 << 20), AMDGPU_GEM_DOMAIN_VRAM), 0u);
  EXPECT_EQ(device->usage(AMDGPU_GEM_DOMAIN_GTT), gtt_before);
  EXPECT_NE(create_bo(128 << 20, AMDGPU_GEM_DOMAIN_VRAM), 0u);  // user VRAM BOs may live in GTT
  EXPECT_EQ(device->usage(AMDGPU_GEM_DOMAIN_GTT), gtt_before + (128 << 20));
  drm_amdgpu_gem_create args = {};
  args.in.bo_size = 128 << 20;
  args.in.domains = AMDGPU_GEM_DOMAIN_VRAM;
  args.in.domain_flags = AMDGPU_GEM_CREATE_DISCARDABLE;  // may not leave VRAM, but the ioctl retries as VRAM|GTT
  EXPECT_EQ(ioctl(DRM_IOCTL_AMDGPU_GEM_CREATE, &args), 0);
  EXPECT_EQ(device->usage(AMDGPU_GEM_DOMAIN_GTT), gtt_before + (256 << 20));
}

TEST_P(KernelIoctl, GemCreateSizeErrors) {
  drm_amdgpu_gem_create args = {};
  args.in.bo_size = 0;
  args.in.domains = AMDGPU_GEM_DOMAIN_GTT;
  EXPECT_EQ(ioctl(DRM_IOCTL_AMDGPU_GEM_CREATE, &args), -ENOSPC);
  args.in.bo_size = device->personality().gtt_size;
  EXPECT_EQ(ioctl(DRM_IOCTL_AMDGPU_GEM_CREATE, &args), -ENOMEM);
}

INSTANTIATE_TEST_SUITE_P(Personalities, KernelIoctl, ::testing::Values("gfx900", "gfx1030"));

}  // namespace
}  // namespace sporkle::sim::kernel::testing
