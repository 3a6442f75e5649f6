// GEM objects (kernel-uapi.md 2.1, 2.2, 2.4-2.6, 2.8): GEM_CREATE, GEM_MMAP and CPU mmap, GEM_CLOSE, GEM_OP,
// GEM_METADATA, GEM_WAIT_IDLE on idle buffers.
#include <sys/mman.h>

#include <cstring>

#include "conformance/framework/fixture.h"

namespace sporkle::conformance {
namespace {

// In the Linux 6.1 uapi header, newer than the copy libdrm 2.4.114 ships.
constexpr uint64_t kCreateDiscardable = uint64_t(1) << 12;

class Gem : public DeviceTest {
 protected:
  uint64_t gtt_total() {
    drm_amdgpu_memory_info mem{};
    EXPECT_EQ(info(fd(), AMDGPU_INFO_MEMORY, &mem, sizeof(mem)), 0);
    return mem.gtt.total_heap_size;
  }
  uint32_t create_gtt(uint64_t size = 4096) {
    uint32_t h = 0;
    EXPECT_EQ(gem_create(fd(), size, AMDGPU_GEM_DOMAIN_GTT, 0, &h), 0);
    return h;
  }
};

TEST_P(Gem, CreateHandlesStartAtOneAndIncrease) {
  for (uint32_t expected = 1; expected <= 4; ++expected) EXPECT_EQ(create_gtt(), expected);
}

TEST_P(Gem, CreateReusesTheLowestFreeHandle) {
  for (int i = 0; i < 4; ++i) create_gtt();
  ASSERT_EQ(gem_close(fd(), 2), 0);
  ASSERT_EQ(gem_close(fd(), 3), 0);
  EXPECT_EQ(create_gtt(), 2u);
  EXPECT_EQ(create_gtt(), 3u);
  EXPECT_EQ(create_gtt(), 5u);
  ASSERT_EQ(gem_close(fd(), 1), 0);
  EXPECT_EQ(create_gtt(), 1u);
}

TEST_P(Gem, HandlesArePerFile) {
  int other = open_another();
  ASSERT_GE(other, 0);
  EXPECT_EQ(create_gtt(), 1u);
  EXPECT_EQ(create_gtt(), 2u);
  uint32_t h = 0;
  ASSERT_EQ(gem_create(other, 4096, AMDGPU_GEM_DOMAIN_GTT, 0, &h), 0);
  EXPECT_EQ(h, 1u);
  EXPECT_EQ(gem_close(other, 2), EINVAL) << "handle 2 exists only in the first file";
}

TEST_P(Gem, CreateZeroesTheWholeUnionAroundTheHandle) {
  drm_amdgpu_gem_create args{};
  args.in.bo_size = 8192;
  args.in.alignment = 4096;
  args.in.domains = AMDGPU_GEM_DOMAIN_GTT;
  args.in.domain_flags = AMDGPU_GEM_CREATE_EXPLICIT_SYNC;
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_CREATE, &args), 0);
  EXPECT_EQ(args.out.handle, 1u);
  EXPECT_EQ(args.out._pad, 0u);
  EXPECT_EQ(args.in.alignment, 0u);
  EXPECT_EQ(args.in.domains, 0u);
  EXPECT_EQ(args.in.domain_flags, 0u);
}

TEST_P(Gem, CreateAcceptsEveryCombinationOfCpuGttVramIncludingNone) {
  for (uint32_t domains = 0; domains <= 7; ++domains) {
    uint32_t h = 0;
    EXPECT_EQ(gem_create(fd(), 4096, domains, 0, &h), 0) << "domains " << domains;
  }
}

TEST_P(Gem, CreateRejectsDomainsOutsideTheMask) {
  for (uint32_t domains : {0x40u, 0x80u, 0x100u, 0x80000000u}) {
    EXPECT_EQ(gem_create(fd(), 4096, domains | AMDGPU_GEM_DOMAIN_GTT, 0, nullptr), EINVAL) << "domains " << domains;
  }
}

TEST_P(Gem, CreateRejectsGdsGwsOaCombinedWithAnythingElse) {
  const uint32_t special[] = {AMDGPU_GEM_DOMAIN_GDS, AMDGPU_GEM_DOMAIN_GWS, AMDGPU_GEM_DOMAIN_OA};
  for (uint32_t s : special) {
    for (uint32_t other : {AMDGPU_GEM_DOMAIN_CPU, AMDGPU_GEM_DOMAIN_GTT, AMDGPU_GEM_DOMAIN_VRAM,
                           AMDGPU_GEM_DOMAIN_GDS, AMDGPU_GEM_DOMAIN_GWS, AMDGPU_GEM_DOMAIN_OA}) {
      if (other == s) continue;
      EXPECT_EQ(gem_create(fd(), 4, s | other, 0, nullptr), EINVAL) << "domains " << (s | other);
    }
  }
}

TEST_P(Gem, CreateRejectsFlagsUserspaceMayNotSet) {
  for (uint64_t flag : {uint64_t(AMDGPU_GEM_CREATE_VRAM_CONTIGUOUS), uint64_t(AMDGPU_GEM_CREATE_CP_MQD_GFX9),
                        uint64_t(AMDGPU_GEM_CREATE_VRAM_WIPE_ON_RELEASE), uint64_t(AMDGPU_GEM_CREATE_PREEMPTIBLE),
                        uint64_t(1) << 4, uint64_t(1) << 13, uint64_t(1) << 40}) {
    EXPECT_EQ(gem_create(fd(), 4096, AMDGPU_GEM_DOMAIN_GTT, flag, nullptr), EINVAL) << "flag 0x" << std::hex << flag;
  }
}

TEST_P(Gem, CreateFlagsAreCheckedBeforeDomains) {
  EXPECT_EQ(gem_create(fd(), 4096, 0x80, AMDGPU_GEM_CREATE_VRAM_CONTIGUOUS, nullptr), EINVAL);
  EXPECT_EQ(gem_create(fd(), 0, AMDGPU_GEM_DOMAIN_GTT, AMDGPU_GEM_CREATE_PREEMPTIBLE, nullptr), EINVAL)
      << "a bad flag is rejected before the size is looked at";
}

TEST_P(Gem, CreateAcceptsEveryUserspaceFlag) {
  for (uint64_t flag : std::initializer_list<uint64_t>{AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED, AMDGPU_GEM_CREATE_NO_CPU_ACCESS,
                        AMDGPU_GEM_CREATE_CPU_GTT_USWC, AMDGPU_GEM_CREATE_VRAM_CLEARED,
                        AMDGPU_GEM_CREATE_VM_ALWAYS_VALID, AMDGPU_GEM_CREATE_EXPLICIT_SYNC,
                        kCreateDiscardable}) {
    for (uint32_t domain : {AMDGPU_GEM_DOMAIN_GTT, AMDGPU_GEM_DOMAIN_VRAM}) {
      EXPECT_EQ(gem_create(fd(), 4096, domain, flag, nullptr), 0) << "flag 0x" << std::hex << flag;
    }
  }
}

TEST_P(Gem, CreateEncryptedWithoutTmzIsEinval) {
  if (dev_info().ids_flags & AMDGPU_IDS_FLAGS_TMZ) GTEST_SKIP() << "the device has TMZ enabled";
  EXPECT_EQ(gem_create(fd(), 4096, AMDGPU_GEM_DOMAIN_VRAM, AMDGPU_GEM_CREATE_ENCRYPTED, nullptr), EINVAL);
}

TEST_P(Gem, CreateGdsGwsOaWithVmAlwaysValidIsEinval) {
  for (uint32_t d : {AMDGPU_GEM_DOMAIN_GDS, AMDGPU_GEM_DOMAIN_GWS, AMDGPU_GEM_DOMAIN_OA}) {
    EXPECT_EQ(gem_create(fd(), 1, d, AMDGPU_GEM_CREATE_VM_ALWAYS_VALID, nullptr), EINVAL) << "domain " << d;
  }
}

TEST_P(Gem, CreateSizeZeroIsEnospc) {
  EXPECT_EQ(gem_create(fd(), 0, AMDGPU_GEM_DOMAIN_GTT, 0, nullptr), ENOSPC);
  EXPECT_EQ(gem_create(fd(), 0, AMDGPU_GEM_DOMAIN_VRAM, 0, nullptr), ENOSPC);
}

TEST_P(Gem, CreateAsLargeAsGttIsEnomem) {
  const uint64_t gtt = gtt_total();
  ASSERT_GT(gtt, 0u);
  EXPECT_EQ(gem_create(fd(), gtt, AMDGPU_GEM_DOMAIN_GTT, 0, nullptr), ENOMEM) << "the size check is strict";
  EXPECT_EQ(gem_create(fd(), gtt * 4, AMDGPU_GEM_DOMAIN_GTT | AMDGPU_GEM_DOMAIN_VRAM, 0, nullptr), ENOMEM);
  EXPECT_EQ(gem_create(fd(), uint64_t(1) << 62, AMDGPU_GEM_DOMAIN_GTT, 0, nullptr), ENOMEM);
}

TEST_P(Gem, CreateRoundsSizeAndAlignmentToPages) {
  struct Case {
    uint64_t size, alignment, want_size, want_alignment;
  } cases[] = {{1, 0, 4096, 0}, {4097, 1, 8192, 4096}, {8192, 8192, 8192, 8192}, {12288, 65536, 12288, 65536}};
  for (const Case& c : cases) {
    uint32_t h = 0;
    ASSERT_EQ(gem_create(fd(), c.size, AMDGPU_GEM_DOMAIN_GTT, 0, &h, c.alignment), 0);
    drm_amdgpu_gem_create_in in{};
    ASSERT_EQ(gem_op_create_info(fd(), h, &in), 0);
    EXPECT_EQ(in.bo_size, c.want_size) << "size " << c.size;
    EXPECT_EQ(in.alignment, c.want_alignment) << "alignment " << c.alignment;
    EXPECT_EQ(in.domains, AMDGPU_GEM_DOMAIN_GTT);
  }
}

TEST_P(Gem, CreateWithBadArgumentPointerIsEfault) {
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_CREATE, reinterpret_cast<void*>(0x10)), EFAULT);
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_CREATE, no_access_page()), EFAULT);
}

TEST_P(Gem, MmapOffsetIsPageAlignedStableAndDistinctPerBuffer) {
  uint32_t a = create_gtt(8192), b = create_gtt(4096);
  uint64_t oa1 = 0, oa2 = 0, ob = 0;
  ASSERT_EQ(gem_mmap_offset(fd(), a, &oa1), 0);
  ASSERT_EQ(gem_mmap_offset(fd(), a, &oa2), 0);
  ASSERT_EQ(gem_mmap_offset(fd(), b, &ob), 0);
  EXPECT_EQ(oa1 % 4096, 0u);
  EXPECT_EQ(ob % 4096, 0u);
  EXPECT_NE(oa1, 0u);
  EXPECT_EQ(oa1, oa2);
  EXPECT_TRUE(ob >= oa1 + 8192 || ob + 4096 <= oa1) << "offset ranges of two buffers overlap";
}

TEST_P(Gem, MmapReadsAndWritesTheBufferAndContentsPersistAcrossMappings) {
  for (uint32_t domain : {AMDGPU_GEM_DOMAIN_GTT, AMDGPU_GEM_DOMAIN_VRAM}) {
    Buffer bo;
    ASSERT_NO_FATAL_FAILURE(create(bo, 3 * 4096, domain, AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED));
    uint64_t offset = 0;
    ASSERT_EQ(gem_mmap_offset(fd(), bo.handle, &offset), 0);
    auto* p = static_cast<uint32_t*>(mmap(nullptr, bo.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd(), offset));
    ASSERT_NE(p, MAP_FAILED);
    for (uint32_t i = 0; i < bo.size / 4; ++i) p[i] = i * 2654435761u;
    ASSERT_EQ(munmap(p, bo.size), 0);
    auto* q = static_cast<uint32_t*>(mmap(nullptr, bo.size, PROT_READ, MAP_SHARED, fd(), offset));
    ASSERT_NE(q, MAP_FAILED);
    for (uint32_t i = 0; i < bo.size / 4; ++i) ASSERT_EQ(q[i], i * 2654435761u) << "dword " << i;
    munmap(q, bo.size);
  }
}

TEST_P(Gem, MmapOfOnePageOfALargerBufferAtItsOffsetWorks) {
  uint32_t h = create_gtt(4 * 4096);
  uint64_t offset = 0;
  ASSERT_EQ(gem_mmap_offset(fd(), h, &offset), 0);
  void* p = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd(), offset);
  ASSERT_NE(p, MAP_FAILED);
  munmap(p, 4096);
}

TEST_P(Gem, MmapLongerThanTheBufferIsEinval) {
  uint32_t h = create_gtt(4096);
  uint64_t offset = 0;
  ASSERT_EQ(gem_mmap_offset(fd(), h, &offset), 0);
  errno = 0;
  EXPECT_EQ(mmap(nullptr, 8192, PROT_READ, MAP_SHARED, fd(), offset), MAP_FAILED);
  EXPECT_EQ(errno, EINVAL);
}

TEST_P(Gem, MmapInsideABufferButNotAtItsStartIsEinval) {
  uint32_t h = create_gtt(2 * 4096);
  uint64_t offset = 0;
  ASSERT_EQ(gem_mmap_offset(fd(), h, &offset), 0);
  errno = 0;
  EXPECT_EQ(mmap(nullptr, 4096, PROT_READ, MAP_SHARED, fd(), offset + 4096), MAP_FAILED);
  EXPECT_EQ(errno, EINVAL);
}

TEST_P(Gem, MmapOfAnOffsetNeverHandedOutIsEinval) {
  uint32_t h = create_gtt(4096);
  uint64_t offset = 0;
  ASSERT_EQ(gem_mmap_offset(fd(), h, &offset), 0);
  errno = 0;
  EXPECT_EQ(mmap(nullptr, 4096, PROT_READ, MAP_SHARED, fd(), offset + (uint64_t(1) << 30)), MAP_FAILED);
  EXPECT_EQ(errno, EINVAL);
}

TEST_P(Gem, MmapOfAnotherFilesBufferIsEacces) {
  int other = open_another();
  ASSERT_GE(other, 0);
  uint32_t h = 0;
  ASSERT_EQ(gem_create(other, 4096, AMDGPU_GEM_DOMAIN_GTT, 0, &h), 0);
  uint64_t offset = 0;
  ASSERT_EQ(gem_mmap_offset(other, h, &offset), 0);
  errno = 0;
  EXPECT_EQ(mmap(nullptr, 4096, PROT_READ, MAP_SHARED, fd(), offset), MAP_FAILED);
  EXPECT_EQ(errno, EACCES);
}

TEST_P(Gem, MappingOutlivesGemCloseButTheOffsetDoesNot) {
  uint32_t h = create_gtt(4096);
  uint64_t offset = 0;
  ASSERT_EQ(gem_mmap_offset(fd(), h, &offset), 0);
  auto* p = static_cast<uint32_t*>(mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd(), offset));
  ASSERT_NE(p, MAP_FAILED);
  ASSERT_EQ(gem_close(fd(), h), 0);
  p[7] = 0xC0FFEE;
  EXPECT_EQ(p[7], 0xC0FFEEu) << "the CPU mapping keeps the buffer alive";
  munmap(p, 4096);
  errno = 0;
  EXPECT_EQ(mmap(nullptr, 4096, PROT_READ, MAP_SHARED, fd(), offset), MAP_FAILED)
      << "the last reference is gone, so is the offset";
  EXPECT_EQ(errno, EINVAL);
}

TEST_P(Gem, MmapIoctlUnknownHandleIsEnoentAndZeroesTheUnion) {
  drm_amdgpu_gem_mmap args{};
  args.in.handle = 77;
  args.in._pad = 0xFFFFFFFF;
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_MMAP, &args), ENOENT);
  EXPECT_EQ(args.out.addr_ptr, 0u);
}

TEST_P(Gem, MmapIoctlOfNoCpuAccessBufferIsEperm) {
  uint32_t h = 0;
  ASSERT_EQ(gem_create(fd(), 4096, AMDGPU_GEM_DOMAIN_VRAM, AMDGPU_GEM_CREATE_NO_CPU_ACCESS, &h), 0);
  uint64_t offset = 123;
  EXPECT_EQ(gem_mmap_offset(fd(), h, &offset), EPERM);
  EXPECT_EQ(offset, 0u);
}

TEST_P(Gem, CloseUnknownHandleIsEinval) {
  EXPECT_EQ(gem_close(fd(), 0), EINVAL);
  EXPECT_EQ(gem_close(fd(), 1), EINVAL);
  uint32_t h = create_gtt();
  EXPECT_EQ(gem_close(fd(), h), 0);
  EXPECT_EQ(gem_close(fd(), h), EINVAL) << "double close";
}

TEST_P(Gem, CloseIgnoresPad) {
  uint32_t h = create_gtt();
  drm_gem_close args{h, 0xFFFFFFFF};
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_GEM_CLOSE, &args), 0);
}

TEST_P(Gem, OpGetCreateInfoReportsSizeAlignmentDomainsAndFlags) {
  uint32_t h = 0;
  ASSERT_EQ(gem_create(fd(), 5000, AMDGPU_GEM_DOMAIN_VRAM | AMDGPU_GEM_DOMAIN_GTT,
                       AMDGPU_GEM_CREATE_EXPLICIT_SYNC, &h, 16384),
            0);
  drm_amdgpu_gem_create_in in{};
  ASSERT_EQ(gem_op_create_info(fd(), h, &in), 0);
  EXPECT_EQ(in.bo_size, 8192u);
  EXPECT_EQ(in.alignment, 16384u);
  EXPECT_EQ(in.domains, uint64_t(AMDGPU_GEM_DOMAIN_VRAM | AMDGPU_GEM_DOMAIN_GTT));
  EXPECT_TRUE(in.domain_flags & AMDGPU_GEM_CREATE_EXPLICIT_SYNC);
}

TEST_P(Gem, OpGetCreateInfoWithBadValuePointerIsEfault) {
  uint32_t h = create_gtt();
  drm_amdgpu_gem_op args{h, AMDGPU_GEM_OP_GET_GEM_CREATE_INFO, 0x10};
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_OP, &args), EFAULT);
}

TEST_P(Gem, OpUnknownHandleIsEnoentEvenWithUnknownOp) {
  drm_amdgpu_gem_op args{42, 99, 0};
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_OP, &args), ENOENT);
}

TEST_P(Gem, OpUnknownOpIsEinval) {
  uint32_t h = create_gtt();
  drm_amdgpu_gem_op args{h, 2, 0};
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_OP, &args), EINVAL);
}

TEST_P(Gem, OpSetPlacementKeepsOnlyVramGttCpuBits) {
  uint32_t h = create_gtt();
  drm_amdgpu_gem_op set{h, AMDGPU_GEM_OP_SET_PLACEMENT, AMDGPU_GEM_DOMAIN_VRAM | AMDGPU_GEM_DOMAIN_GDS | 0x100};
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_OP, &set), 0);
  drm_amdgpu_gem_create_in in{};
  ASSERT_EQ(gem_op_create_info(fd(), h, &in), 0);
  EXPECT_EQ(in.domains, uint64_t(AMDGPU_GEM_DOMAIN_VRAM));
  set.value = 0;
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_OP, &set), 0) << "an empty placement is accepted";
  ASSERT_EQ(gem_op_create_info(fd(), h, &in), 0);
  EXPECT_EQ(in.domains, 0u);
}

drm_amdgpu_gem_metadata metadata(uint32_t handle, uint32_t op) {
  drm_amdgpu_gem_metadata m{};
  m.handle = handle;
  m.op = op;
  return m;
}

TEST_P(Gem, MetadataSetThenGetRoundTrips) {
  uint32_t h = create_gtt();
  auto set = metadata(h, AMDGPU_GEM_METADATA_OP_SET_METADATA);
  set.data.flags = 0x1234;
  set.data.tiling_info = AMDGPU_TILING_SET(SWIZZLE_MODE, 9);
  set.data.data_size_bytes = 12;
  set.data.data[0] = 0xA;
  set.data.data[1] = 0xB;
  set.data.data[2] = 0xC;
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_METADATA, &set), 0);
  auto get = metadata(h, AMDGPU_GEM_METADATA_OP_GET_METADATA);
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_METADATA, &get), 0);
  EXPECT_EQ(get.data.flags, 0x1234u);
  EXPECT_EQ(get.data.tiling_info, uint64_t(AMDGPU_TILING_SET(SWIZZLE_MODE, 9)));
  EXPECT_EQ(get.data.data_size_bytes, 12u);
  EXPECT_EQ(get.data.data[0], 0xAu);
  EXPECT_EQ(get.data.data[1], 0xBu);
  EXPECT_EQ(get.data.data[2], 0xCu);
}

TEST_P(Gem, MetadataOfAFreshBufferIsEmpty) {
  uint32_t h = create_gtt();
  auto get = metadata(h, AMDGPU_GEM_METADATA_OP_GET_METADATA);
  get.data.data_size_bytes = 77;
  get.data.tiling_info = 77;
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_METADATA, &get), 0);
  EXPECT_EQ(get.data.data_size_bytes, 0u);
  EXPECT_EQ(get.data.tiling_info, 0u);
  EXPECT_EQ(get.data.flags, 0u);
}

TEST_P(Gem, MetadataLargerThan256BytesIsEinval) {
  uint32_t h = create_gtt();
  auto set = metadata(h, AMDGPU_GEM_METADATA_OP_SET_METADATA);
  set.data.data_size_bytes = 257;
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_METADATA, &set), EINVAL);
  set.data.data_size_bytes = 256;
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_METADATA, &set), 0);
}

TEST_P(Gem, MetadataSizeZeroClearsIt) {
  uint32_t h = create_gtt();
  auto set = metadata(h, AMDGPU_GEM_METADATA_OP_SET_METADATA);
  set.data.data_size_bytes = 8;
  set.data.flags = 5;
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_METADATA, &set), 0);
  set.data.data_size_bytes = 0;
  set.data.flags = 0;
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_METADATA, &set), 0);
  auto get = metadata(h, AMDGPU_GEM_METADATA_OP_GET_METADATA);
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_METADATA, &get), 0);
  EXPECT_EQ(get.data.data_size_bytes, 0u);
}

TEST_P(Gem, MetadataUnknownOpSucceedsAndDoesNothing) {
  uint32_t h = create_gtt();
  auto op = metadata(h, 7);
  op.data.data_size_bytes = 1000;
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_METADATA, &op), 0);
  auto get = metadata(h, AMDGPU_GEM_METADATA_OP_GET_METADATA);
  ASSERT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_METADATA, &get), 0);
  EXPECT_EQ(get.data.data_size_bytes, 0u);
}

TEST_P(Gem, MetadataUnknownHandleIsEnoent) {
  auto get = metadata(5, AMDGPU_GEM_METADATA_OP_GET_METADATA);
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_METADATA, &get), ENOENT);
}

TEST_P(Gem, WaitIdleOnAnIdleBufferReportsStatusZero) {
  uint32_t h = create_gtt();
  uint32_t status = 99;
  EXPECT_EQ(gem_wait_idle(fd(), h, 0, &status), 0);
  EXPECT_EQ(status, 0u);
  status = 99;
  EXPECT_EQ(gem_wait_idle(fd(), h, kInfinite, &status), 0);
  EXPECT_EQ(status, 0u);
}

TEST_P(Gem, WaitIdleUnknownHandleIsEnoent) {
  EXPECT_EQ(gem_wait_idle(fd(), 9, 0, nullptr), ENOENT);
}

SPORKLE_DEVICE_SUITE(ioctl, Gem);

}  // namespace
}  // namespace sporkle::conformance
