// mmap of DRM files: the kernel's checks, and mappings that keep their buffer's pages as the kernel's do.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sim/shim/tests/helpers.h"

namespace sporkle::sim::shim {
namespace {

using test::ioctl_errno;

struct Bo {
  uint32_t handle = 0;
  uint64_t offset = 0;  // GEM mmap offset
};

Bo create_bo(int fd, uint64_t size) {
  Bo bo;
  drm_amdgpu_gem_create create{};
  create.in.bo_size = size;
  create.in.alignment = 4096;
  create.in.domains = AMDGPU_GEM_DOMAIN_GTT;
  EXPECT_EQ(ioctl_errno(fd, DRM_IOCTL_AMDGPU_GEM_CREATE, &create), 0);
  bo.handle = create.out.handle;
  drm_amdgpu_gem_mmap mmap_args{};
  mmap_args.in.handle = bo.handle;
  EXPECT_EQ(ioctl_errno(fd, DRM_IOCTL_AMDGPU_GEM_MMAP, &mmap_args), 0);
  bo.offset = mmap_args.out.addr_ptr;
  return bo;
}

void close_bo(int fd, const Bo& bo) {
  drm_gem_close close_args{bo.handle, 0};
  EXPECT_EQ(ioctl_errno(fd, DRM_IOCTL_GEM_CLOSE, &close_args), 0);
}

void* map(int fd, const Bo& bo, size_t size, int prot = PROT_READ | PROT_WRITE, int flags = MAP_SHARED) {
  return mmap(nullptr, size, prot, flags, fd, off_t(bo.offset));
}

TEST(DrmMmap, TwoMappingsOfABufferShareItsPages) {
  int fd = open("/dev/dri/renderD128", O_RDWR);
  ASSERT_GE(fd, 0);
  Bo bo = create_bo(fd, 8192);
  auto* a = static_cast<uint32_t*>(map(fd, bo, 8192));
  auto* b = static_cast<uint32_t*>(map(fd, bo, 8192));
  ASSERT_NE(a, MAP_FAILED);
  ASSERT_NE(b, MAP_FAILED);
  a[2000] = 0x12345678;
  EXPECT_EQ(b[2000], 0x12345678u);
  munmap(a, 8192);
  munmap(b, 8192);
  close_bo(fd, bo);
  close(fd);
}

TEST(DrmMmap, KernelChecksComeFirst) {
  int fd = open("/dev/dri/renderD128", O_RDWR);
  int ro = open("/dev/dri/renderD128", O_RDONLY);
  ASSERT_GE(fd, 0);
  ASSERT_GE(ro, 0);
  Bo bo = create_bo(fd, 4096);
  EXPECT_EQ(mmap(nullptr, 4096, PROT_READ, MAP_SHARED, fd, off_t(bo.offset + 1)), MAP_FAILED);
  EXPECT_EQ(errno, EINVAL);  // unaligned offset
  EXPECT_EQ(mmap(nullptr, 0, PROT_READ, MAP_SHARED, fd, off_t(bo.offset)), MAP_FAILED);
  EXPECT_EQ(errno, EINVAL);
  EXPECT_EQ(map(fd, bo, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE), MAP_FAILED);
  EXPECT_EQ(errno, EINVAL);  // TTM refuses copy-on-write
  EXPECT_EQ(map(fd, bo, 8192), MAP_FAILED);
  EXPECT_EQ(errno, EINVAL);  // longer than the buffer
  EXPECT_EQ(mmap(nullptr, 4096, PROT_READ, MAP_SHARED, fd, off_t(bo.offset + (1ull << 40))), MAP_FAILED);
  EXPECT_EQ(errno, EINVAL);  // no buffer there
  // Another file that has no handle to the buffer may not map it (drm_vma_node_is_allowed).
  EXPECT_EQ(map(ro, bo, 4096, PROT_READ), MAP_FAILED);
  EXPECT_EQ(errno, EACCES);
  close_bo(fd, bo);
  close(ro);
  close(fd);
}

TEST(DrmMmap, WritableSharedMappingNeedsAWritableFd) {
  int ro = open("/dev/dri/renderD128", O_RDONLY);
  ASSERT_GE(ro, 0);
  Bo bo = create_bo(ro, 4096);  // ioctls do not depend on the access mode
  EXPECT_EQ(map(ro, bo, 4096), MAP_FAILED);
  EXPECT_EQ(errno, EACCES);
  void* p = map(ro, bo, 4096, PROT_READ);
  EXPECT_NE(p, MAP_FAILED);
  munmap(p, 4096);
  close_bo(ro, bo);
  close(ro);
}

TEST(DrmMmap, AMappingOutlivesTheHandle) {
  int fd = open("/dev/dri/renderD128", O_RDWR);
  ASSERT_GE(fd, 0);
  Bo first = create_bo(fd, 65536);
  auto* a = static_cast<uint32_t*>(map(fd, first, 65536));
  ASSERT_NE(a, MAP_FAILED);
  for (uint32_t i = 0; i < 16384; ++i) a[i] = 0xa0000000 | i;
  close_bo(fd, first);
  // A new buffer must not get the pages the old mapping still shows.
  Bo second = create_bo(fd, 65536);
  auto* b = static_cast<uint32_t*>(map(fd, second, 65536));
  ASSERT_NE(b, MAP_FAILED);
  for (uint32_t i = 0; i < 16384; ++i) b[i] = 0xb0000000 | i;
  for (uint32_t i = 0; i < 16384; i += 997) ASSERT_EQ(a[i], 0xa0000000 | i) << i;
  munmap(a, 65536);
  munmap(b, 65536);
  close_bo(fd, second);
  close(fd);
}

}  // namespace
}  // namespace sporkle::sim::shim
