// Bad input across every render-node ioctl: requests without a payload, unmapped and PROT_NONE arguments, huge
// counts, and garbage structs. The kernel answers each with an errno; it never crashes or touches other memory.
#include <random>

#include "conformance/framework/fixture.h"

namespace sporkle::conformance {
namespace {

struct Request {
  const char* name;
  unsigned long request;
};

const Request kRenderIoctls[] = {
    {"GEM_CREATE", DRM_IOCTL_AMDGPU_GEM_CREATE},
    {"GEM_MMAP", DRM_IOCTL_AMDGPU_GEM_MMAP},
    {"CTX", DRM_IOCTL_AMDGPU_CTX},
    {"BO_LIST", DRM_IOCTL_AMDGPU_BO_LIST},
    {"CS", DRM_IOCTL_AMDGPU_CS},
    {"INFO", DRM_IOCTL_AMDGPU_INFO},
    {"GEM_METADATA", DRM_IOCTL_AMDGPU_GEM_METADATA},
    {"GEM_WAIT_IDLE", DRM_IOCTL_AMDGPU_GEM_WAIT_IDLE},
    {"GEM_VA", DRM_IOCTL_AMDGPU_GEM_VA},
    {"WAIT_CS", DRM_IOCTL_AMDGPU_WAIT_CS},
    {"GEM_OP", DRM_IOCTL_AMDGPU_GEM_OP},
    {"GEM_USERPTR", DRM_IOCTL_AMDGPU_GEM_USERPTR},
    {"WAIT_FENCES", DRM_IOCTL_AMDGPU_WAIT_FENCES},
    {"VM", DRM_IOCTL_AMDGPU_VM},
    {"FENCE_TO_HANDLE", DRM_IOCTL_AMDGPU_FENCE_TO_HANDLE},
    {"SCHED", DRM_IOCTL_AMDGPU_SCHED},
    {"VERSION", DRM_IOCTL_VERSION},
    {"GET_CAP", DRM_IOCTL_GET_CAP},
    {"GEM_CLOSE", DRM_IOCTL_GEM_CLOSE},
    {"PRIME_HANDLE_TO_FD", DRM_IOCTL_PRIME_HANDLE_TO_FD},
    {"PRIME_FD_TO_HANDLE", DRM_IOCTL_PRIME_FD_TO_HANDLE},
    {"SYNCOBJ_CREATE", DRM_IOCTL_SYNCOBJ_CREATE},
    {"SYNCOBJ_DESTROY", DRM_IOCTL_SYNCOBJ_DESTROY},
    {"SYNCOBJ_HANDLE_TO_FD", DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD},
    {"SYNCOBJ_FD_TO_HANDLE", DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE},
    {"SYNCOBJ_WAIT", DRM_IOCTL_SYNCOBJ_WAIT},
    {"SYNCOBJ_TIMELINE_WAIT", DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT},
    {"SYNCOBJ_RESET", DRM_IOCTL_SYNCOBJ_RESET},
    {"SYNCOBJ_SIGNAL", DRM_IOCTL_SYNCOBJ_SIGNAL},
    {"SYNCOBJ_TIMELINE_SIGNAL", DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL},
    {"SYNCOBJ_QUERY", DRM_IOCTL_SYNCOBJ_QUERY},
    {"SYNCOBJ_TRANSFER", DRM_IOCTL_SYNCOBJ_TRANSFER},
};

class Errors : public DeviceTest {
 protected:
  // The file still works after whatever came before.
  void expect_healthy() {
    drm_version v{};
    EXPECT_EQ(xioctl(fd(), DRM_IOCTL_VERSION, &v), 0);
    uint32_t h = 0;
    EXPECT_EQ(gem_create(fd(), 4096, AMDGPU_GEM_DOMAIN_GTT, 0, &h), 0);
    if (h) {
      EXPECT_EQ(gem_close(fd(), h), 0);
    }
  }
};

TEST_P(Errors, UnmappedArgumentIsEfaultForEveryIoctl) {
  for (const Request& r : kRenderIoctls) {
    EXPECT_EQ(xioctl(fd(), r.request, reinterpret_cast<void*>(0x10)), EFAULT) << r.name;
  }
  expect_healthy();
}

TEST_P(Errors, ProtNoneArgumentIsEfaultForEveryIoctl) {
  void* page = no_access_page();
  ASSERT_NE(page, nullptr);
  for (const Request& r : kRenderIoctls) EXPECT_EQ(xioctl(fd(), r.request, page), EFAULT) << r.name;
  expect_healthy();
}

TEST_P(Errors, NullArgumentIsEfaultForEveryIoctl) {
  for (const Request& r : kRenderIoctls) EXPECT_EQ(xioctl(fd(), r.request, nullptr), EFAULT) << r.name;
}

TEST_P(Errors, ZeroSizedRequestsSeeAnAllZeroStructAndNeverTouchTheArgument) {
  struct Case {
    const char* name;
    unsigned long request;
    int expected;
  } cases[] = {
      {"GEM_CREATE: size 0", DRM_IOCTL_AMDGPU_GEM_CREATE, ENOSPC},
      {"GEM_MMAP: handle 0", DRM_IOCTL_AMDGPU_GEM_MMAP, ENOENT},
      {"CTX: op 0", DRM_IOCTL_AMDGPU_CTX, EINVAL},
      {"BO_LIST: create an empty list", DRM_IOCTL_AMDGPU_BO_LIST, 0},
      {"CS: no chunks", DRM_IOCTL_AMDGPU_CS, EINVAL},
      {"INFO: return_size 0", DRM_IOCTL_AMDGPU_INFO, EINVAL},
      {"GEM_METADATA: handle 0", DRM_IOCTL_AMDGPU_GEM_METADATA, ENOENT},
      {"GEM_WAIT_IDLE: handle 0", DRM_IOCTL_AMDGPU_GEM_WAIT_IDLE, ENOENT},
      {"GEM_VA: address 0", DRM_IOCTL_AMDGPU_GEM_VA, EINVAL},
      {"WAIT_CS: ctx 0", DRM_IOCTL_AMDGPU_WAIT_CS, EINVAL},
      {"GEM_OP: handle 0", DRM_IOCTL_AMDGPU_GEM_OP, ENOENT},
      {"GEM_USERPTR: writable without REGISTER", DRM_IOCTL_AMDGPU_GEM_USERPTR, EACCES},
      {"WAIT_FENCES: wait_any over nothing", DRM_IOCTL_AMDGPU_WAIT_FENCES, EINVAL},
      {"VM: op 0", DRM_IOCTL_AMDGPU_VM, EINVAL},
      {"FENCE_TO_HANDLE: ctx 0", DRM_IOCTL_AMDGPU_FENCE_TO_HANDLE, EINVAL},
      {"SCHED: master only", DRM_IOCTL_AMDGPU_SCHED, EACCES},
      {"VERSION", DRM_IOCTL_VERSION, 0},
      {"GET_CAP: capability 0", DRM_IOCTL_GET_CAP, EINVAL},
      {"GEM_CLOSE: handle 0", DRM_IOCTL_GEM_CLOSE, EINVAL},
      {"PRIME_HANDLE_TO_FD: handle 0", DRM_IOCTL_PRIME_HANDLE_TO_FD, ENOENT},
      {"SYNCOBJ_CREATE", DRM_IOCTL_SYNCOBJ_CREATE, 0},
      {"SYNCOBJ_DESTROY: handle 0", DRM_IOCTL_SYNCOBJ_DESTROY, EINVAL},
      {"SYNCOBJ_HANDLE_TO_FD: handle 0", DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, EINVAL},
      {"SYNCOBJ_RESET: count 0", DRM_IOCTL_SYNCOBJ_RESET, EINVAL},
      {"SYNCOBJ_SIGNAL: count 0", DRM_IOCTL_SYNCOBJ_SIGNAL, EINVAL},
      {"SYNCOBJ_TIMELINE_SIGNAL: count 0", DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL, EINVAL},
      {"SYNCOBJ_QUERY: count 0", DRM_IOCTL_SYNCOBJ_QUERY, EINVAL},
      {"SYNCOBJ_TRANSFER: dst 0", DRM_IOCTL_SYNCOBJ_TRANSFER, ENOENT},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(xioctl(fd(), with_size(c.request, 0), reinterpret_cast<void*>(0x10)), c.expected) << c.name;
  }
  expect_healthy();
}

TEST_P(Errors, ZeroSizedSyncobjWaitIsEinvalOnLinux61) {
  SPORKLE_REQUIRE_LINUX_6_1();
  EXPECT_EQ(xioctl(fd(), with_size(DRM_IOCTL_SYNCOBJ_WAIT, 0), nullptr), EINVAL);
  EXPECT_EQ(xioctl(fd(), with_size(DRM_IOCTL_SYNCOBJ_TIMELINE_WAIT, 0), nullptr), EINVAL);
}

TEST_P(Errors, TruncatedStructsAreZeroExtended) {
  // CTX with only op and flags: ctx_id reads as 0, so FREE of it is EINVAL; ALLOC works.
  uint32_t first = 0, second = 0;
  ASSERT_EQ(ctx_alloc(fd(), &first), 0);
  ASSERT_EQ(ctx_alloc(fd(), &second), 0);
  drm_amdgpu_ctx_in in{AMDGPU_CTX_OP_ALLOC_CTX, 0, 0xFFFF, 0};
  EXPECT_EQ(xioctl(fd(), with_size(DRM_IOCTL_AMDGPU_CTX, 8), &in), 0);
  EXPECT_EQ(in.op, 3u) << "the new ctx id went into the first 4 bytes";
  EXPECT_EQ(in.ctx_id, 0xFFFFu) << "bytes past the user size are untouched";
  drm_amdgpu_ctx_in free_one{AMDGPU_CTX_OP_FREE_CTX, 0, 1, 0};
  EXPECT_EQ(xioctl(fd(), with_size(DRM_IOCTL_AMDGPU_CTX, 8), &free_one), EINVAL) << "ctx_id was not sent";
}

TEST_P(Errors, HugeCountsWithSmallArraysFailCleanly) {
  uint32_t handles[4] = {1, 2, 3, 4};
  drm_syncobj_wait wait{};
  wait.handles = ptr(handles);
  wait.count_handles = 0xFFFFFFFF;
  int err = xioctl(fd(), DRM_IOCTL_SYNCOBJ_WAIT, &wait);
  EXPECT_TRUE(err == EFAULT || err == ENOMEM || err == EINVAL) << "errno " << err;

  drm_syncobj_array array{ptr(handles), 0xFFFFFFFF, 0};
  err = xioctl(fd(), DRM_IOCTL_SYNCOBJ_SIGNAL, &array);
  EXPECT_TRUE(err == EFAULT || err == ENOMEM) << "errno " << err;

  drm_amdgpu_fence fences[1] = {};
  drm_amdgpu_wait_fences wf{};
  wf.in.fences = ptr(fences);
  wf.in.fence_count = 0xFFFFFFFF;
  wf.in.wait_all = 1;
  err = xioctl(fd(), DRM_IOCTL_AMDGPU_WAIT_FENCES, &wf);
  EXPECT_TRUE(err == EFAULT || err == ENOMEM) << "errno " << err;

  drm_amdgpu_info info_args{};
  uint32_t regs[4] = {};
  info_args.return_pointer = ptr(regs);
  info_args.return_size = 0xFFFFFFFF;
  info_args.query = AMDGPU_INFO_ACCEL_WORKING;
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_INFO, &info_args), 0) << "only the result size is written";
  expect_healthy();
}

TEST_P(Errors, GarbageStructsGetAnErrnoAndLeaveTheFileUsable) {
  std::mt19937_64 rng(0x5ab0c1e);
  for (const Request& r : kRenderIoctls) {
    for (int i = 0; i < 64; ++i) {
      alignas(8) uint64_t words[64];
      for (uint64_t& w : words) w = rng();
      const int err = xioctl(fd(), r.request, words);
      EXPECT_TRUE(err == 0 || err == EINVAL || err == EFAULT || err == ENOENT || err == ENOMEM || err == EACCES ||
                  err == EPERM || err == ENOSPC || err == EBADF)
          << r.name << ": errno " << err;
    }
  }
  expect_healthy();
}

SPORKLE_DEVICE_SUITE(ioctl, Errors);

}  // namespace
}  // namespace sporkle::conformance
