// DRM syncobjs (kernel-uapi.md section 3): create / destroy, binary and timeline signal / reset / wait / query,
// transfer, and fd round trips, each with its checks in order.
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/framework/fixture.h"

namespace sporkle::conformance {
namespace {

constexpr uint32_t kAll = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL;
constexpr uint32_t kForSubmit = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT;
constexpr uint32_t kAvailable = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_AVAILABLE;

class Syncobj : public DeviceTest {
 protected:
  uint32_t make(uint32_t flags = 0) {
    uint32_t h = 0;
    EXPECT_EQ(syncobj_create(fd(), flags, &h), 0);
    return h;
  }
  int signal_point(uint32_t h, uint64_t point) {
    std::vector<uint64_t> points{point};
    return syncobj_timeline_op(fd(), DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, {h}, &points);
  }
  uint64_t query(uint32_t h, uint32_t flags = 0) {
    std::vector<uint64_t> points{0xdead};
    EXPECT_EQ(syncobj_timeline_op(fd(), DRM_IOCTL_SYNCOBJ_QUERY, {h}, &points, flags), 0);
    return points[0];
  }
  int transfer(uint32_t src, uint64_t src_point, uint32_t dst, uint64_t dst_point, uint32_t flags = 0,
               uint32_t pad = 0) {
    drm_syncobj_transfer args{src, dst, src_point, dst_point, flags, pad};
    return xioctl(fd(), DRM_IOCTL_SYNCOBJ_TRANSFER, &args);
  }
};

TEST_P(Syncobj, HandlesStartAtOneAndReuseTheLowestFree) {
  EXPECT_EQ(make(), 1u);
  EXPECT_EQ(make(), 2u);
  EXPECT_EQ(make(), 3u);
  ASSERT_EQ(syncobj_destroy(fd(), 2), 0);
  EXPECT_EQ(make(), 2u);
}

TEST_P(Syncobj, HandlesAreSeparateFromGemHandles) {
  uint32_t bo = 0;
  ASSERT_EQ(gem_create(fd(), 4096, AMDGPU_GEM_DOMAIN_GTT, 0, &bo), 0);
  EXPECT_EQ(bo, 1u);
  EXPECT_EQ(make(), 1u);
}

TEST_P(Syncobj, CreateRejectsUnknownFlags) {
  for (uint32_t flags : {2u, 3u, 0x80000000u}) EXPECT_EQ(syncobj_create(fd(), flags, nullptr), EINVAL);
}

TEST_P(Syncobj, DestroyChecksPadThenHandle) {
  uint32_t h = make();
  drm_syncobj_destroy bad_pad{h, 1};
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_SYNCOBJ_DESTROY, &bad_pad), EINVAL);
  EXPECT_EQ(syncobj_destroy(fd(), h), 0) << "the failed destroy left it alone";
  EXPECT_EQ(syncobj_destroy(fd(), h), EINVAL) << "unknown handle is EINVAL for DESTROY";
}

TEST_P(Syncobj, CreatedSignalledWaitsImmediately) {
  uint32_t h = make(DRM_SYNCOBJ_CREATE_SIGNALED);
  uint32_t first = 77;
  EXPECT_EQ(syncobj_wait(fd(), {h}, 0, 0, &first), 0);
  EXPECT_EQ(first, 0u);
  EXPECT_EQ(syncobj_wait(fd(), {h}, 0, kAll, &first), 0);
}

TEST_P(Syncobj, WaitOnASyncobjWithoutFenceIsEinvalUnlessWaitForSubmit) {
  uint32_t h = make();
  EXPECT_EQ(syncobj_wait(fd(), {h}, 0, 0), EINVAL);
  EXPECT_EQ(syncobj_wait(fd(), {h}, 0, kForSubmit), ETIME);
  EXPECT_EQ(syncobj_wait(fd(), {h}, static_cast<int64_t>(monotonic_ns()) + 1000000, kForSubmit), ETIME);
}

TEST_P(Syncobj, WaitRejectsWaitAvailableAndUnknownFlags) {
  uint32_t h = make(DRM_SYNCOBJ_CREATE_SIGNALED);
  EXPECT_EQ(syncobj_wait(fd(), {h}, 0, kAvailable), EINVAL);
  EXPECT_EQ(syncobj_wait(fd(), {h}, 0, 8), EINVAL);
}

TEST_P(Syncobj, WaitOnZeroHandlesIsEinvalOnLinux61) {
  SPORKLE_REQUIRE_LINUX_6_1();
  EXPECT_EQ(syncobj_wait(fd(), {}, 0, 0), EINVAL);
  EXPECT_EQ(syncobj_timeline_wait(fd(), {}, {}, 0, 0), EINVAL);
}

TEST_P(Syncobj, WaitOnUnknownHandleIsEnoent) {
  uint32_t h = make(DRM_SYNCOBJ_CREATE_SIGNALED);
  EXPECT_EQ(syncobj_wait(fd(), {h, 42}, 0, 0), ENOENT);
  EXPECT_EQ(syncobj_timeline_wait(fd(), {42}, {0}, 0, 0), ENOENT);
}

TEST_P(Syncobj, WaitWithBadHandleArrayIsEfault) {
  drm_syncobj_wait args{};
  args.handles = 0x10;
  args.count_handles = 1;
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_SYNCOBJ_WAIT, &args), EFAULT);
  args.handles = ptr(no_access_page());
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_SYNCOBJ_WAIT, &args), EFAULT);
}

TEST_P(Syncobj, WaitFirstSignaledIsTheLowestSignalledIndex) {
  uint32_t pending = make(), done = make(DRM_SYNCOBJ_CREATE_SIGNALED);
  uint32_t first = 77;
  EXPECT_EQ(syncobj_wait(fd(), {pending, done}, 0, kForSubmit, &first), 0);
  EXPECT_EQ(first, 1u);
  EXPECT_EQ(syncobj_wait(fd(), {pending, done}, 0, kForSubmit | kAll), ETIME);
}

TEST_P(Syncobj, SignalThenResetThenWait) {
  uint32_t a = make(), b = make();
  ASSERT_EQ(syncobj_array_op(fd(), DRM_IOCTL_SYNCOBJ_SIGNAL, {a, b}), 0);
  EXPECT_EQ(syncobj_wait(fd(), {a, b}, 0, kAll), 0);
  ASSERT_EQ(syncobj_array_op(fd(), DRM_IOCTL_SYNCOBJ_RESET, {a}), 0);
  EXPECT_EQ(syncobj_wait(fd(), {a}, 0, 0), EINVAL) << "reset removes the fence";
  EXPECT_EQ(syncobj_wait(fd(), {b}, 0, 0), 0);
}

TEST_P(Syncobj, SignalAndResetCheckPadCountAndHandles) {
  uint32_t h = make();
  for (unsigned long request : {DRM_IOCTL_SYNCOBJ_SIGNAL, DRM_IOCTL_SYNCOBJ_RESET}) {
    drm_syncobj_array args{};
    args.handles = ptr(&h);
    args.count_handles = 1;
    args.pad = 1;
    EXPECT_EQ(xioctl(fd(), request, &args), EINVAL) << "pad";
    EXPECT_EQ(syncobj_array_op(fd(), request, {}), EINVAL) << "count 0";
    EXPECT_EQ(syncobj_array_op(fd(), request, {h, 99}), ENOENT);
    args.pad = 0;
    args.handles = 0x10;
    EXPECT_EQ(xioctl(fd(), request, &args), EFAULT);
  }
}

TEST_P(Syncobj, TimelineSignalQueryAndWait) {
  uint32_t h = make();
  EXPECT_EQ(query(h), 0u);
  ASSERT_EQ(signal_point(h, 3), 0);
  EXPECT_EQ(query(h), 3u);
  EXPECT_EQ(query(h, DRM_SYNCOBJ_QUERY_FLAGS_LAST_SUBMITTED), 3u);
  ASSERT_EQ(signal_point(h, 5), 0);
  EXPECT_EQ(query(h), 5u);
  EXPECT_EQ(syncobj_timeline_wait(fd(), {h}, {5}, 0, 0), 0);
  EXPECT_EQ(syncobj_timeline_wait(fd(), {h}, {4}, 0, 0), 0) << "points up to the last signalled one are done";
  EXPECT_EQ(syncobj_timeline_wait(fd(), {h}, {6}, 0, 0), EINVAL) << "point 6 was never submitted";
  EXPECT_EQ(syncobj_timeline_wait(fd(), {h}, {6}, 0, kForSubmit), ETIME);
  EXPECT_EQ(syncobj_timeline_wait(fd(), {h}, {5}, 0, kAvailable), 0);
}

TEST_P(Syncobj, TimelineWaitWithNullPointsWaitsForPointZero) {
  uint32_t h = make(DRM_SYNCOBJ_CREATE_SIGNALED);
  EXPECT_EQ(syncobj_timeline_wait(fd(), {h}, {}, 0, 0), 0);
}

TEST_P(Syncobj, TimelineWaitRejectsUnknownFlags) {
  uint32_t h = make(DRM_SYNCOBJ_CREATE_SIGNALED);
  EXPECT_EQ(syncobj_timeline_wait(fd(), {h}, {0}, 0, 8), EINVAL);
}

TEST_P(Syncobj, BinarySyncobjHasNoPointAboveZero) {
  uint32_t h = make(DRM_SYNCOBJ_CREATE_SIGNALED);
  EXPECT_EQ(syncobj_timeline_wait(fd(), {h}, {1}, 0, 0), EINVAL);
  EXPECT_EQ(query(h), 0u) << "a binary fence is not a chain";
}

TEST_P(Syncobj, TimelineSignalPointZeroReplacesTheFence) {
  uint32_t h = make();
  ASSERT_EQ(signal_point(h, 0), 0);
  EXPECT_EQ(syncobj_wait(fd(), {h}, 0, 0), 0);
  EXPECT_EQ(query(h), 0u);
}

TEST_P(Syncobj, TimelineSignalAcceptsANonIncreasingPoint) {
  uint32_t h = make();
  ASSERT_EQ(signal_point(h, 10), 0);
  EXPECT_EQ(signal_point(h, 4), 0);
}

TEST_P(Syncobj, TimelineSignalChecksFlagsCountAndHandles) {
  uint32_t h = make();
  std::vector<uint64_t> points{1};
  EXPECT_EQ(syncobj_timeline_op(fd(), DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, {h}, &points, 1), EINVAL);
  EXPECT_EQ(syncobj_timeline_op(fd(), DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, {}, &points), EINVAL);
  EXPECT_EQ(syncobj_timeline_op(fd(), DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, {99}, &points), ENOENT);
  EXPECT_EQ(syncobj_timeline_op(fd(), DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, {h}, nullptr), 0)
      << "NULL points means point 0";
  EXPECT_EQ(syncobj_wait(fd(), {h}, 0, 0), 0);
}

TEST_P(Syncobj, QueryChecksFlagsCountAndHandles) {
  uint32_t h = make();
  std::vector<uint64_t> points{0};
  EXPECT_EQ(syncobj_timeline_op(fd(), DRM_IOCTL_SYNCOBJ_QUERY, {h}, &points, 2), EINVAL);
  EXPECT_EQ(syncobj_timeline_op(fd(), DRM_IOCTL_SYNCOBJ_QUERY, {}, &points), EINVAL);
  EXPECT_EQ(syncobj_timeline_op(fd(), DRM_IOCTL_SYNCOBJ_QUERY, {99}, &points), ENOENT);
}

TEST_P(Syncobj, TransferFromTimelinePointToBinary) {
  uint32_t timeline = make(), binary = make();
  ASSERT_EQ(signal_point(timeline, 2), 0);
  EXPECT_EQ(transfer(timeline, 2, binary, 0), 0);
  EXPECT_EQ(syncobj_wait(fd(), {binary}, 0, 0), 0);
}

TEST_P(Syncobj, TransferFromBinaryToATimelinePoint) {
  uint32_t binary = make(DRM_SYNCOBJ_CREATE_SIGNALED), timeline = make();
  EXPECT_EQ(transfer(binary, 0, timeline, 9), 0);
  EXPECT_EQ(query(timeline), 9u);
  EXPECT_EQ(syncobj_timeline_wait(fd(), {timeline}, {9}, 0, 0), 0);
}

TEST_P(Syncobj, TransferChecksInOrder) {
  uint32_t a = make(), b = make();
  EXPECT_EQ(transfer(a, 0, b, 0, 0, 1), EINVAL) << "pad";
  EXPECT_EQ(transfer(99, 0, 98, 0), ENOENT) << "unknown dst";
  EXPECT_EQ(transfer(99, 0, b, 0), ENOENT) << "unknown src";
  EXPECT_EQ(transfer(a, 1, b, 0), EINVAL) << "the source point is not available";
  EXPECT_EQ(transfer(a, 0, b, 0), EINVAL) << "the source has no fence";
}

TEST_P(Syncobj, TransferWaitForSubmitGivesUpWithEtime) {
  uint32_t a = make(), b = make();
  EXPECT_EQ(transfer(a, 1, b, 0, kForSubmit), ETIME);
}

TEST_P(Syncobj, PlainFdRoundTripMakesANewHandleSharingTheFence) {
  uint32_t h = make();
  int out = -1;
  ASSERT_EQ(syncobj_to_fd(fd(), h, 0, &out), 0);
  ASSERT_GE(out, 0);
  EXPECT_TRUE(fcntl(out, F_GETFD) & FD_CLOEXEC);
  uint32_t imported = 0;
  ASSERT_EQ(syncobj_from_fd(fd(), out, 0, &imported), 0);
  EXPECT_NE(imported, h);
  ASSERT_EQ(syncobj_array_op(fd(), DRM_IOCTL_SYNCOBJ_SIGNAL, {h}), 0);
  EXPECT_EQ(syncobj_wait(fd(), {imported}, 0, 0), 0) << "both handles name the same syncobj";
  uint32_t again = 0;
  ASSERT_EQ(syncobj_from_fd(fd(), out, 0, &again), 0);
  EXPECT_NE(again, imported) << "every plain import makes a new handle";
  close(out);
}

TEST_P(Syncobj, PlainFdImportsIntoAnotherFile) {
  uint32_t h = make(DRM_SYNCOBJ_CREATE_SIGNALED);
  int out = -1;
  ASSERT_EQ(syncobj_to_fd(fd(), h, 0, &out), 0);
  int other = open_another();
  ASSERT_GE(other, 0);
  uint32_t imported = 0;
  ASSERT_EQ(syncobj_from_fd(other, out, 0, &imported), 0);
  EXPECT_EQ(imported, 1u);
  EXPECT_EQ(syncobj_wait(other, {imported}, 0, 0), 0);
  close(out);
}

TEST_P(Syncobj, SyncFileExportAndImport) {
  uint32_t h = make(DRM_SYNCOBJ_CREATE_SIGNALED);
  int sync_file = -1;
  ASSERT_EQ(syncobj_to_fd(fd(), h, DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE, &sync_file), 0);
  pollfd p{sync_file, POLLIN, 0};
  EXPECT_EQ(poll(&p, 1, 0), 1) << "a signalled sync_file is readable";
  uint32_t target = make();
  ASSERT_EQ(syncobj_from_fd(fd(), sync_file, DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE, &target), 0);
  EXPECT_EQ(syncobj_wait(fd(), {target}, 0, 0), 0) << "the import replaced the empty fence";
  uint32_t unknown = 99;
  EXPECT_EQ(syncobj_from_fd(fd(), sync_file, DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE, &unknown), ENOENT);
  close(sync_file);
}

TEST_P(Syncobj, HandleToFdChecks) {
  uint32_t h = make();
  drm_syncobj_handle pad{h, 0, -1, 1};
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &pad), EINVAL) << "pad";
  EXPECT_EQ(syncobj_to_fd(fd(), h, 2, nullptr), EINVAL) << "unknown flag";
  EXPECT_EQ(syncobj_to_fd(fd(), 99, 0, nullptr), EINVAL) << "unknown handle, plain export";
  EXPECT_EQ(syncobj_to_fd(fd(), 99, DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE, nullptr), ENOENT)
      << "unknown handle, sync_file export";
  EXPECT_EQ(syncobj_to_fd(fd(), h, DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE, nullptr), EINVAL)
      << "no fence to export";
}

TEST_P(Syncobj, FdToHandleChecks) {
  int memfd = memfd_create("not-a-syncobj", MFD_CLOEXEC);
  ASSERT_GE(memfd, 0);
  drm_syncobj_handle pad{0, 0, memfd, 1};
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, &pad), EINVAL) << "pad";
  EXPECT_EQ(syncobj_from_fd(fd(), memfd, 2, nullptr), EINVAL) << "unknown flag";
  EXPECT_EQ(syncobj_from_fd(fd(), memfd, 0, nullptr), EINVAL) << "not a syncobj file";
  EXPECT_EQ(syncobj_from_fd(fd(), fd(), 0, nullptr), EINVAL) << "a DRM file is not a syncobj file";
  uint32_t h = make();
  EXPECT_EQ(syncobj_from_fd(fd(), memfd, DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE, &h), EINVAL)
      << "not a sync_file";
  close(memfd);
  EXPECT_EQ(syncobj_from_fd(fd(), memfd, 0, nullptr), EINVAL) << "a closed fd is EINVAL, not EBADF";
  EXPECT_EQ(syncobj_from_fd(fd(), -1, 0, nullptr), EINVAL);
}

TEST_P(Syncobj, BadArgumentPointersAreEfault) {
  for (unsigned long request : {DRM_IOCTL_SYNCOBJ_CREATE, DRM_IOCTL_SYNCOBJ_DESTROY, DRM_IOCTL_SYNCOBJ_WAIT,
                                DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, DRM_IOCTL_SYNCOBJ_RESET, DRM_IOCTL_SYNCOBJ_SIGNAL,
                                DRM_IOCTL_SYNCOBJ_QUERY, DRM_IOCTL_SYNCOBJ_TRANSFER,
                                DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD,
                                DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE}) {
    EXPECT_EQ(xioctl(fd(), request, reinterpret_cast<void*>(0x10)), EFAULT) << "request 0x" << std::hex << request;
  }
}

SPORKLE_DEVICE_SUITE(ioctl, Syncobj);

}  // namespace
}  // namespace sporkle::conformance
