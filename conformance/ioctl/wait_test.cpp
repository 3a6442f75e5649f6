// Waiting (kernel-uapi.md 2.6, 2.12-2.14): WAIT_CS, WAIT_FENCES, FENCE_TO_HANDLE and GEM_WAIT_IDLE, with jobs
// that are really busy: each blocker IB waits on a memory word that the CPU writes when the test is ready.
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "conformance/framework/cs.h"
#include "conformance/framework/fixture.h"
#include "conformance/framework/packets.h"

namespace sporkle::conformance {
namespace {

constexpr int64_t kSeconds = 1000000000ll;
int64_t deadline() { return static_cast<int64_t>(monotonic_ns()) + 20 * kSeconds; }

class WaitRing : public RingTest {
 protected:
  void SetUp() override {
    RingTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_NO_FATAL_FAILURE(ctx(&ctx_));
    ASSERT_NO_FATAL_FAILURE(create_mapped(flag_, 4096));
    ASSERT_NO_FATAL_FAILURE(make_ib(blocker_, ip(), wait_packets(flag_.va, 1)));
    std::vector<uint32_t> nops(8, nop());
    ASSERT_NO_FATAL_FAILURE(make_ib(nop_ib_, ip(), nops));
  }
  void TearDown() override { release(); }
  // Submits the blocker; it stays busy until release().
  void block(uint64_t* seq, std::vector<uint32_t> bos = {}, uint32_t syncobj_out = 0) {
    CsRequest r;
    bos.push_back(flag_.handle);
    bos.push_back(blocker_.handle);
    r.ib(ip(), ring(), blocker_.va, blocker_.ib_bytes).bo_handles(bos);
    if (syncobj_out) r.syncobj_out({syncobj_out});
    ASSERT_EQ(r.submit(fd(), ctx_, seq), 0);
  }
  void release() {
    if (flag_.cpu) __atomic_store_n(flag_.words(), 1u, __ATOMIC_SEQ_CST);
  }
  uint32_t ctx_ = 0;
  Buffer flag_, blocker_, nop_ib_;
};

TEST_P(WaitRing, WaitCsReportsBusyUntilTheJobCompletes) {
  uint64_t seq = 0;
  ASSERT_NO_FATAL_FAILURE(block(&seq));
  uint64_t status = 77;
  EXPECT_EQ(wait_cs(fd(), ctx_, ip(), ring(), seq, 0, &status), 0);
  EXPECT_EQ(status, 1u) << "a poll of a busy job reports status 1";
  status = 77;
  EXPECT_EQ(wait_cs(fd(), ctx_, ip(), ring(), seq, static_cast<int64_t>(monotonic_ns()) + 1000000, &status), 0);
  EXPECT_EQ(status, 1u) << "a timeout is not an error";
  release();
  status = 77;
  EXPECT_EQ(wait_cs(fd(), ctx_, ip(), ring(), seq, deadline(), &status), 0);
  EXPECT_EQ(status, 0u);
}

TEST_P(WaitRing, LaterJobsOnTheRingWaitForTheBusyOne) {
  uint64_t busy = 0, next = 0;
  ASSERT_NO_FATAL_FAILURE(block(&busy));
  ASSERT_EQ(submit_ib(ctx_, ip(), ring(), nop_ib_, {}, &next), 0);
  EXPECT_EQ(next, busy + 1);
  uint64_t status = 0;
  EXPECT_EQ(wait_cs(fd(), ctx_, ip(), ring(), next, 0, &status), 0);
  EXPECT_EQ(status, 1u) << "a ring runs its jobs in order";
  release();
  EXPECT_EQ(wait_cs(fd(), ctx_, ip(), ring(), next, deadline(), &status), 0);
  EXPECT_EQ(status, 0u);
}

TEST_P(WaitRing, WaitFencesAllAndAny) {
  uint64_t done = 0, busy = 0;
  ASSERT_EQ(submit_ib(ctx_, ip(), ring(), nop_ib_, {}, &done), 0);
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, ip(), ring(), done));
  ASSERT_NO_FATAL_FAILURE(block(&busy));
  drm_amdgpu_fence fences[2] = {{ctx_, ip(), 0, ring(), busy}, {ctx_, ip(), 0, ring(), done}};
  drm_amdgpu_wait_fences args{};
  args.in.fences = ptr(fences);
  args.in.fence_count = 2;
  args.in.wait_all = 1;
  args.in.timeout_ns = 0;
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_WAIT_FENCES, &args), 0);
  EXPECT_EQ(args.out.status, 0u) << "wait_all timed out: status 0";

  args = {};
  args.in.fences = ptr(fences);
  args.in.fence_count = 2;
  args.in.wait_all = 0;
  args.in.timeout_ns = 0;
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_WAIT_FENCES, &args), 0);
  EXPECT_EQ(args.out.status, 1u) << "wait_any: one is signalled";
  EXPECT_EQ(args.out.first_signaled, 1u);

  args = {};
  args.in.fences = ptr(fences);
  args.in.fence_count = 1;
  args.in.wait_all = 0;
  args.in.timeout_ns = 0;
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_WAIT_FENCES, &args), 0);
  EXPECT_EQ(args.out.status, 0u) << "wait_any over the busy fence only";

  release();
  args = {};
  args.in.fences = ptr(fences);
  args.in.fence_count = 2;
  args.in.wait_all = 1;
  args.in.timeout_ns = static_cast<uint64_t>(deadline());
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_WAIT_FENCES, &args), 0);
  EXPECT_EQ(args.out.status, 1u) << "wait_all: all signalled";
}

TEST_P(WaitRing, GemWaitIdleReportsABufferBusyWhileAJobUsesIt) {
  Buffer shared;
  ASSERT_NO_FATAL_FAILURE(create(shared, 4096));
  uint64_t seq = 0;
  ASSERT_NO_FATAL_FAILURE(block(&seq, {shared.handle}));
  uint32_t status = 77;
  EXPECT_EQ(gem_wait_idle(fd(), shared.handle, 0, &status), 0);
  EXPECT_EQ(status, 1u);
  release();
  status = 77;
  EXPECT_EQ(gem_wait_idle(fd(), shared.handle, deadline(), &status), 0);
  EXPECT_EQ(status, 0u);
  uint32_t unused = 0;
  ASSERT_EQ(gem_create(fd(), 4096, AMDGPU_GEM_DOMAIN_GTT, 0, &unused), 0);
  EXPECT_EQ(gem_wait_idle(fd(), unused, 0, &status), 0);
  EXPECT_EQ(status, 0u);
}

TEST_P(WaitRing, SyncobjWaitTimesOutWithEtimeWhileTheJobIsBusy) {
  uint32_t syncobj = 0;
  ASSERT_EQ(syncobj_create(fd(), 0, &syncobj), 0);
  uint64_t seq = 0;
  ASSERT_NO_FATAL_FAILURE(block(&seq, {}, syncobj));
  EXPECT_EQ(syncobj_wait(fd(), {syncobj}, 0, 0), ETIME);
  EXPECT_EQ(syncobj_wait(fd(), {syncobj}, static_cast<int64_t>(monotonic_ns()) + 1000000, 0), ETIME);
  uint32_t signalled = 0;
  ASSERT_EQ(syncobj_create(fd(), DRM_SYNCOBJ_CREATE_SIGNALED, &signalled), 0);
  uint32_t first = 0;
  EXPECT_EQ(syncobj_wait(fd(), {syncobj, signalled}, 0, 0, &first), 0);
  EXPECT_EQ(first, 1u);
  EXPECT_EQ(syncobj_wait(fd(), {syncobj, signalled}, 0, DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL), ETIME);
  release();
  EXPECT_EQ(syncobj_wait(fd(), {syncobj, signalled}, deadline(), DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL, &first), 0);
}

TEST_P(WaitRing, FenceToHandleOfABusyJobSignalsWhenItCompletes) {
  uint64_t seq = 0;
  ASSERT_NO_FATAL_FAILURE(block(&seq));
  drm_amdgpu_fence_to_handle args{};
  args.in.fence = {ctx_, ip(), 0, ring(), seq};
  args.in.what = AMDGPU_FENCE_TO_HANDLE_GET_SYNCOBJ;
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_FENCE_TO_HANDLE, &args), 0);
  const uint32_t syncobj = args.out.handle;
  EXPECT_EQ(syncobj_wait(fd(), {syncobj}, 0, 0), ETIME);
  args.in.what = AMDGPU_FENCE_TO_HANDLE_GET_SYNC_FILE_FD;
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_FENCE_TO_HANDLE, &args), 0);
  const int sync_file = static_cast<int>(args.out.handle);
  pollfd p{sync_file, POLLIN, 0};
  EXPECT_EQ(poll(&p, 1, 0), 0) << "the sync_file is not readable while the job runs";
  release();
  EXPECT_EQ(syncobj_wait(fd(), {syncobj}, deadline(), 0), 0);
  EXPECT_EQ(poll(&p, 1, 20000), 1);
  close(sync_file);
}

SPORKLE_RING_SUITE(ioctl, WaitRing, AMDGPU_HW_IP_GFX, AMDGPU_HW_IP_COMPUTE, AMDGPU_HW_IP_DMA);

// ---- lookups and argument checks ----

class Wait : public DeviceTest {
 protected:
  void SetUp() override {
    DeviceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_NO_FATAL_FAILURE(ctx(&ctx_));
    std::vector<uint32_t> nops(8, kPm4Nop);
    ASSERT_NO_FATAL_FAILURE(make_ib(ib_, AMDGPU_HW_IP_GFX, nops));
  }
  uint64_t submit() {
    uint64_t seq = 0;
    EXPECT_EQ(submit_ib(ctx_, AMDGPU_HW_IP_GFX, 0, ib_, {}, &seq), 0);
    return seq;
  }
  int fence_to_handle(uint32_t ctx, uint32_t ip, uint32_t ring, uint64_t seq, uint32_t what, uint32_t* out) {
    drm_amdgpu_fence_to_handle args{};
    args.in.fence = {ctx, ip, 0, ring, seq};
    args.in.what = what;
    int err = xioctl(fd(), DRM_IOCTL_AMDGPU_FENCE_TO_HANDLE, &args);
    if (out) *out = args.out.handle;
    return err;
  }
  int wait_fences(std::vector<drm_amdgpu_fence> fences, uint32_t wait_all, int64_t timeout,
                  drm_amdgpu_wait_fences* out = nullptr) {
    drm_amdgpu_wait_fences args{};
    args.in.fences = fences.empty() ? 0 : ptr(fences.data());
    args.in.fence_count = static_cast<uint32_t>(fences.size());
    args.in.wait_all = wait_all;
    args.in.timeout_ns = static_cast<uint64_t>(timeout);
    int err = xioctl(fd(), DRM_IOCTL_AMDGPU_WAIT_FENCES, &args);
    if (out) *out = args;
    return err;
  }
  uint32_t ctx_ = 0;
  Buffer ib_;
};

TEST_P(Wait, WaitCsOnAFreshEntityAcceptsSeqZeroAndRejectsSeqOne) {
  uint64_t status = 77;
  EXPECT_EQ(wait_cs(fd(), ctx_, AMDGPU_HW_IP_COMPUTE, 0, 0, 0, &status), 0);
  EXPECT_EQ(status, 0u);
  EXPECT_EQ(wait_cs(fd(), ctx_, AMDGPU_HW_IP_COMPUTE, 0, 1, 0, &status), EINVAL);
}

TEST_P(Wait, WaitCsOfAFutureSequenceNumberIsEinval) {
  uint64_t seq = submit();
  EXPECT_EQ(wait_cs(fd(), ctx_, AMDGPU_HW_IP_GFX, 0, seq + 1, deadline(), nullptr), EINVAL);
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, AMDGPU_HW_IP_GFX, 0, seq));
}

TEST_P(Wait, WaitCsUnknownContextOrBadEntityIsEinval) {
  uint64_t seq = submit();
  EXPECT_EQ(wait_cs(fd(), 999, AMDGPU_HW_IP_GFX, 0, seq, 0, nullptr), EINVAL);
  EXPECT_EQ(wait_cs(fd(), ctx_, AMDGPU_HW_IP_NUM, 0, seq, 0, nullptr), EINVAL);
  EXPECT_EQ(wait_cs(fd(), ctx_, AMDGPU_HW_IP_GFX, 1, seq, 0, nullptr), EINVAL);
  drm_amdgpu_wait_cs args{};
  args.in.handle = seq;
  args.in.ctx_id = ctx_;
  args.in.ip_instance = 1;
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_WAIT_CS, &args), EINVAL);
}

TEST_P(Wait, WaitCsOfARetiredSequenceNumberIsSignalled) {
  uint64_t seq = 0;
  for (int i = 0; i < 40; ++i) seq = submit();
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, AMDGPU_HW_IP_GFX, 0, seq));
  uint64_t status = 77;
  EXPECT_EQ(wait_cs(fd(), ctx_, AMDGPU_HW_IP_GFX, 0, 1, 0, &status), 0);
  EXPECT_EQ(status, 0u);
}

TEST_P(Wait, WaitCsWithNegativeTimeoutWaitsForever) {
  uint64_t seq = submit();
  uint64_t status = 77;
  EXPECT_EQ(wait_cs(fd(), ctx_, AMDGPU_HW_IP_GFX, 0, seq, kInfinite, &status), 0);
  EXPECT_EQ(status, 0u);
}

TEST_P(Wait, WaitCsZeroesTheUnionOnSuccess) {
  uint64_t seq = submit();
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, AMDGPU_HW_IP_GFX, 0, seq));
  drm_amdgpu_wait_cs args{};
  args.in.handle = seq;
  args.in.timeout = 0;
  args.in.ctx_id = ctx_;
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_WAIT_CS, &args), 0);
  EXPECT_EQ(args.out.status, 0u);
  EXPECT_EQ(args.in.ctx_id, 0u);
  EXPECT_EQ(args.in.timeout, 0u);
}

TEST_P(Wait, WaitFencesWithNoFences) {
  drm_amdgpu_wait_fences out{};
  EXPECT_EQ(wait_fences({}, 1, 0, &out), 0);
  EXPECT_EQ(out.out.status, 1u) << "wait_all over nothing is all-signalled";
  EXPECT_EQ(wait_fences({}, 0, 0), EINVAL) << "wait_any over nothing";
}

TEST_P(Wait, WaitFencesLookupErrorsAreEinval) {
  uint64_t seq = submit();
  for (uint32_t all : {0u, 1u}) {
    EXPECT_EQ(wait_fences({{999, AMDGPU_HW_IP_GFX, 0, 0, seq}}, all, deadline()), EINVAL);
    EXPECT_EQ(wait_fences({{ctx_, AMDGPU_HW_IP_GFX, 0, 0, seq + 5}}, all, deadline()), EINVAL);
    EXPECT_EQ(wait_fences({{ctx_, AMDGPU_HW_IP_GFX, 0, 3, seq}}, all, deadline()), EINVAL);
  }
}

TEST_P(Wait, WaitFencesAnyReportsTheFirstSignalledIndex) {
  uint64_t a = submit(), b = submit();
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, AMDGPU_HW_IP_GFX, 0, b));
  drm_amdgpu_wait_fences out{};
  ASSERT_EQ(wait_fences({{ctx_, AMDGPU_HW_IP_GFX, 0, 0, b}, {ctx_, AMDGPU_HW_IP_GFX, 0, 0, a}}, 0, 0, &out), 0);
  EXPECT_EQ(out.out.status, 1u);
  EXPECT_EQ(out.out.first_signaled, 0u);
}

TEST_P(Wait, WaitFencesBadArrayPointerIsEfault) {
  drm_amdgpu_wait_fences args{};
  args.in.fences = 0x10;
  args.in.fence_count = 1;
  args.in.wait_all = 1;
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_WAIT_FENCES, &args), EFAULT);
  args.in.fences = ptr(no_access_page());
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_WAIT_FENCES, &args), EFAULT);
}

TEST_P(Wait, FenceToHandleGivesASignalledSyncobjForADoneJob) {
  uint64_t seq = submit();
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, AMDGPU_HW_IP_GFX, 0, seq));
  uint32_t syncobj = 0;
  ASSERT_EQ(fence_to_handle(ctx_, AMDGPU_HW_IP_GFX, 0, seq, AMDGPU_FENCE_TO_HANDLE_GET_SYNCOBJ, &syncobj), 0);
  EXPECT_NE(syncobj, 0u);
  EXPECT_EQ(syncobj_wait(fd(), {syncobj}, 0, 0), 0);
}

TEST_P(Wait, FenceToHandleOfARetiredOrZeroSequenceIsASignalledStub) {
  uint32_t syncobj = 0;
  ASSERT_EQ(fence_to_handle(ctx_, AMDGPU_HW_IP_GFX, 0, 0, AMDGPU_FENCE_TO_HANDLE_GET_SYNCOBJ, &syncobj), 0);
  EXPECT_EQ(syncobj_wait(fd(), {syncobj}, 0, 0), 0);
}

TEST_P(Wait, FenceToHandleSyncobjFdImportsIntoASignalledSyncobj) {
  uint64_t seq = submit();
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, AMDGPU_HW_IP_GFX, 0, seq));
  uint32_t out_fd = 0;
  ASSERT_EQ(fence_to_handle(ctx_, AMDGPU_HW_IP_GFX, 0, seq, AMDGPU_FENCE_TO_HANDLE_GET_SYNCOBJ_FD, &out_fd), 0);
  uint32_t syncobj = 0;
  ASSERT_EQ(syncobj_from_fd(fd(), static_cast<int>(out_fd), 0, &syncobj), 0);
  EXPECT_EQ(syncobj_wait(fd(), {syncobj}, 0, 0), 0);
  close(static_cast<int>(out_fd));
}

TEST_P(Wait, FenceToHandleSyncFileIsReadableAndCloseOnExec) {
  uint64_t seq = submit();
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, AMDGPU_HW_IP_GFX, 0, seq));
  uint32_t out_fd = 0;
  ASSERT_EQ(fence_to_handle(ctx_, AMDGPU_HW_IP_GFX, 0, seq, AMDGPU_FENCE_TO_HANDLE_GET_SYNC_FILE_FD, &out_fd), 0);
  pollfd p{static_cast<int>(out_fd), POLLIN, 0};
  EXPECT_EQ(poll(&p, 1, 0), 1);
  EXPECT_TRUE(fcntl(static_cast<int>(out_fd), F_GETFD) & FD_CLOEXEC);
  close(static_cast<int>(out_fd));
}

TEST_P(Wait, FenceToHandleChecks) {
  uint64_t seq = submit();
  EXPECT_EQ(fence_to_handle(ctx_, AMDGPU_HW_IP_GFX, 0, seq, 3, nullptr), EINVAL) << "unknown what";
  EXPECT_EQ(fence_to_handle(999, AMDGPU_HW_IP_GFX, 0, seq, 0, nullptr), EINVAL) << "unknown ctx";
  EXPECT_EQ(fence_to_handle(ctx_, AMDGPU_HW_IP_GFX, 0, seq + 1, 0, nullptr), EINVAL) << "future seq";
  EXPECT_EQ(fence_to_handle(ctx_, AMDGPU_HW_IP_GFX, 2, seq, 0, nullptr), EINVAL) << "bad ring";
  EXPECT_EQ(fence_to_handle(999, AMDGPU_HW_IP_GFX, 0, seq, 3, nullptr), EINVAL);
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_, AMDGPU_HW_IP_GFX, 0, seq));
}

SPORKLE_DEVICE_SUITE(ioctl, Wait);

}  // namespace
}  // namespace sporkle::conformance
