// AMDGPU_INFO (kernel-uapi.md 2.15): argument checks, truncation to return_size, and the queries whose values
// the kernel defines (as opposed to board values, which the personality tests cover).
#include <cstring>

#include "conformance/framework/fixture.h"

namespace sporkle::conformance {
namespace {

constexpr uint32_t kGbAddrConfig = 0x263e;

class Info : public DeviceTest {
 protected:
  int mmr(uint32_t offset, uint32_t count, uint32_t instance, void* out, uint32_t size) {
    drm_amdgpu_info args{};
    args.return_pointer = ptr(out);
    args.return_size = size;
    args.query = AMDGPU_INFO_READ_MMR_REG;
    args.read_mmr_reg.dword_offset = offset;
    args.read_mmr_reg.count = count;
    args.read_mmr_reg.instance = instance;
    return xioctl(fd(), DRM_IOCTL_AMDGPU_INFO, &args);
  }
};

TEST_P(Info, ZeroReturnSizeOrNullPointerIsEinvalEvenForValidQueries) {
  uint32_t v = 0;
  EXPECT_EQ(info(fd(), AMDGPU_INFO_ACCEL_WORKING, &v, 0), EINVAL);
  EXPECT_EQ(info(fd(), AMDGPU_INFO_ACCEL_WORKING, nullptr, 4), EINVAL);
  EXPECT_EQ(info(fd(), 0x7F, nullptr, 0), EINVAL);
}

TEST_P(Info, UnknownQueryIsEinval) {
  uint64_t v = 0;
  for (uint32_t q : {0x04u, 0x06u, 0x12u, 0x7Fu, 0xFFFFFFFFu}) {
    EXPECT_EQ(info(fd(), q, &v, sizeof(v)), EINVAL) << "query 0x" << std::hex << q;
  }
}

TEST_P(Info, MaxIbsAndGpuvmFaultAreUnknownOnLinux61) {
  SPORKLE_REQUIRE_LINUX_6_1();
  uint8_t buf[64];
  EXPECT_EQ(info(fd(), 0x22, buf, sizeof(buf)), EINVAL);
  EXPECT_EQ(info(fd(), 0x23, buf, sizeof(buf)), EINVAL);
}

TEST_P(Info, BadReturnPointerIsEfault) {
  EXPECT_EQ(info(fd(), AMDGPU_INFO_ACCEL_WORKING, reinterpret_cast<void*>(0x10), 4), EFAULT);
  EXPECT_EQ(info(fd(), AMDGPU_INFO_DEV_INFO, no_access_page(), sizeof(drm_amdgpu_info_device)), EFAULT);
  EXPECT_EQ(info(fd(), AMDGPU_INFO_DEV_INFO, read_only_page(), 8), EFAULT);
}

TEST_P(Info, BadArgumentPointerIsEfault) {
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_INFO, reinterpret_cast<void*>(0x10)), EFAULT);
}

TEST_P(Info, ResultsAreTruncatedToReturnSize) {
  uint8_t buf[sizeof(drm_amdgpu_info_device) + 16];
  std::memset(buf, 0xEE, sizeof(buf));
  ASSERT_EQ(info(fd(), AMDGPU_INFO_DEV_INFO, buf, 4), 0);
  uint32_t device_id = 0;
  std::memcpy(&device_id, buf, 4);
  EXPECT_EQ(device_id, dev_info().device_id);
  for (size_t i = 4; i < sizeof(buf); ++i) ASSERT_EQ(buf[i], 0xEE) << "byte " << i;
}

TEST_P(Info, LongerBuffersGetOnlyTheResultSize) {
  uint8_t buf[64];
  std::memset(buf, 0xEE, sizeof(buf));
  ASSERT_EQ(info(fd(), AMDGPU_INFO_VRAM_LOST_COUNTER, buf, sizeof(buf)), 0);
  for (size_t i = 4; i < sizeof(buf); ++i) ASSERT_EQ(buf[i], 0xEE) << "byte " << i;
}

TEST_P(Info, AccelWorkingIsOne) {
  uint32_t v = 0;
  ASSERT_EQ(info(fd(), AMDGPU_INFO_ACCEL_WORKING, &v, sizeof(v)), 0);
  EXPECT_EQ(v, 1u);
}

TEST_P(Info, DevInfoMatchesThePciIdentityLibdrmReports) {
  EXPECT_EQ(dev_info().device_id, GetParam().pci_device);
  EXPECT_EQ(dev_info().pci_rev, GetParam().pci_revision);
}

TEST_P(Info, DevInfoVirtualAddressLayout) {
  const auto& d = dev_info();
  EXPECT_EQ(d.virtual_address_alignment, 4096u);
  EXPECT_GT(d.virtual_address_max, d.virtual_address_offset);
  EXPECT_LE(d.virtual_address_max, 1ull << 47);
  if (d.high_va_max) {
    EXPECT_EQ(d.high_va_offset, 0xffff800000000000ull);
    EXPECT_GT(d.high_va_max, d.high_va_offset);
  }
}

TEST_P(Info, DevInfoReservesTwoMiBAtBottomOnLinux61) {
  SPORKLE_REQUIRE_LINUX_6_1();
  EXPECT_EQ(dev_info().virtual_address_offset, 2ull << 20);
  if (dev_info().high_va_max) {
    EXPECT_EQ(dev_info().high_va_max, 0xffffffffffe00000ull) << "48-bit VM minus the 2 MiB top reserve";
  }
}

TEST_P(Info, HwIpInfoOfGfxComputeAndDma) {
  struct Expected {
    uint32_t ip, start_alignment, size_alignment, max_rings;
  } ips[] = {{AMDGPU_HW_IP_GFX, 32, 32, 1}, {AMDGPU_HW_IP_COMPUTE, 32, 32, 4}, {AMDGPU_HW_IP_DMA, 256, 4, 2}};
  for (const Expected& e : ips) {
    drm_amdgpu_info_hw_ip hw{};
    ASSERT_EQ(info(fd(), AMDGPU_INFO_HW_IP_INFO, &hw, sizeof(hw), e.ip), 0) << ip_name(e.ip);
    EXPECT_EQ(hw.ib_start_alignment, e.start_alignment) << ip_name(e.ip);
    EXPECT_EQ(hw.ib_size_alignment, e.size_alignment) << ip_name(e.ip);
    EXPECT_NE(hw.available_rings, 0u) << ip_name(e.ip);
    EXPECT_EQ(hw.available_rings & (hw.available_rings + 1), 0u) << "rings form a (1 << n) - 1 mask";
    EXPECT_LT(hw.available_rings, 1u << e.max_rings) << "no more rings than the ctx has entities";
  }
  drm_amdgpu_info_hw_ip gfx{};
  ASSERT_EQ(info(fd(), AMDGPU_INFO_HW_IP_INFO, &gfx, sizeof(gfx), AMDGPU_HW_IP_GFX), 0);
  EXPECT_EQ(gfx.available_rings, 1u);
}

TEST_P(Info, HwIpInfoRejectsInstancesAndUnknownTypes) {
  drm_amdgpu_info_hw_ip hw{};
  EXPECT_EQ(info(fd(), AMDGPU_INFO_HW_IP_INFO, &hw, sizeof(hw), AMDGPU_HW_IP_GFX, 1), EINVAL);
  EXPECT_EQ(info(fd(), AMDGPU_INFO_HW_IP_INFO, &hw, sizeof(hw), AMDGPU_HW_IP_NUM), EINVAL);
  EXPECT_EQ(info(fd(), AMDGPU_INFO_HW_IP_INFO, &hw, sizeof(hw), 0xFFFFFFFF), EINVAL);
}

TEST_P(Info, HwIpCountIsOneForGfxComputeDmaAndAtMostOneElsewhere) {
  for (uint32_t ip = 0; ip < AMDGPU_HW_IP_NUM; ++ip) {
    uint32_t count = 99;
    ASSERT_EQ(info(fd(), AMDGPU_INFO_HW_IP_COUNT, &count, sizeof(count), ip), 0) << ip;
    if (ip <= AMDGPU_HW_IP_DMA) EXPECT_EQ(count, 1u) << ip_name(ip);
    else EXPECT_LE(count, 1u) << "ip " << ip;
  }
  uint32_t count = 0;
  EXPECT_EQ(info(fd(), AMDGPU_INFO_HW_IP_COUNT, &count, sizeof(count), AMDGPU_HW_IP_NUM), EINVAL);
}

TEST_P(Info, AbsentIpIsAnAllZeroSuccess) {
  for (uint32_t ip = AMDGPU_HW_IP_UVD; ip < AMDGPU_HW_IP_NUM; ++ip) {
    uint32_t count = 0;
    ASSERT_EQ(info(fd(), AMDGPU_INFO_HW_IP_COUNT, &count, sizeof(count), ip), 0);
    if (count) continue;
    drm_amdgpu_info_hw_ip hw;
    std::memset(&hw, 0xCC, sizeof(hw));
    ASSERT_EQ(info(fd(), AMDGPU_INFO_HW_IP_INFO, &hw, sizeof(hw), ip), 0) << "ip " << ip;
    const drm_amdgpu_info_hw_ip zero{};
    EXPECT_EQ(std::memcmp(&hw, &zero, sizeof(hw)), 0) << "ip " << ip;
  }
}

TEST_P(Info, MemoryAndVramGttAgree) {
  drm_amdgpu_memory_info mem{};
  drm_amdgpu_info_vram_gtt vg{};
  ASSERT_EQ(info(fd(), AMDGPU_INFO_MEMORY, &mem, sizeof(mem)), 0);
  ASSERT_EQ(info(fd(), AMDGPU_INFO_VRAM_GTT, &vg, sizeof(vg)), 0);
  EXPECT_GT(mem.vram.total_heap_size, 0u);
  EXPECT_GT(mem.gtt.total_heap_size, 0u);
  EXPECT_EQ(vg.vram_size, mem.vram.usable_heap_size);
  EXPECT_EQ(vg.gtt_size, mem.gtt.usable_heap_size);
  EXPECT_EQ(vg.vram_cpu_accessible_size, mem.cpu_accessible_vram.usable_heap_size);
  EXPECT_LE(mem.vram.usable_heap_size, mem.vram.total_heap_size);
  EXPECT_EQ(mem.vram.max_allocation, mem.vram.usable_heap_size * 3 / 4);
  EXPECT_EQ(mem.gtt.max_allocation, mem.gtt.usable_heap_size * 3 / 4);
}

TEST_P(Info, GttUsageGrowsWithAnAllocationOfThisFile) {
  uint64_t before = 0, after = 0;
  ASSERT_EQ(info(fd(), AMDGPU_INFO_GTT_USAGE, &before, sizeof(before)), 0);
  uint32_t h = 0;
  ASSERT_EQ(gem_create(fd(), 64 << 20, AMDGPU_GEM_DOMAIN_GTT, 0, &h), 0);
  ASSERT_EQ(info(fd(), AMDGPU_INFO_GTT_USAGE, &after, sizeof(after)), 0);
  EXPECT_GE(after, before + (64 << 20)) << "other processes may allocate too, never less";
}

TEST_P(Info, TimestampNeverGoesBackwards) {
  uint64_t a = 0, b = 0;
  ASSERT_EQ(info(fd(), AMDGPU_INFO_TIMESTAMP, &a, sizeof(a)), 0);
  ASSERT_EQ(info(fd(), AMDGPU_INFO_TIMESTAMP, &b, sizeof(b)), 0);
  EXPECT_GE(b, a);
}

TEST_P(Info, FirmwareVersionRejectsUnknownTypesAndInstances) {
  drm_amdgpu_info_firmware fw{};
  drm_amdgpu_info args{};
  args.return_pointer = ptr(&fw);
  args.return_size = sizeof(fw);
  args.query = AMDGPU_INFO_FW_VERSION;
  args.query_fw.fw_type = 0x7F;
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_INFO, &args), EINVAL);
  args.query_fw.fw_type = AMDGPU_INFO_FW_GFX_ME;
  args.query_fw.ip_instance = 1;
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_INFO, &args), EINVAL);
  args.query_fw.ip_instance = 0;
  EXPECT_EQ(xioctl(fd(), DRM_IOCTL_AMDGPU_INFO, &args), 0);
}

TEST_P(Info, ReadMmrRegOfGbAddrConfigWorks) {
  uint32_t v = 0;
  ASSERT_EQ(mmr(kGbAddrConfig, 1, 0xFFFFFFFF, &v, sizeof(v)), 0);
  EXPECT_NE(v, 0u);
}

TEST_P(Info, ReadMmrRegRejectsMoreThan128Registers) {
  uint32_t v[130] = {};
  EXPECT_EQ(mmr(kGbAddrConfig, 129, 0xFFFFFFFF, v, sizeof(v)), EINVAL);
}

TEST_P(Info, ReadMmrRegOfZeroRegistersSucceedsWithoutWriting) {
  uint32_t v = 0xABCD;
  EXPECT_EQ(mmr(kGbAddrConfig, 0, 0xFFFFFFFF, &v, sizeof(v)), 0);
  EXPECT_EQ(v, 0xABCDu);
}

TEST_P(Info, ReadMmrRegOfARegisterNotAllowListedIsEfault) {
  uint32_t v = 0;
  EXPECT_EQ(mmr(0x0, 1, 0xFFFFFFFF, &v, sizeof(v)), EFAULT);
}

TEST_P(Info, ReadMmrRegRejectsOutOfRangeShaderEngineAndArray) {
  uint32_t v = 0;
  EXPECT_EQ(mmr(kGbAddrConfig, 1, 0xFFFFFF00u | 0x80, &v, sizeof(v)), EINVAL) << "se 0x80";
  EXPECT_EQ(mmr(kGbAddrConfig, 1, 0xFFFF80FFu, &v, sizeof(v)), EINVAL) << "sh 0x80";
}

TEST_P(Info, VramLostCounterIsReadable) {
  uint32_t a = 0xFFFFFFFF, b = 0xFFFFFFFF;
  ASSERT_EQ(info(fd(), AMDGPU_INFO_VRAM_LOST_COUNTER, &a, sizeof(a)), 0);
  ASSERT_EQ(info(fd(), AMDGPU_INFO_VRAM_LOST_COUNTER, &b, sizeof(b)), 0);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, 0xFFFFFFFFu);
}

SPORKLE_DEVICE_SUITE(ioctl, Info);

}  // namespace
}  // namespace sporkle::conformance
