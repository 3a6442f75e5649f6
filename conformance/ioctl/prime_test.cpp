// PRIME (kernel-uapi.md section 4): dma-buf export / import, handle identity, shared memory, dma-buf mmap.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/framework/fixture.h"

namespace sporkle::conformance {
namespace {

constexpr uint32_t kExportFlags = DRM_CLOEXEC | DRM_RDWR;

class Prime : public DeviceTest {
 protected:
  uint32_t bo(uint64_t size = 8192, uint64_t flags = 0, uint32_t domain = AMDGPU_GEM_DOMAIN_GTT) {
    uint32_t h = 0;
    EXPECT_EQ(gem_create(fd(), size, domain, flags, &h), 0);
    return h;
  }
  int exported(uint32_t h) {
    int out = -1;
    EXPECT_EQ(prime_export(fd(), h, kExportFlags, &out), 0);
    if (out >= 0) fds_.push_back(out);
    return out;
  }
  void TearDown() override {
    for (int f : fds_) close(f);
  }
  std::vector<int> fds_;
};

TEST_P(Prime, ExportGivesACloseOnExecFdWhoseSizeIsTheBufferSize) {
  int dmabuf = exported(bo(3 * 4096));
  ASSERT_GE(dmabuf, 0);
  EXPECT_TRUE(fcntl(dmabuf, F_GETFD) & FD_CLOEXEC);
  EXPECT_EQ(lseek(dmabuf, 0, SEEK_END), 3 * 4096);
  EXPECT_EQ(lseek(dmabuf, 0, SEEK_SET), 0);
}

TEST_P(Prime, ExportWithoutCloexecGivesAnInheritableFd) {
  int out = -1;
  ASSERT_EQ(prime_export(fd(), bo(), DRM_RDWR, &out), 0);
  fds_.push_back(out);
  EXPECT_FALSE(fcntl(out, F_GETFD) & FD_CLOEXEC);
}

TEST_P(Prime, ImportIntoTheExportingFileReturnsTheSameHandle) {
  uint32_t h = bo();
  int dmabuf = exported(h);
  uint32_t imported = 0;
  ASSERT_EQ(prime_import(fd(), dmabuf, &imported), 0);
  EXPECT_EQ(imported, h);
}

TEST_P(Prime, RepeatedExportGivesNewFdsForTheSameBuffer) {
  uint32_t h = bo();
  int a = exported(h), b = exported(h);
  EXPECT_NE(a, b);
  uint32_t ha = 0, hb = 0;
  ASSERT_EQ(prime_import(fd(), a, &ha), 0);
  ASSERT_EQ(prime_import(fd(), b, &hb), 0);
  EXPECT_EQ(ha, h);
  EXPECT_EQ(hb, h);
}

TEST_P(Prime, ImportIntoAnotherFileSharesTheMemory) {
  Buffer mine;
  ASSERT_NO_FATAL_FAILURE(create(mine, 8192));
  ASSERT_NO_FATAL_FAILURE(map_cpu(mine));
  int dmabuf = exported(mine.handle);
  int other = open_another();
  ASSERT_GE(other, 0);
  uint32_t theirs = 0;
  ASSERT_EQ(prime_import(other, dmabuf, &theirs), 0);
  EXPECT_EQ(theirs, 1u) << "a fresh file's first handle";
  uint32_t again = 0;
  ASSERT_EQ(prime_import(other, dmabuf, &again), 0);
  EXPECT_EQ(again, theirs) << "importing the same dma-buf twice gives the same handle";
  uint64_t offset = 0;
  ASSERT_EQ(gem_mmap_offset(other, theirs, &offset), 0);
  auto* p = static_cast<uint32_t*>(mmap(nullptr, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, other, offset));
  ASSERT_NE(p, MAP_FAILED);
  mine.words()[100] = 0x600DCAFE;
  EXPECT_EQ(p[100], 0x600DCAFEu);
  p[1500] = 0x12345678;
  EXPECT_EQ(mine.words()[1500], 0x12345678u);
  munmap(p, 8192);
}

TEST_P(Prime, DmaBufMmapSeesTheBuffer) {
  Buffer mine;
  ASSERT_NO_FATAL_FAILURE(create(mine, 4096));
  ASSERT_NO_FATAL_FAILURE(map_cpu(mine));
  mine.words()[3] = 0xABCD0123;
  int dmabuf = exported(mine.handle);
  auto* p = static_cast<uint32_t*>(mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, dmabuf, 0));
  ASSERT_NE(p, MAP_FAILED) << strerror(errno);
  EXPECT_EQ(p[3], 0xABCD0123u);
  p[4] = 0x55;
  EXPECT_EQ(mine.words()[4], 0x55u);
  munmap(p, 4096);
}

TEST_P(Prime, TheDmaBufKeepsTheBufferAliveAfterGemClose) {
  Buffer mine;
  ASSERT_NO_FATAL_FAILURE(create(mine, 4096));
  ASSERT_NO_FATAL_FAILURE(map_cpu(mine));
  mine.words()[0] = 0x0DDBA11;
  int dmabuf = exported(mine.handle);
  ASSERT_EQ(gem_close(fd(), mine.handle), 0);
  uint32_t back = 0;
  ASSERT_EQ(prime_import(fd(), dmabuf, &back), 0);
  uint64_t offset = 0;
  ASSERT_EQ(gem_mmap_offset(fd(), back, &offset), 0);
  auto* p = static_cast<uint32_t*>(mmap(nullptr, 4096, PROT_READ, MAP_SHARED, fd(), offset));
  ASSERT_NE(p, MAP_FAILED);
  EXPECT_EQ(p[0], 0x0DDBA11u);
  munmap(p, 4096);
}

TEST_P(Prime, ClosingTheFdDoesNotAffectTheHandle) {
  uint32_t h = bo();
  int out = -1;
  ASSERT_EQ(prime_export(fd(), h, kExportFlags, &out), 0);
  close(out);
  uint64_t offset = 0;
  EXPECT_EQ(gem_mmap_offset(fd(), h, &offset), 0);
  int again = exported(h);
  EXPECT_GE(again, 0);
}

TEST_P(Prime, ExportRejectsUnknownFlags) {
  uint32_t h = bo();
  for (uint32_t flags : {uint32_t(O_NONBLOCK), 1u, 0x80000000u}) {
    EXPECT_EQ(prime_export(fd(), h, flags, nullptr), EINVAL) << "flags 0x" << std::hex << flags;
  }
}

TEST_P(Prime, ExportOfUnknownHandleIsEnoent) {
  EXPECT_EQ(prime_export(fd(), 55, kExportFlags, nullptr), ENOENT);
}

TEST_P(Prime, ExportOfAVmAlwaysValidBufferIsEperm) {
  EXPECT_EQ(prime_export(fd(), bo(4096, AMDGPU_GEM_CREATE_VM_ALWAYS_VALID), kExportFlags, nullptr), EPERM);
}

TEST_P(Prime, DmaBufMmapOfANoCpuAccessBufferIsEperm) {
  int dmabuf = exported(bo(4096, AMDGPU_GEM_CREATE_NO_CPU_ACCESS, AMDGPU_GEM_DOMAIN_VRAM));
  ASSERT_GE(dmabuf, 0);
  errno = 0;
  EXPECT_EQ(mmap(nullptr, 4096, PROT_READ, MAP_SHARED, dmabuf, 0), MAP_FAILED);
  EXPECT_EQ(errno, EPERM);
}

TEST_P(Prime, ImportOfAClosedFdIsEbadf) {
  int f = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(f, 0);
  close(f);
  EXPECT_EQ(prime_import(fd(), f, nullptr), EBADF);
  EXPECT_EQ(prime_import(fd(), -1, nullptr), EBADF);
}

TEST_P(Prime, ImportOfSomethingThatIsNotADmaBufIsEinval) {
  int memfd = memfd_create("not-a-dmabuf", MFD_CLOEXEC);
  ASSERT_GE(memfd, 0);
  EXPECT_EQ(prime_import(fd(), memfd, nullptr), EINVAL);
  close(memfd);
  EXPECT_EQ(prime_import(fd(), fd(), nullptr), EINVAL) << "a DRM file is not a dma-buf";
  uint32_t syncobj = 0;
  ASSERT_EQ(syncobj_create(fd(), 0, &syncobj), 0);
  int syncobj_fd = -1;
  ASSERT_EQ(syncobj_to_fd(fd(), syncobj, 0, &syncobj_fd), 0);
  EXPECT_EQ(prime_import(fd(), syncobj_fd, nullptr), EINVAL);
  close(syncobj_fd);
}

TEST_P(Prime, BadArgumentPointersAreEfault) {
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_PRIME_HANDLE_TO_FD, reinterpret_cast<void*>(0x10)), EFAULT);
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_PRIME_FD_TO_HANDLE, reinterpret_cast<void*>(0x10)), EFAULT);
}

SPORKLE_DEVICE_SUITE(ioctl, Prime);

}  // namespace
}  // namespace sporkle::conformance
