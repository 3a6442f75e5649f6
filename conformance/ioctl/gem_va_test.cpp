// GEM_VA (kernel-uapi.md 2.3): MAP / UNMAP / REPLACE / CLEAR semantics and every validation step in order.
#include "conformance/framework/fixture.h"

namespace sporkle::conformance {
namespace {

constexpr uint64_t kPage = 4096;
constexpr uint64_t kVa = 0x40000000;  // 1 GiB: a plain address in the low range
constexpr uint64_t kHighHalf = 0xffff000000000000ull;
constexpr uint32_t kPageNoalloc = 1u << 9;  // AMDGPU_VM_PAGE_NOALLOC: Linux 6.1 uapi, newer than libdrm 2.4.114
constexpr uint32_t kRw = AMDGPU_VM_PAGE_READABLE | AMDGPU_VM_PAGE_WRITEABLE;

class GemVa : public DeviceTest {
 protected:
  uint32_t bo(uint64_t size = 4 * kPage) {
    uint32_t h = 0;
    EXPECT_EQ(gem_create(fd(), size, AMDGPU_GEM_DOMAIN_GTT, 0, &h), 0);
    return h;
  }
  int map(uint32_t h, uint64_t va, uint64_t size, uint64_t offset = 0, uint32_t flags = kRw) {
    return gem_va(fd(), AMDGPU_VA_OP_MAP, h, va, offset, size, flags);
  }
  int unmap(uint32_t h, uint64_t va, uint64_t size = kPage) {
    return gem_va(fd(), AMDGPU_VA_OP_UNMAP, h, va, 0, size, kRw);
  }
  // The VM size the kernel checks against: DEV_INFO reports it in high_va_max (48-bit VMs) or
  // virtual_address_max.
  uint64_t vm_size() const {
    return dev_info().high_va_max ? dev_info().high_va_max & 0x0000ffffffffffffull : dev_info().virtual_address_max;
  }
};

TEST_P(GemVa, MapThenUnmapThenUnmapAgainIsEnoent) {
  uint32_t h = bo();
  EXPECT_EQ(map(h, kVa, 4 * kPage), 0);
  EXPECT_EQ(unmap(h, kVa), 0);
  EXPECT_EQ(unmap(h, kVa), ENOENT);
}

TEST_P(GemVa, OneBufferCanBeMappedAtSeveralAddresses) {
  uint32_t h = bo();
  EXPECT_EQ(map(h, kVa, 4 * kPage), 0);
  EXPECT_EQ(map(h, kVa + 16 * kPage, 2 * kPage, 2 * kPage), 0);
  EXPECT_EQ(unmap(h, kVa + 16 * kPage), 0);
  EXPECT_EQ(unmap(h, kVa), 0);
}

TEST_P(GemVa, MapOverlappingAnyExistingMappingIsEinval) {
  uint32_t a = bo(), b = bo();
  ASSERT_EQ(map(a, kVa, 4 * kPage), 0);
  EXPECT_EQ(map(b, kVa + 3 * kPage, 2 * kPage), EINVAL);
  EXPECT_EQ(map(b, kVa - kPage, 2 * kPage), EINVAL);
  EXPECT_EQ(map(a, kVa + kPage, kPage), EINVAL) << "the same buffer overlapping itself";
  EXPECT_EQ(map(b, kVa + 4 * kPage, kPage), 0) << "adjacent is not overlapping";
}

TEST_P(GemVa, ReplaceSplitsExistingMappings) {
  uint32_t a = bo(), b = bo();
  ASSERT_EQ(map(a, kVa, 4 * kPage), 0);
  EXPECT_EQ(gem_va(fd(), AMDGPU_VA_OP_REPLACE, b, kVa + kPage, 0, kPage, kRw), 0);
  // a keeps [kVa, +1) and [kVa+2, +4): the tail piece now starts at kVa + 2 pages.
  EXPECT_EQ(unmap(a, kVa + kPage), ENOENT);
  EXPECT_EQ(unmap(b, kVa + kPage), 0);
  EXPECT_EQ(unmap(a, kVa + 2 * kPage), 0);
  EXPECT_EQ(unmap(a, kVa), 0);
}

TEST_P(GemVa, ReplaceOverAnEmptyRangeJustMaps) {
  uint32_t a = bo();
  EXPECT_EQ(gem_va(fd(), AMDGPU_VA_OP_REPLACE, a, kVa, 0, 4 * kPage, kRw), 0);
  EXPECT_EQ(unmap(a, kVa), 0);
}

TEST_P(GemVa, ClearRemovesAndSplitsEverythingInTheRangeIgnoringTheHandle) {
  uint32_t a = bo(2 * kPage), b = bo(2 * kPage);
  ASSERT_EQ(map(a, kVa, 2 * kPage), 0);
  ASSERT_EQ(map(b, kVa + 2 * kPage, 2 * kPage), 0);
  EXPECT_EQ(gem_va(fd(), AMDGPU_VA_OP_CLEAR, 0xdead, kVa + kPage, 0, 2 * kPage, kRw), 0);
  EXPECT_EQ(unmap(b, kVa + 2 * kPage), ENOENT);
  EXPECT_EQ(unmap(b, kVa + 3 * kPage), 0);
  EXPECT_EQ(unmap(a, kVa), 0);
  EXPECT_EQ(map(b, kVa + kPage, 2 * kPage), 0) << "the cleared range is free again";
}

TEST_P(GemVa, UnmapMatchesTheStartAddressOnlyAndIgnoresTheSize) {
  uint32_t h = bo();
  ASSERT_EQ(map(h, kVa, 4 * kPage), 0);
  EXPECT_EQ(unmap(h, kVa + kPage), ENOENT);
  EXPECT_EQ(unmap(h, kVa, kPage), 0) << "size is not compared";
}

TEST_P(GemVa, UnmapRoundsTheAddressDownToItsPage) {
  uint32_t h = bo();
  ASSERT_EQ(map(h, kVa, 4 * kPage), 0);
  EXPECT_EQ(unmap(h, kVa + 0x800), 0);
}

TEST_P(GemVa, UnmapOfAnotherBuffersMappingIsEnoent) {
  uint32_t a = bo(), b = bo();
  ASSERT_EQ(map(a, kVa, 4 * kPage), 0);
  EXPECT_EQ(unmap(b, kVa), ENOENT);
}

TEST_P(GemVa, GemCloseRemovesTheFilesMappings) {
  uint32_t a = bo();
  ASSERT_EQ(map(a, kVa, 4 * kPage), 0);
  ASSERT_EQ(gem_close(fd(), a), 0);
  uint32_t b = bo();
  EXPECT_EQ(map(b, kVa, 4 * kPage), 0);
}

TEST_P(GemVa, AddressBelowTheBottomReserveIsEinval) {
  uint32_t h = bo();
  EXPECT_EQ(map(h, 0, kPage), EINVAL);
  EXPECT_EQ(map(h, kPage, kPage), EINVAL);
  EXPECT_EQ(map(h, dev_info().virtual_address_offset - kPage, kPage), EINVAL);
  EXPECT_EQ(map(h, dev_info().virtual_address_offset, kPage), 0);
}

TEST_P(GemVa, BottomReserveIs2MiBOnLinux61) {
  SPORKLE_REQUIRE_LINUX_6_1();
  EXPECT_EQ(dev_info().virtual_address_offset, 2ull << 20);
  uint32_t h = bo();
  EXPECT_EQ(map(h, 1ull << 20, kPage), EINVAL);
  EXPECT_EQ(map(h, (2ull << 20) - kPage, kPage), EINVAL);
}

TEST_P(GemVa, AddressInTheCanonicalHoleIsEinval) {
  uint32_t h = bo();
  EXPECT_EQ(map(h, 0x0000800000000000ull, kPage), EINVAL);
  EXPECT_EQ(map(h, 0x1000000000000000ull, kPage), EINVAL);
  EXPECT_EQ(map(h, 0xffff7ffffffff000ull, kPage), EINVAL);
}

TEST_P(GemVa, HighHalfAddressesAreFoldedIntoTheLowHalf) {
  if (!dev_info().high_va_max) GTEST_SKIP() << "the VM has no high address range";
  uint32_t h = bo();
  const uint64_t high = dev_info().high_va_offset + 0x100000000ull;
  ASSERT_EQ(map(h, high, kPage), 0);
  EXPECT_EQ(unmap(h, high & 0x0000ffffffffffffull), EINVAL) << "the folded address itself lies in the hole";
  EXPECT_EQ(unmap(h, high), 0);
}

TEST_P(GemVa, TopOfTheVmIsReserved) {
  uint32_t h = bo();
  const uint64_t top = vm_size();
  ASSERT_GT(top, 0u);
  const uint64_t base = top > 0x0000800000000000ull ? kHighHalf : 0;
  EXPECT_EQ(map(h, base | (top - kPage), kPage), 0);
  EXPECT_EQ(map(h, base | top, kPage), EINVAL);
  EXPECT_EQ(map(h, base | (top - kPage), 2 * kPage), EINVAL);
}

TEST_P(GemVa, TopReserveCheckAppliesToUnmapToo) {
  uint32_t h = bo();
  ASSERT_EQ(map(h, kVa, kPage), 0);
  EXPECT_EQ(unmap(h, kVa, uint64_t(1) << 48), EINVAL) << "not ENOENT: the range check comes first";
  EXPECT_EQ(unmap(h, kVa, kPage), 0);
}

TEST_P(GemVa, UnknownFlagsAreEinval) {
  uint32_t h = bo();
  EXPECT_EQ(map(h, kVa, kPage, 0, kRw | (1u << 10)), EINVAL);
  EXPECT_EQ(map(h, kVa, kPage, 0, 1u << 31), EINVAL);
}

TEST_P(GemVa, PrtCombinesOnlyWithDelayUpdate) {
  uint32_t h = bo();
  EXPECT_EQ(map(h, kVa, kPage, 0, AMDGPU_VM_PAGE_PRT | AMDGPU_VM_PAGE_READABLE), EINVAL);
  EXPECT_EQ(map(h, kVa, kPage, 0, AMDGPU_VM_PAGE_PRT | AMDGPU_VM_MTYPE_UC), EINVAL);
}

TEST_P(GemVa, PrtMappingIgnoresTheHandle) {
  EXPECT_EQ(gem_va(fd(), AMDGPU_VA_OP_MAP, 0xdead, kVa, 0, 16 * kPage, AMDGPU_VM_PAGE_PRT), 0);
  EXPECT_EQ(gem_va(fd(), AMDGPU_VA_OP_UNMAP, 0xbeef, kVa, 0, 16 * kPage, AMDGPU_VM_PAGE_PRT), 0);
}

TEST_P(GemVa, AllDocumentedFlagsAreAccepted) {
  uint32_t h = bo();
  const uint32_t flags = AMDGPU_VM_DELAY_UPDATE | AMDGPU_VM_PAGE_READABLE | AMDGPU_VM_PAGE_WRITEABLE |
                         AMDGPU_VM_PAGE_EXECUTABLE | AMDGPU_VM_MTYPE_UC | kPageNoalloc;
  EXPECT_EQ(map(h, kVa, kPage, 0, flags), 0);
  EXPECT_EQ(map(h, kVa + kPage, kPage, kPage, 0), 0) << "no permission bits at all is valid";
}

TEST_P(GemVa, UnknownOperationIsEinvalBeforeTheHandleLookup) {
  for (uint32_t op : {0u, 5u, 0xFFFFFFFFu}) {
    EXPECT_EQ(gem_va(fd(), op, 999, kVa, 0, kPage, kRw), EINVAL) << "op " << op;
  }
}

TEST_P(GemVa, UnknownHandleIsEnoentForMapUnmapAndReplace) {
  for (uint32_t op : {AMDGPU_VA_OP_MAP, AMDGPU_VA_OP_UNMAP, AMDGPU_VA_OP_REPLACE}) {
    EXPECT_EQ(gem_va(fd(), op, 999, kVa, 0, kPage, kRw), ENOENT) << "op " << op;
  }
}

TEST_P(GemVa, ValidationOrderRangeThenFlagsThenOpThenHandleThenParameters) {
  EXPECT_EQ(gem_va(fd(), 7, 999, kPage, 0, kPage, 1u << 12), EINVAL);
  EXPECT_EQ(gem_va(fd(), AMDGPU_VA_OP_MAP, 999, kVa + 1, 3, 5, kRw), ENOENT)
      << "the handle is looked up before alignment is checked";
}

TEST_P(GemVa, MisalignedAddressOffsetOrSizeIsEinval) {
  uint32_t h = bo();
  EXPECT_EQ(map(h, kVa + 0x800, kPage), EINVAL);
  EXPECT_EQ(map(h, kVa, kPage, 0x800), EINVAL);
  EXPECT_EQ(map(h, kVa, kPage + 4), EINVAL);
  EXPECT_EQ(gem_va(fd(), AMDGPU_VA_OP_REPLACE, h, kVa + 4, 0, kPage, kRw), EINVAL);
  EXPECT_EQ(gem_va(fd(), AMDGPU_VA_OP_CLEAR, 0, kVa + 4, 0, kPage, kRw), EINVAL);
}

TEST_P(GemVa, ZeroSizeIsEinval) {
  uint32_t h = bo();
  EXPECT_EQ(map(h, kVa, 0), EINVAL);
  EXPECT_EQ(gem_va(fd(), AMDGPU_VA_OP_REPLACE, h, kVa, 0, 0, kRw), EINVAL);
  EXPECT_EQ(gem_va(fd(), AMDGPU_VA_OP_CLEAR, 0, kVa, 0, 0, kRw), EINVAL);
}

TEST_P(GemVa, RangeBeyondTheBufferIsEinval) {
  uint32_t h = bo(4 * kPage);
  EXPECT_EQ(map(h, kVa, 5 * kPage), EINVAL);
  EXPECT_EQ(map(h, kVa, 2 * kPage, 3 * kPage), EINVAL);
  EXPECT_EQ(map(h, kVa, kPage, 4 * kPage), EINVAL);
  EXPECT_EQ(map(h, kVa, kPage, 3 * kPage), 0) << "the last page of the buffer";
}

TEST_P(GemVa, OffsetPlusSizeOverflowIsEinval) {
  uint32_t h = bo();
  EXPECT_EQ(map(h, kVa, kPage, ~uint64_t(0) & ~(kPage - 1)), EINVAL);
}

TEST_P(GemVa, BufferOfAnotherFileIsEnoent) {
  int other = open_another();
  ASSERT_GE(other, 0);
  uint32_t h = bo();
  uint32_t mine = 0;
  ASSERT_EQ(gem_create(other, kPage, AMDGPU_GEM_DOMAIN_GTT, 0, &mine), 0);
  ASSERT_EQ(gem_close(other, mine), 0);
  EXPECT_EQ(gem_va(other, AMDGPU_VA_OP_MAP, h, kVa, 0, kPage, kRw), ENOENT);
}

TEST_P(GemVa, MappingsArePerFile) {
  int other = open_another();
  ASSERT_GE(other, 0);
  uint32_t a = bo(), b = 0;
  ASSERT_EQ(gem_create(other, 4 * kPage, AMDGPU_GEM_DOMAIN_GTT, 0, &b), 0);
  EXPECT_EQ(map(a, kVa, 4 * kPage), 0);
  EXPECT_EQ(gem_va(other, AMDGPU_VA_OP_MAP, b, kVa, 0, 4 * kPage, kRw), 0) << "each file has its own VM";
}

TEST_P(GemVa, BadArgumentPointerIsEfault) {
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_VA, reinterpret_cast<void*>(0x10)), EFAULT);
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_GEM_VA, no_access_page()), EFAULT);
}

TEST_P(GemVa, ReadWriteRequestAsLibdrmSendsItCopiesNothingBack) {
  // libdrm sends GEM_VA with _IOWR; the table entry is _IOW, so nothing is copied back even on error.
  if (!dev_info().high_va_max) GTEST_SKIP() << "the VM has no high address range";
  drm_amdgpu_gem_va args{};
  args.handle = 999;
  args.operation = AMDGPU_VA_OP_MAP;
  args.va_address = 0xffff800100000000ull;  // high half: the handler folds its own copy
  args.map_size = kPage;
  args.flags = kRw;
  const drm_amdgpu_gem_va before = args;
  EXPECT_EQ(xioctl(fd(), with_dir(DRM_IOCTL_AMDGPU_GEM_VA, _IOC_READ | _IOC_WRITE), &args), ENOENT);
  EXPECT_EQ(args.va_address, before.va_address);
}

SPORKLE_DEVICE_SUITE(ioctl, GemVa);

}  // namespace
}  // namespace sporkle::conformance
