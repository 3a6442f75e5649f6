// DRM core dispatch (drm_ioctl.c, kernel-uapi.md section 1): VERSION, GET_CAP, request decoding, argument size
// handling, copy-in/copy-out and the render-node permission rules.
#include <sys/mman.h>

#include <cstring>

#include "conformance/framework/fixture.h"

namespace sporkle::conformance {
namespace {

class DrmCore : public DeviceTest {};

struct VersionBuffers {
  char name[32], date[32], desc[32];
  drm_version v{};
  VersionBuffers(size_t len) {
    std::memset(name, 'X', sizeof(name));
    std::memset(date, 'X', sizeof(date));
    std::memset(desc, 'X', sizeof(desc));
    v.name = name;
    v.date = date;
    v.desc = desc;
    v.name_len = v.date_len = v.desc_len = len;
  }
};

TEST_P(DrmCore, VersionReportsAmdgpuNameDateDescAndNumbers) {
  VersionBuffers b(sizeof(b.name));
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_VERSION, &b.v), 0);
  EXPECT_EQ(b.v.version_major, 3);
  EXPECT_GE(b.v.version_minor, 49);
  EXPECT_EQ(b.v.version_patchlevel, 0);
  EXPECT_EQ(b.v.name_len, 6u);
  EXPECT_EQ(b.v.date_len, 8u);
  EXPECT_EQ(b.v.desc_len, 7u);
  EXPECT_EQ(std::string(b.name, 6), "amdgpu");
  EXPECT_EQ(std::string(b.date, 8), "20150101");
  EXPECT_EQ(std::string(b.desc, 7), "AMD GPU");
  EXPECT_EQ(b.name[6], 'X') << "VERSION must not NUL-terminate";
  EXPECT_EQ(b.date[8], 'X');
  EXPECT_EQ(b.desc[7], 'X');
}

TEST_P(DrmCore, VersionMinorIs49OnLinux61) {
  SPORKLE_REQUIRE_LINUX_6_1();
  EXPECT_EQ(drm_minor(), 49);
}

TEST_P(DrmCore, VersionWithZeroLengthsCopiesNothingAndReportsFullLengths) {
  VersionBuffers b(0);
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_VERSION, &b.v), 0);
  EXPECT_EQ(b.v.name_len, 6u);
  EXPECT_EQ(b.v.date_len, 8u);
  EXPECT_EQ(b.v.desc_len, 7u);
  EXPECT_EQ(b.name[0], 'X');
  EXPECT_EQ(b.date[0], 'X');
  EXPECT_EQ(b.desc[0], 'X');
}

TEST_P(DrmCore, VersionTruncatesToShortBuffersWithoutTerminator) {
  VersionBuffers b(3);
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_VERSION, &b.v), 0);
  EXPECT_EQ(std::string(b.name, 4), "amdX");
  EXPECT_EQ(std::string(b.date, 4), "201X");
  EXPECT_EQ(std::string(b.desc, 4), "AMDX");
  EXPECT_EQ(b.v.name_len, 6u) << "the length reported is the full length even when truncated";
  EXPECT_EQ(b.v.date_len, 8u);
  EXPECT_EQ(b.v.desc_len, 7u);
}

TEST_P(DrmCore, VersionSkipsNullBuffersWithNonzeroLength) {
  drm_version v{};
  v.name_len = v.date_len = v.desc_len = 16;
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_VERSION, &v), 0);
  EXPECT_EQ(v.name_len, 6u);
  EXPECT_EQ(v.date_len, 8u);
  EXPECT_EQ(v.desc_len, 7u);
}

TEST_P(DrmCore, VersionBadNamePointerIsEfaultButStillCopiesBackNumbersAndNameLength) {
  VersionBuffers b(16);
  b.v.name = reinterpret_cast<char*>(0x10);
  b.v.version_major = -1;
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_VERSION, &b.v), EFAULT);
  EXPECT_EQ(b.v.version_major, 3) << "the struct is copied back even when the handler fails";
  EXPECT_EQ(b.v.name_len, 6u);
  EXPECT_EQ(b.v.date_len, 16u) << "fields after the faulting one are not processed";
  EXPECT_EQ(b.date[0], 'X');
}

TEST_P(DrmCore, VersionBadDescPointerIsEfaultAfterNameAndDateWereCopied) {
  VersionBuffers b(16);
  b.v.desc = static_cast<char*>(no_access_page());
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_VERSION, &b.v), EFAULT);
  EXPECT_EQ(std::string(b.name, 6), "amdgpu");
  EXPECT_EQ(std::string(b.date, 8), "20150101");
  EXPECT_EQ(b.v.desc_len, 7u);
}

TEST_P(DrmCore, VersionWithoutReadDirectionRunsHandlerButCopiesNothingBack) {
  VersionBuffers b(sizeof(b.name));
  b.v.version_major = -1;
  ASSERT_EQ(xioctl(fd(), with_dir(DRM_IOCTL_VERSION, _IOC_WRITE), &b.v), 0);
  EXPECT_EQ(b.v.version_major, -1) << "no _IOC_READ bit in the request: nothing is copied back";
  EXPECT_EQ(b.v.name_len, sizeof(b.name));
  EXPECT_EQ(std::string(b.name, 6), "amdgpu") << "the handler still writes through the user pointers";
}

TEST_P(DrmCore, VersionWithoutWriteDirectionSeesAZeroedStruct) {
  VersionBuffers b(sizeof(b.name));
  ASSERT_EQ(xioctl(fd(), with_dir(DRM_IOCTL_VERSION, _IOC_READ), &b.v), 0);
  EXPECT_EQ(b.v.version_major, 3);
  EXPECT_EQ(b.v.name_len, 6u) << "the kernel saw name_len 0 and reports the full length";
  EXPECT_EQ(b.v.name, nullptr) << "the zeroed kernel copy, pointers included, is copied back";
  EXPECT_EQ(b.name[0], 'X');
}

TEST_P(DrmCore, GetCapReportsRenderCapabilities) {
  struct Expected {
    uint64_t cap, value;
  } caps[] = {
      {DRM_CAP_TIMESTAMP_MONOTONIC, 1},
      {DRM_CAP_PRIME, DRM_PRIME_CAP_IMPORT | DRM_PRIME_CAP_EXPORT},
      {DRM_CAP_SYNCOBJ, 1},
      {DRM_CAP_SYNCOBJ_TIMELINE, 1},
      {DRM_CAP_DUMB_BUFFER, 1},
      {DRM_CAP_VBLANK_HIGH_CRTC, 1},
  };
  for (const Expected& e : caps) {
    drm_get_cap c{e.cap, 0xdeadbeef};
    ASSERT_EQ(xioctl(fd(), DRM_IOCTL_GET_CAP, &c), 0) << "cap " << e.cap;
    EXPECT_EQ(c.value, e.value) << "cap " << e.cap;
  }
}

TEST_P(DrmCore, GetCapAnswersKmsCapabilitiesOnTheRenderNode) {
  for (uint64_t cap : {DRM_CAP_DUMB_PREFERRED_DEPTH, DRM_CAP_DUMB_PREFER_SHADOW, DRM_CAP_ASYNC_PAGE_FLIP,
                       DRM_CAP_CURSOR_WIDTH, DRM_CAP_CURSOR_HEIGHT, DRM_CAP_ADDFB2_MODIFIERS,
                       DRM_CAP_PAGE_FLIP_TARGET, DRM_CAP_CRTC_IN_VBLANK_EVENT}) {
    drm_get_cap c{cap, 0};
    EXPECT_EQ(xioctl(fd(), DRM_IOCTL_GET_CAP, &c), 0) << "cap " << cap;
  }
  drm_get_cap w{DRM_CAP_CURSOR_WIDTH, 0};
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_GET_CAP, &w), 0);
  EXPECT_GT(w.value, 0u);
}

TEST_P(DrmCore, GetCapUnknownCapabilityIsEinvalAndZeroesValue) {
  for (uint64_t cap : {uint64_t(0), uint64_t(0x7fff), ~uint64_t(0)}) {
    drm_get_cap c{cap, 0xdeadbeef};
    EXPECT_EQ(xioctl(fd(), DRM_IOCTL_GET_CAP, &c), EINVAL) << "cap " << cap;
    EXPECT_EQ(c.value, 0u) << "value is zeroed first and the struct is copied back on failure";
  }
}

TEST_P(DrmCore, SetClientCapIsEaccesOnRenderNode) {
  drm_set_client_cap c{DRM_CLIENT_CAP_ATOMIC, 1};
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_SET_CLIENT_CAP, &c), EACCES);
  drm_set_client_cap u{DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1};
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_SET_CLIENT_CAP, &u), EACCES);
}

TEST_P(DrmCore, NonRenderIoctlsAreEaccesOnRenderNode) {
  struct Case {
    const char* name;
    unsigned long request;
  } cases[] = {
      {"GET_UNIQUE", DRM_IOCTL_GET_UNIQUE},
      {"GET_CLIENT", DRM_IOCTL_GET_CLIENT},
      {"SET_VERSION", DRM_IOCTL_SET_VERSION},
      {"GEM_FLINK", DRM_IOCTL_GEM_FLINK},
      {"GEM_OPEN", DRM_IOCTL_GEM_OPEN},
      {"SET_MASTER", DRM_IOCTL_SET_MASTER},
      {"DROP_MASTER", DRM_IOCTL_DROP_MASTER},
      {"AUTH_MAGIC", DRM_IOCTL_AUTH_MAGIC},
      {"MODE_GETRESOURCES", DRM_IOCTL_MODE_GETRESOURCES},
      {"MODE_CREATE_DUMB", DRM_IOCTL_MODE_CREATE_DUMB},
      {"MODE_MAP_DUMB", DRM_IOCTL_MODE_MAP_DUMB},
      {"MODE_ATOMIC", DRM_IOCTL_MODE_ATOMIC},
      {"AMDGPU_SCHED", DRM_IOCTL_AMDGPU_SCHED},
  };
  for (const Case& c : cases) {
    alignas(8) unsigned char arg[256] = {};
    EXPECT_EQ(xioctl(fd(), c.request, arg), EACCES) << c.name;
  }
}

TEST_P(DrmCore, GemFlinkAndOpenAreEaccesEvenForValidHandles) {
  uint32_t handle = 0;
  ASSERT_EQ(gem_create(fd(), 4096, AMDGPU_GEM_DOMAIN_GTT, 0, &handle), 0);
  drm_gem_flink flink{handle, 0};
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_GEM_FLINK, &flink), EACCES);
  drm_gem_open open{1, 0, 0};
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_GEM_OPEN, &open), EACCES);
}

TEST_P(DrmCore, ReadOnlyIoctlDeniedOnRenderNodeStillCopiesBackZeroedStruct) {
  // GET_MAGIC is _IOR: nothing is copied in, the permission check fails, and the zeroed kernel buffer is
  // still copied out.
  drm_auth auth{0x1234};
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_GET_MAGIC, &auth), EACCES);
  EXPECT_EQ(auth.magic, 0u);
}

TEST_P(DrmCore, BadPointerIsEfaultBeforeThePermissionCheck) {
  void* bad = reinterpret_cast<void*>(0x10);
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_SET_CLIENT_CAP, bad), EFAULT);
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_GEM_FLINK, bad), EFAULT);
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_SCHED, bad), EFAULT);
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_GET_MAGIC, bad), EFAULT) << "denied, then the copy-out faults";
}

TEST_P(DrmCore, NonDrmIoctlTypeIsEnotty) {
  drm_version v{};
  EXPECT_EQ(xioctl(fd(), drm_request(_IOC_READ | _IOC_WRITE, 0x00, sizeof(v), 'e'), &v), ENOTTY);
  EXPECT_EQ(xioctl(fd(), drm_request(_IOC_READ | _IOC_WRITE, 0x44, 24, 'D'), &v), ENOTTY);
  EXPECT_EQ(xioctl(fd(), drm_request(_IOC_NONE, 0x00, 0, 0), nullptr), ENOTTY);
  EXPECT_EQ(xioctl(fd(), drm_request(_IOC_READ | _IOC_WRITE, 0x00, sizeof(v), 'e'), reinterpret_cast<void*>(0x10)),
            ENOTTY)
      << "the type is checked before any copy";
}

TEST_P(DrmCore, AmdgpuTableHolesAreEinval) {
  for (unsigned nr = 0x0A; nr <= 0x0F; ++nr) {
    alignas(8) unsigned char arg[64] = {};
    EXPECT_EQ(xioctl(fd(), drm_request(_IOC_READ | _IOC_WRITE, DRM_COMMAND_BASE + nr, 16), arg), EINVAL)
        << "amdgpu nr 0x" << std::hex << nr;
  }
}

TEST_P(DrmCore, DriverNumbersPastTheAmdgpuTableAreEinval) {
  for (unsigned nr = 0x16; nr < 0x60; ++nr) {
    alignas(8) unsigned char arg[64] = {};
    EXPECT_EQ(xioctl(fd(), drm_request(_IOC_READ | _IOC_WRITE, DRM_COMMAND_BASE + nr, 16), arg), EINVAL)
        << "amdgpu nr 0x" << std::hex << nr;
  }
}

TEST_P(DrmCore, CoreNumbersPastTheCoreTableAreEinval) {
  for (unsigned nr = 0xE0; nr <= 0xFF; ++nr) {
    alignas(8) unsigned char arg[64] = {};
    EXPECT_EQ(xioctl(fd(), drm_request(_IOC_READ | _IOC_WRITE, nr, 16), arg), EINVAL) << "nr 0x" << std::hex << nr;
  }
}

TEST_P(DrmCore, CoreNumberAfterGetfb2IsEinvalOnLinux61) {
  SPORKLE_REQUIRE_LINUX_6_1();
  alignas(8) unsigned char arg[64] = {};
  EXPECT_EQ(xioctl(fd(), drm_request(_IOC_READ | _IOC_WRITE, 0xCF, 16), arg), EINVAL);
}

TEST_P(DrmCore, CoreTableHolesAreEinval) {
  for (unsigned nr : {0x3Du, 0x3Eu}) {
    alignas(8) unsigned char arg[64] = {};
    EXPECT_EQ(xioctl(fd(), drm_request(_IOC_READ | _IOC_WRITE, nr, 16), arg), EINVAL) << "nr 0x" << std::hex << nr;
  }
}

TEST_P(DrmCore, TableHoleIsEinvalEvenWithABadPointer) {
  EXPECT_EQ(xioctl(fd(), drm_request(_IOC_READ | _IOC_WRITE, DRM_COMMAND_BASE + 0x0A, 16),
                   reinterpret_cast<void*>(0x10)),
            EINVAL);
}

TEST_P(DrmCore, ShorterUserStructIsZeroExtendedAndOutputTruncated) {
  // GEM_CREATE sent with only bo_size (8 bytes): the rest of the kernel copy is zero (domains 0, no flags), so
  // the garbage after it in user memory is neither read nor written.
  alignas(8) unsigned char arg[32];
  std::memset(arg, 0xA5, sizeof(arg));
  const uint64_t size = 4096;
  std::memcpy(arg, &size, sizeof(size));
  ASSERT_EQ(xioctl(fd(), with_size(DRM_IOCTL_AMDGPU_GEM_CREATE, 8), arg), 0);
  uint32_t handle, pad;
  std::memcpy(&handle, arg, 4);
  std::memcpy(&pad, arg + 4, 4);
  EXPECT_EQ(handle, 1u);
  EXPECT_EQ(pad, 0u);
  for (size_t i = 8; i < sizeof(arg); ++i) EXPECT_EQ(arg[i], 0xA5) << "byte " << i << " is past the user size";
}

TEST_P(DrmCore, LongerUserStructExtraBytesAreCopiedBackUnchanged) {
  alignas(8) unsigned char arg[48];
  std::memset(arg, 0x5A, sizeof(arg));
  drm_get_cap cap{DRM_CAP_SYNCOBJ, 0};
  std::memcpy(arg, &cap, sizeof(cap));
  ASSERT_EQ(xioctl(fd(), with_size(DRM_IOCTL_GET_CAP, sizeof(arg)), arg), 0);
  std::memcpy(&cap, arg, sizeof(cap));
  EXPECT_EQ(cap.value, 1u);
  for (size_t i = sizeof(cap); i < sizeof(arg); ++i) EXPECT_EQ(arg[i], 0x5A) << "byte " << i;
}

TEST_P(DrmCore, LongerUserStructThanTheStackBufferWorks) {
  alignas(8) unsigned char arg[512];
  std::memset(arg, 0x33, sizeof(arg));
  drm_get_cap cap{DRM_CAP_PRIME, 0};
  std::memcpy(arg, &cap, sizeof(cap));
  ASSERT_EQ(xioctl(fd(), with_size(DRM_IOCTL_GET_CAP, sizeof(arg)), arg), 0);
  std::memcpy(&cap, arg, sizeof(cap));
  EXPECT_EQ(cap.value, 3u);
  EXPECT_EQ(arg[sizeof(arg) - 1], 0x33);
}

TEST_P(DrmCore, ZeroSizedRequestRunsTheHandlerOnAZeroedStruct) {
  // _IOC_SIZE 0: nothing is copied either way; GET_CAP sees capability 0, which does not exist.
  EXPECT_EQ(xioctl(fd(), with_size(DRM_IOCTL_GET_CAP, 0), reinterpret_cast<void*>(0x10)), EINVAL);
  EXPECT_EQ(xioctl(fd(), with_size(DRM_IOCTL_VERSION, 0), reinterpret_cast<void*>(0x10)), 0);
}

TEST_P(DrmCore, UnmappedArgumentIsEfault) {
  void* bad = reinterpret_cast<void*>(0x10);
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_VERSION, bad), EFAULT);
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_GET_CAP, bad), EFAULT);
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_GEM_CLOSE, bad), EFAULT);
}

TEST_P(DrmCore, ProtNoneArgumentIsEfault) {
  void* page = no_access_page();
  ASSERT_NE(page, nullptr);
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_VERSION, page), EFAULT);
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_GET_CAP, page), EFAULT);
}

TEST_P(DrmCore, ArgumentStraddlingIntoAnUnmappedPageIsEfault) {
  void* area = mmap(nullptr, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(area, MAP_FAILED);
  ASSERT_EQ(mprotect(static_cast<char*>(area) + 4096, 4096, PROT_NONE), 0);
  auto* cap = reinterpret_cast<drm_get_cap*>(static_cast<char*>(area) + 4096 - 8);
  cap->capability = DRM_CAP_SYNCOBJ;
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_GET_CAP, cap), EFAULT);
  munmap(area, 8192);
}

TEST_P(DrmCore, ReadOnlyArgumentFaultsOnCopyBack) {
  auto* page = static_cast<drm_get_cap*>(read_only_page());
  ASSERT_NE(page, nullptr);
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_GET_CAP, page), EFAULT) << "capability 0 is EINVAL, but the copy-out faults";
}

SPORKLE_DEVICE_SUITE(ioctl, DrmCore);

}  // namespace
}  // namespace sporkle::conformance
