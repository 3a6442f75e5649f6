// GEM_USERPTR (kernel-uapi.md 2.7): checks in order, what a userptr BO may not do, and GPU access to the
// process's own memory through it.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/framework/cs.h"
#include "conformance/framework/fixture.h"
#include "conformance/framework/packets.h"

namespace sporkle::conformance {
namespace {

constexpr uint32_t kRegister = AMDGPU_GEM_USERPTR_REGISTER;
constexpr uint32_t kValidate = AMDGPU_GEM_USERPTR_VALIDATE;
constexpr uint32_t kAnon = AMDGPU_GEM_USERPTR_ANONONLY;

class Userptr : public DeviceTest {
 protected:
  void SetUp() override {
    DeviceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    memory_ = mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(memory_, MAP_FAILED);
  }
  void TearDown() override {
    if (memory_ && memory_ != MAP_FAILED) munmap(memory_, kSize);
  }
  int userptr(uint64_t addr, uint64_t size, uint32_t flags, uint32_t* handle = nullptr) {
    drm_amdgpu_gem_userptr args{};
    args.addr = addr;
    args.size = size;
    args.flags = flags;
    int err = xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_USERPTR, &args);
    if (err == 0 && handle) *handle = args.handle;
    return err;
  }
  uint32_t make() {
    uint32_t h = 0;
    EXPECT_EQ(userptr(ptr(memory_), kSize, kRegister | kValidate | kAnon, &h), 0);
    return h;
  }
  static constexpr uint64_t kSize = 4 * 4096;
  void* memory_ = nullptr;
};

TEST_P(Userptr, CreatesAGttBufferOverProcessMemory) {
  uint32_t h = make();
  EXPECT_EQ(h, 1u);
  drm_amdgpu_gem_create_in in{};
  ASSERT_EQ(gem_op_create_info(fd(), h, &in), 0);
  EXPECT_EQ(in.bo_size, kSize);
  EXPECT_EQ(in.domains, uint64_t(AMDGPU_GEM_DOMAIN_GTT));
}

TEST_P(Userptr, ReadonlyWithoutRegisterIsAllowed) {
  EXPECT_EQ(userptr(ptr(memory_), kSize, AMDGPU_GEM_USERPTR_READONLY), 0);
  EXPECT_EQ(userptr(ptr(memory_), kSize, AMDGPU_GEM_USERPTR_READONLY | kValidate), 0);
}

TEST_P(Userptr, UnalignedAddressOrSizeIsEinval) {
  EXPECT_EQ(userptr(ptr(memory_) + 8, 4096, kRegister), EINVAL);
  EXPECT_EQ(userptr(ptr(memory_), 4000, kRegister), EINVAL);
  EXPECT_EQ(userptr(ptr(memory_) + 8, 4096, 0x100), EINVAL) << "alignment is checked before flags";
}

TEST_P(Userptr, UnknownFlagsAreEinvalBeforeThePermissionCheck) {
  EXPECT_EQ(userptr(ptr(memory_), kSize, kRegister | 0x10), EINVAL);
  EXPECT_EQ(userptr(ptr(memory_), kSize, 0x10), EINVAL);
}

TEST_P(Userptr, WritableWithoutRegisterIsEacces) {
  EXPECT_EQ(userptr(ptr(memory_), kSize, 0), EACCES);
  EXPECT_EQ(userptr(ptr(memory_), kSize, kAnon | kValidate), EACCES);
}

TEST_P(Userptr, SizeZeroIsEnospc) {
  EXPECT_EQ(userptr(ptr(memory_), 0, kRegister), ENOSPC);
}

TEST_P(Userptr, ValidateOfUnmappedMemoryIsEfault) {
  void* gone = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(gone, MAP_FAILED);
  ASSERT_EQ(munmap(gone, 4096), 0);
  EXPECT_EQ(userptr(ptr(gone), 4096, kRegister | kValidate), EFAULT);
  EXPECT_EQ(userptr(ptr(gone), 4096, kRegister), 0) << "without VALIDATE the pages are not looked at yet";
}

TEST_P(Userptr, AnonOnlyOverFileBackedMemoryIsEperm) {
  int memfd = memfd_create("file-backed", MFD_CLOEXEC);
  ASSERT_GE(memfd, 0);
  ASSERT_EQ(ftruncate(memfd, 4096), 0);
  void* file = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
  ASSERT_NE(file, MAP_FAILED);
  EXPECT_EQ(userptr(ptr(file), 4096, kRegister | kValidate | kAnon), EPERM);
  EXPECT_EQ(userptr(ptr(file), 4096, kRegister | kValidate), 0) << "file-backed is fine without ANONONLY";
  munmap(file, 4096);
  close(memfd);
}

// Only the first VMA's backing is checked for ANONONLY (amdgpu_ttm_tt_get_user_pages).
TEST_P(Userptr, AnonOnlyLooksAtTheFirstMappingOnly) {
  int memfd = memfd_create("file-backed", MFD_CLOEXEC);
  ASSERT_GE(memfd, 0);
  ASSERT_EQ(ftruncate(memfd, 4096), 0);
  auto* base = static_cast<uint8_t*>(memory_);
  // memory_ is 4 anonymous pages: put a file page over the last one.
  ASSERT_NE(mmap(base + 3 * 4096, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, memfd, 0), MAP_FAILED);
  EXPECT_EQ(userptr(ptr(base), kSize, kRegister | kValidate | kAnon), 0) << "an anonymous first VMA passes";
  EXPECT_EQ(userptr(ptr(base + 3 * 4096), 4096, kRegister | kValidate | kAnon), EPERM);
  close(memfd);
}

// hmm_range_fault: a write request on memory mapped without PROT_WRITE is EPERM; unreadable memory is EFAULT.
TEST_P(Userptr, ValidateChecksEveryPagesPermissions) {
  auto* base = static_cast<uint8_t*>(memory_);
  ASSERT_EQ(mprotect(base + 2 * 4096, 4096, PROT_READ), 0);
  EXPECT_EQ(userptr(ptr(base), kSize, kRegister | kValidate), EPERM) << "writable over a read-only page";
  EXPECT_EQ(userptr(ptr(base), kSize, AMDGPU_GEM_USERPTR_READONLY | kValidate), 0);
  ASSERT_EQ(mprotect(base + 2 * 4096, 4096, PROT_NONE), 0);
  EXPECT_EQ(userptr(ptr(base), kSize, AMDGPU_GEM_USERPTR_READONLY | kValidate), EFAULT) << "an unreadable page";
  ASSERT_EQ(mprotect(base + 2 * 4096, 4096, PROT_READ | PROT_WRITE), 0);
}

// Without VALIDATE nothing looks at the address but the MMU notifier, which only refuses a range that wraps; a
// CS that uses a buffer over unmapped memory fails when it fetches the pages.
TEST_P(Userptr, AddressesAreCheckedWhenThePagesAreNeeded) {
  EXPECT_EQ(userptr(~uint64_t{0} - 4095, 2 * 4096, kRegister), EOVERFLOW);
  EXPECT_EQ(userptr(~uint64_t{0} - 4095, 2 * 4096, kRegister | kValidate), EOVERFLOW) << "before VALIDATE";
  uint32_t h = 0;
  ASSERT_EQ(userptr(0, 4096, kRegister, &h), 0) << "address 0 is not looked at";
  ASSERT_EQ(userptr(uint64_t{1} << 50, 4096, kRegister), 0) << "nor one above the user address space";
  EXPECT_EQ(userptr(0, 4096, kRegister | kValidate), EFAULT);
  const uint32_t data[] = {1};
  Buffer dst, ib;
  ASSERT_NO_FATAL_FAILURE(create_mapped(dst, 4096));
  ASSERT_NO_FATAL_FAILURE(make_ib(ib, AMDGPU_HW_IP_GFX, pm4_write_data(dst.va, data)));
  uint32_t ctx_id = 0;
  ASSERT_NO_FATAL_FAILURE(ctx(&ctx_id));
  uint64_t seq = 0;
  EXPECT_EQ(submit_ib(ctx_id, AMDGPU_HW_IP_GFX, 0, ib, {h}, &seq), EFAULT);
}

TEST_P(Userptr, CannotBeCpuMappedExportedOrReplaced) {
  uint32_t h = make();
  uint64_t offset = 0;
  EXPECT_EQ(gem_mmap_offset(fd(), h, &offset), EPERM);
  EXPECT_EQ(prime_export(fd(), h, DRM_CLOEXEC | DRM_RDWR, nullptr), EPERM);
  drm_amdgpu_gem_op op{h, AMDGPU_GEM_OP_SET_PLACEMENT, AMDGPU_GEM_DOMAIN_GTT};
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_OP, &op), EPERM);
}

TEST_P(Userptr, GpuWritesLandInProcessMemory) {
  uint32_t h = make();
  const uint64_t va = next_va(kSize);
  ASSERT_EQ(gem_va(fd(), AMDGPU_VA_OP_MAP, h, va, 0, kSize), 0);
  static_cast<uint32_t*>(memory_)[1024] = 0;
  const uint32_t data[] = {0x5EED5EED, 0xA11CE};
  Buffer ib;
  ASSERT_NO_FATAL_FAILURE(make_ib(ib, AMDGPU_HW_IP_GFX, pm4_write_data(va + 4096, data)));
  uint32_t ctx_id = 0;
  ASSERT_NO_FATAL_FAILURE(ctx(&ctx_id));
  uint64_t seq = 0;
  ASSERT_EQ(submit_ib(ctx_id, AMDGPU_HW_IP_GFX, 0, ib, {h}, &seq), 0);
  ASSERT_NO_FATAL_FAILURE(wait_idle(ctx_id, AMDGPU_HW_IP_GFX, 0, seq));
  EXPECT_EQ(static_cast<uint32_t*>(memory_)[1024], 0x5EED5EEDu);
  EXPECT_EQ(static_cast<uint32_t*>(memory_)[1025], 0xA11CEu);
}

TEST_P(Userptr, BadArgumentPointerIsEfault) {
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_USERPTR, reinterpret_cast<void*>(0x10)), EFAULT);
}

SPORKLE_DEVICE_SUITE(ioctl, Userptr);

}  // namespace
}  // namespace sporkle::conformance
