// AMDGPU_INFO against Linux 6.1's amdgpu_info_ioctl: every query's answer on both personalities, each
// validation errno, truncation to return_size and EFAULT on a bad return_pointer.

#include <amdgpu_drm.h>
#include <gtest/gtest.h>
#include <sys/mman.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include "sim/kernel/device.h"
#include "sim/kernel/file.h"
#include "sim/kernel/ioctl.h"
#include "sim/kernel/uaccess.h"
#include "sporkle/spec/personality.h"

namespace sporkle::sim::kernel {
namespace {

constexpr uint64_t kMiB = 1ull << 20;

class InfoTest : public ::testing::TestWithParam<const spec::Personality*> {
 protected:
  void SetUp() override {
    dev_ = Device::create({.personality = GetParam(), .index = 0});
    file_ = dev_->open(NodeType::Render, false);
  }

  const spec::Personality& p() const { return *GetParam(); }

  static drm_amdgpu_info request(uint32_t query, void* out, uint32_t size) {
    drm_amdgpu_info info{};
    info.return_pointer = user_ptr(out);
    info.return_size = size;
    info.query = query;
    return info;
  }

  int run(drm_amdgpu_info info) { return amdgpu_info(*file_, &info); }

  template <typename T>
  int query(uint32_t id, T* out) {
    return run(request(id, out, sizeof(T)));
  }

  drm_amdgpu_info_hw_ip hw_ip(uint32_t type, uint32_t instance, int* ret) {
    drm_amdgpu_info_hw_ip ip;
    std::memset(&ip, 0xab, sizeof(ip));
    auto info = request(AMDGPU_INFO_HW_IP_INFO, &ip, sizeof(ip));
    info.query_hw_ip.type = type;
    info.query_hw_ip.ip_instance = instance;
    *ret = run(info);
    return ip;
  }

  int fw(uint32_t type, uint32_t index, drm_amdgpu_info_firmware* out, uint32_t ip_instance = 0) {
    auto info = request(AMDGPU_INFO_FW_VERSION, out, sizeof(*out));
    info.query_fw.fw_type = type;
    info.query_fw.index = index;
    info.query_fw.ip_instance = ip_instance;
    return run(info);
  }

  int mmr(uint32_t offset, uint32_t count, uint32_t instance, uint32_t* out, uint32_t size) {
    auto info = request(AMDGPU_INFO_READ_MMR_REG, out, size);
    info.read_mmr_reg.dword_offset = offset;
    info.read_mmr_reg.count = count;
    info.read_mmr_reg.instance = instance;
    return run(info);
  }

  int sensor(uint32_t type, uint32_t* out) {
    auto info = request(AMDGPU_INFO_SENSOR, out, sizeof(*out));
    info.sensor_info.type = type;
    return run(info);
  }

  bool is_gfx9() const { return p().gfx_level == spec::GfxLevel::Gfx9; }

  std::shared_ptr<Device> dev_;
  std::shared_ptr<File> file_;
};

// A page the client cannot write: copies into it must fault cleanly.
struct ProtectedPage {
  ProtectedPage() { addr = mmap(nullptr, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0); }
  ~ProtectedPage() { munmap(addr, 4096); }
  void* addr;
};

// ---- generic validation ----

TEST_P(InfoTest, ZeroReturnSizeIsEinvalBeforeTheQuery) {
  uint32_t v = 0xdeadbeef;
  EXPECT_EQ(run(request(AMDGPU_INFO_ACCEL_WORKING, &v, 0)), -EINVAL);
  EXPECT_EQ(run(request(0xff, &v, 0)), -EINVAL);
  EXPECT_EQ(v, 0xdeadbeefu);
}

TEST_P(InfoTest, NullReturnPointerIsEinval) {
  EXPECT_EQ(run(request(AMDGPU_INFO_ACCEL_WORKING, nullptr, 4)), -EINVAL);
}

TEST_P(InfoTest, UnknownQueryIsEinval) {
  uint64_t v = 0;
  for (uint32_t q : {0x04u, 0x06u, 0x0du, 0x12u, 0x22u, 0xffu}) EXPECT_EQ(query(q, &v), -EINVAL) << q;
}

TEST_P(InfoTest, UnwritableReturnPointerIsEfault) {
  ProtectedPage page;
  ASSERT_NE(page.addr, MAP_FAILED);
  EXPECT_EQ(run(request(AMDGPU_INFO_ACCEL_WORKING, page.addr, 4)), -EFAULT);
  EXPECT_EQ(run(request(AMDGPU_INFO_DEV_INFO, page.addr, sizeof(drm_amdgpu_info_device))), -EFAULT);
  drm_amdgpu_info bad = request(AMDGPU_INFO_TIMESTAMP, nullptr, 8);
  bad.return_pointer = 1ull << 48;  // non-canonical
  EXPECT_EQ(run(bad), -EFAULT);
}

TEST_P(InfoTest, ReachableThroughTheIoctlDispatcher) {
  drm_amdgpu_info_device d{};
  auto info = request(AMDGPU_INFO_DEV_INFO, &d, sizeof(d));
  ASSERT_EQ(file_->ioctl(DRM_IOCTL_AMDGPU_INFO, &info), 0);
  EXPECT_EQ(d.device_id, p().pci.device);
}

// ---- ACCEL_WORKING, DEV_INFO ----

TEST_P(InfoTest, AccelWorking) {
  uint32_t v = 0;
  ASSERT_EQ(query(AMDGPU_INFO_ACCEL_WORKING, &v), 0);
  EXPECT_EQ(v, 1u);
}

TEST_P(InfoTest, DevInfoIsThePersonalitys) {
  drm_amdgpu_info_device d;
  std::memset(&d, 0xab, sizeof(d));
  ASSERT_EQ(query(AMDGPU_INFO_DEV_INFO, &d), 0);
  EXPECT_EQ(std::memcmp(&d, &p().dev_info, sizeof(d)), 0);
  EXPECT_EQ(d.device_id, p().pci.device);
  EXPECT_EQ(d.pci_rev, p().pci.revision);
  EXPECT_EQ(d.family, is_gfx9() ? AMDGPU_FAMILY_AI : AMDGPU_FAMILY_NV);
  EXPECT_EQ(d.cu_active_number, is_gfx9() ? 64u : 80u);
  EXPECT_EQ(d.wave_front_size, is_gfx9() ? 64u : 32u);
  // Linux 6.1's VA layout for a 48-bit VM: 2 MiB reserved at the bottom and top.
  EXPECT_EQ(d.virtual_address_offset, 2 * kMiB);
  EXPECT_EQ(d.virtual_address_max, 0x800000000000ull);
  EXPECT_EQ(d.high_va_offset, 0xffff800000000000ull);
  EXPECT_EQ(d.high_va_max, 0xffffffffffe00000ull);
  EXPECT_EQ(d.virtual_address_alignment, 4096u);
  EXPECT_EQ(d.pte_fragment_size, 2 * kMiB);
  EXPECT_EQ(d.gart_page_size, 4096u);
}

TEST_P(InfoTest, DevInfoIsTruncatedToReturnSize) {
  std::array<uint8_t, sizeof(drm_amdgpu_info_device) + 16> buf;
  buf.fill(0xab);
  ASSERT_EQ(run(request(AMDGPU_INFO_DEV_INFO, buf.data(), 6)), 0);
  EXPECT_EQ(std::memcmp(buf.data(), &p().dev_info, 6), 0);
  for (size_t i = 6; i < buf.size(); ++i) ASSERT_EQ(buf[i], 0xab) << i;

  buf.fill(0xab);
  ASSERT_EQ(run(request(AMDGPU_INFO_DEV_INFO, buf.data(), buf.size())), 0);
  EXPECT_EQ(std::memcmp(buf.data(), &p().dev_info, sizeof(drm_amdgpu_info_device)), 0);
  for (size_t i = sizeof(drm_amdgpu_info_device); i < buf.size(); ++i) ASSERT_EQ(buf[i], 0xab) << i;
}

// ---- HW_IP_INFO, HW_IP_COUNT ----

TEST_P(InfoTest, HwIpInfoOfEveryIp) {
  for (uint32_t type = 0; type < AMDGPU_HW_IP_NUM; ++type) {
    int ret;
    auto ip = hw_ip(type, 0, &ret);
    ASSERT_EQ(ret, 0) << type;
    EXPECT_EQ(std::memcmp(&ip, &p().hw_ip[type], sizeof(ip)), 0) << type;
  }
  int ret;
  auto gfx = hw_ip(AMDGPU_HW_IP_GFX, 0, &ret);
  EXPECT_EQ(gfx.available_rings, 0x1u);
  EXPECT_EQ(gfx.ib_start_alignment, 32u);
  EXPECT_EQ(gfx.ib_size_alignment, 32u);
  EXPECT_EQ(gfx.hw_ip_version_major, is_gfx9() ? 9u : 10u);
  EXPECT_EQ(gfx._pad, is_gfx9() ? 0x090001u : 0x0a0300u);  // ip_discovery_version
  auto compute = hw_ip(AMDGPU_HW_IP_COMPUTE, 0, &ret);
  EXPECT_EQ(compute.available_rings, 0xfu);  // capped at 4 context entities
  auto dma = hw_ip(AMDGPU_HW_IP_DMA, 0, &ret);
  EXPECT_EQ(dma.available_rings, 0x3u);  // capped at 2 context entities
  EXPECT_EQ(dma.ib_start_alignment, 256u);
  EXPECT_EQ(dma.ib_size_alignment, 4u);
}

TEST_P(InfoTest, HwIpInfoOfAnAbsentIpIsZero) {
  int ret;
  auto ip = hw_ip(is_gfx9() ? AMDGPU_HW_IP_VCN_DEC : AMDGPU_HW_IP_UVD, 0, &ret);
  ASSERT_EQ(ret, 0);
  drm_amdgpu_info_hw_ip zero{};
  EXPECT_EQ(std::memcmp(&ip, &zero, sizeof(ip)), 0);
}

TEST_P(InfoTest, HwIpInfoVideoIps) {
  int ret;
  if (is_gfx9()) {
    auto uvd = hw_ip(AMDGPU_HW_IP_UVD, 0, &ret);
    EXPECT_EQ(uvd.hw_ip_version_major, 7u);
    EXPECT_EQ(uvd.available_rings, 1u);
    auto vce = hw_ip(AMDGPU_HW_IP_VCE, 0, &ret);
    EXPECT_EQ(vce.hw_ip_version_major, 4u);
    EXPECT_EQ(vce.ib_start_alignment, 4u);
    EXPECT_EQ(vce.ib_size_alignment, 1u);
  } else {
    auto dec = hw_ip(AMDGPU_HW_IP_VCN_DEC, 0, &ret);
    EXPECT_EQ(dec.hw_ip_version_major, 3u);
    EXPECT_EQ(dec.ib_start_alignment, 16u);
    auto enc = hw_ip(AMDGPU_HW_IP_VCN_ENC, 0, &ret);
    EXPECT_EQ(enc.ib_start_alignment, 64u);
    EXPECT_EQ(enc.ib_size_alignment, 1u);
    auto jpeg = hw_ip(AMDGPU_HW_IP_VCN_JPEG, 0, &ret);
    EXPECT_EQ(jpeg.available_rings, 1u);
  }
}

TEST_P(InfoTest, HwIpInfoRejectsBadInstanceAndType) {
  int ret;
  hw_ip(AMDGPU_HW_IP_GFX, 1, &ret);
  EXPECT_EQ(ret, -EINVAL);
  hw_ip(AMDGPU_HW_IP_NUM, 0, &ret);
  EXPECT_EQ(ret, -EINVAL);
  hw_ip(0xffffffff, 0, &ret);
  EXPECT_EQ(ret, -EINVAL);
}

TEST_P(InfoTest, HwIpInfoTruncated) {
  std::array<uint32_t, 8> buf;
  buf.fill(0xabababab);
  auto info = request(AMDGPU_INFO_HW_IP_INFO, buf.data(), 4);
  info.query_hw_ip.type = AMDGPU_HW_IP_COMPUTE;
  ASSERT_EQ(run(info), 0);
  EXPECT_EQ(buf[0], p().hw_ip[AMDGPU_HW_IP_COMPUTE].hw_ip_version_major);
  EXPECT_EQ(buf[1], 0xababababu);
}

TEST_P(InfoTest, HwIpCount) {
  for (uint32_t type = 0; type < AMDGPU_HW_IP_NUM; ++type) {
    uint32_t count = 0xff;
    auto info = request(AMDGPU_INFO_HW_IP_COUNT, &count, 4);
    info.query_hw_ip.type = type;
    info.query_hw_ip.ip_instance = 7;  // ignored by HW_IP_COUNT
    ASSERT_EQ(run(info), 0);
    EXPECT_EQ(count, p().hw_ip[type].hw_ip_version_major ? 1u : 0u) << type;
  }
  uint32_t count;
  auto info = request(AMDGPU_INFO_HW_IP_COUNT, &count, 4);
  info.query_hw_ip.type = AMDGPU_HW_IP_NUM;
  EXPECT_EQ(run(info), -EINVAL);
}

// ---- TIMESTAMP and counters ----

TEST_P(InfoTest, TimestampIsMonotonic) {
  uint64_t t1 = 0, t2 = 0;
  ASSERT_EQ(query(AMDGPU_INFO_TIMESTAMP, &t1), 0);
  ASSERT_EQ(query(AMDGPU_INFO_TIMESTAMP, &t2), 0);
  EXPECT_GE(t2, t1);
  EXPECT_LE(t1, dev_->gpu_timestamp());
}

TEST_P(InfoTest, DeviceCounters) {
  uint64_t v = ~0ull;
  ASSERT_EQ(query(AMDGPU_INFO_NUM_BYTES_MOVED, &v), 0);
  EXPECT_EQ(v, dev_->num_bytes_moved());
  v = ~0ull;
  ASSERT_EQ(query(AMDGPU_INFO_NUM_EVICTIONS, &v), 0);
  EXPECT_EQ(v, dev_->num_evictions());
  v = ~0ull;
  ASSERT_EQ(query(AMDGPU_INFO_NUM_VRAM_CPU_PAGE_FAULTS, &v), 0);
  EXPECT_EQ(v, dev_->num_vram_cpu_page_faults());
  uint32_t lost = ~0u;
  ASSERT_EQ(query(AMDGPU_INFO_VRAM_LOST_COUNTER, &lost), 0);
  EXPECT_EQ(lost, dev_->vram_lost_counter());
}

TEST_P(InfoTest, UsageFollowsTheMemoryManagers) {
  uint64_t vram0, gtt0, vis0;
  ASSERT_EQ(query(AMDGPU_INFO_VRAM_USAGE, &vram0), 0);
  ASSERT_EQ(query(AMDGPU_INFO_GTT_USAGE, &gtt0), 0);
  ASSERT_EQ(query(AMDGPU_INFO_VIS_VRAM_USAGE, &vis0), 0);
  ASSERT_TRUE(dev_->charge(AMDGPU_GEM_DOMAIN_VRAM, 4 * kMiB));
  ASSERT_TRUE(dev_->charge(AMDGPU_GEM_DOMAIN_GTT, 2 * kMiB));
  uint64_t vram, gtt, vis;
  ASSERT_EQ(query(AMDGPU_INFO_VRAM_USAGE, &vram), 0);
  ASSERT_EQ(query(AMDGPU_INFO_GTT_USAGE, &gtt), 0);
  ASSERT_EQ(query(AMDGPU_INFO_VIS_VRAM_USAGE, &vis), 0);
  EXPECT_EQ(vram, vram0 + 4 * kMiB);
  EXPECT_EQ(gtt, gtt0 + 2 * kMiB);
  EXPECT_EQ(vis, dev_->visible_vram_usage());
  EXPECT_EQ(vram, dev_->usage(AMDGPU_GEM_DOMAIN_VRAM));
  dev_->uncharge(AMDGPU_GEM_DOMAIN_VRAM, 4 * kMiB);
  dev_->uncharge(AMDGPU_GEM_DOMAIN_GTT, 2 * kMiB);
}

// ---- FW_VERSION ----

TEST_P(InfoTest, FirmwareVersionsComeFromThePersonality) {
  for (const spec::FirmwareVersion& f : p().firmware) {
    drm_amdgpu_info_firmware out{~0u, ~0u};
    ASSERT_EQ(fw(f.fw_type, f.index, &out), 0) << f.fw_type;
    EXPECT_EQ(out.ver, f.version) << f.fw_type;
    EXPECT_EQ(out.feature, f.feature) << f.fw_type;
  }
  drm_amdgpu_info_firmware me{};
  ASSERT_EQ(fw(AMDGPU_INFO_FW_GFX_ME, 0, &me), 0);
  EXPECT_EQ(me.ver, is_gfx9() ? 166u : 64u);
}

TEST_P(InfoTest, FirmwareIndexIsIgnoredOutsideMecTaSdma) {
  drm_amdgpu_info_firmware a{}, b{};
  ASSERT_EQ(fw(AMDGPU_INFO_FW_GFX_PFP, 0, &a), 0);
  ASSERT_EQ(fw(AMDGPU_INFO_FW_GFX_PFP, 9, &b), 0);
  EXPECT_EQ(a.ver, b.ver);
  EXPECT_NE(a.ver, 0u);
}

TEST_P(InfoTest, FirmwareNotLoadedAnswersZeros) {
  drm_amdgpu_info_firmware out{~0u, ~0u};
  // Known to 6.1 (IMU, MES) but absent on both boards.
  for (uint32_t type : {0x1bu, 0x1au, static_cast<uint32_t>(AMDGPU_INFO_FW_GMC)}) {
    out = {~0u, ~0u};
    ASSERT_EQ(fw(type, 0, &out), 0) << type;
    EXPECT_EQ(out.ver, 0u);
    EXPECT_EQ(out.feature, 0u);
  }
  out = {~0u, ~0u};
  ASSERT_EQ(fw(AMDGPU_INFO_FW_TA, 2 /* XGMI */, &out), 0);
  EXPECT_EQ(out.ver, 0u);
  out = {~0u, ~0u};
  ASSERT_EQ(fw(is_gfx9() ? AMDGPU_INFO_FW_VCN : AMDGPU_INFO_FW_VCE, 0, &out), 0);
  EXPECT_EQ(out.ver, 0u);
}

TEST_P(InfoTest, FirmwareValidation) {
  drm_amdgpu_info_firmware out{};
  EXPECT_EQ(fw(AMDGPU_INFO_FW_GFX_ME, 0, &out, 1), -EINVAL);  // ip_instance
  EXPECT_EQ(fw(0x09, 0, &out), -EINVAL);                      // no such type
  EXPECT_EQ(fw(0x1c, 0, &out), -EINVAL);
  EXPECT_EQ(fw(0, 0, &out), -EINVAL);
  EXPECT_EQ(fw(AMDGPU_INFO_FW_GFX_MEC, 1, &out), 0);
  EXPECT_EQ(fw(AMDGPU_INFO_FW_GFX_MEC, 2, &out), -EINVAL);
  EXPECT_EQ(fw(AMDGPU_INFO_FW_TA, 1, &out), -EINVAL);  // ASD is not a TA index
  EXPECT_EQ(fw(AMDGPU_INFO_FW_TA, 7, &out), 0);
  EXPECT_EQ(fw(AMDGPU_INFO_FW_TA, 8, &out), -EINVAL);
  EXPECT_EQ(fw(AMDGPU_INFO_FW_SDMA, p().num_sdma_instances - 1, &out), 0);
  EXPECT_EQ(fw(AMDGPU_INFO_FW_SDMA, p().num_sdma_instances, &out), -EINVAL);
}

// ---- GDS, VRAM_GTT, MEMORY ----

TEST_P(InfoTest, GdsConfig) {
  drm_amdgpu_info_gds gds;
  std::memset(&gds, 0xab, sizeof(gds));
  ASSERT_EQ(query(AMDGPU_INFO_GDS_CONFIG, &gds), 0);
  EXPECT_EQ(gds.gds_gfx_partition_size, 0u);
  EXPECT_EQ(gds.compute_partition_size, 0x10000u);
  EXPECT_EQ(gds.gds_total_size, 0x10000u);
  EXPECT_EQ(gds.gws_per_gfx_partition, 0u);
  EXPECT_EQ(gds.gws_per_compute_partition, 64u);
  EXPECT_EQ(gds.oa_per_compute_partition, 16u);
  EXPECT_EQ(gds._pad, 0u);
}

TEST_P(InfoTest, VramGtt) {
  drm_amdgpu_info_vram_gtt v{};
  ASSERT_EQ(query(AMDGPU_INFO_VRAM_GTT, &v), 0);
  EXPECT_EQ(v.vram_size, p().vram_size - 8 * kMiB);  // AMDGPU_VM_RESERVED_VRAM
  EXPECT_EQ(v.vram_cpu_accessible_size, 256 * kMiB);
  EXPECT_EQ(v.gtt_size, p().gtt_size);
  EXPECT_EQ(p().vram_size, is_gfx9() ? 8ull << 30 : 16ull << 30);
}

TEST_P(InfoTest, Memory) {
  ASSERT_TRUE(dev_->charge(AMDGPU_GEM_DOMAIN_VRAM, kMiB));
  drm_amdgpu_memory_info m{};
  ASSERT_EQ(query(AMDGPU_INFO_MEMORY, &m), 0);
  EXPECT_EQ(m.vram.total_heap_size, p().vram_size);
  EXPECT_EQ(m.vram.usable_heap_size, p().vram_size - 8 * kMiB);
  EXPECT_EQ(m.vram.heap_usage, dev_->usage(AMDGPU_GEM_DOMAIN_VRAM));
  EXPECT_EQ(m.vram.max_allocation, m.vram.usable_heap_size * 3 / 4);
  EXPECT_EQ(m.cpu_accessible_vram.total_heap_size, p().visible_vram_size);
  EXPECT_EQ(m.cpu_accessible_vram.usable_heap_size, p().visible_vram_size);
  EXPECT_EQ(m.cpu_accessible_vram.heap_usage, dev_->visible_vram_usage());
  EXPECT_EQ(m.cpu_accessible_vram.max_allocation, p().visible_vram_size * 3 / 4);
  EXPECT_EQ(m.gtt.total_heap_size, p().gtt_size);
  EXPECT_EQ(m.gtt.usable_heap_size, p().gtt_size);
  EXPECT_EQ(m.gtt.heap_usage, dev_->usage(AMDGPU_GEM_DOMAIN_GTT));
  EXPECT_EQ(m.gtt.max_allocation, p().gtt_size * 3 / 4);
  dev_->uncharge(AMDGPU_GEM_DOMAIN_VRAM, kMiB);
}

// ---- READ_MMR_REG ----

constexpr uint32_t kGbAddrConfig = 0x263e;
constexpr uint32_t kGrbmStatus = 0x2004;
constexpr uint32_t kBroadcast = 0xffff;  // SE and SH index fields all ones

TEST_P(InfoTest, ReadGbAddrConfig) {
  uint32_t v = 0;
  ASSERT_EQ(mmr(kGbAddrConfig, 1, kBroadcast, &v, 4), 0);
  EXPECT_EQ(v, is_gfx9() ? 0x2a114042u : 0x00000444u);
  // A valid SE/SH selection reads the same (no allow-listed register is GRBM-indexed).
  uint32_t w = 0;
  ASSERT_EQ(mmr(kGbAddrConfig, 1, (1 << 8) | 3, &w, 4), 0);
  EXPECT_EQ(w, v);
}

TEST_P(InfoTest, ReadSeveralAllowedRegisters) {
  // GRBM_STATUS_SE0 and SE1 follow GRBM_STATUS: 0x2004..0x2006 are all allow-listed.
  std::array<uint32_t, 3> regs{};
  ASSERT_EQ(mmr(kGrbmStatus, 3, kBroadcast, regs.data(), sizeof(regs)), 0);
  EXPECT_EQ(regs[0], 0x00003028u);
  EXPECT_EQ(regs[1], 0x00000006u);
}

TEST_P(InfoTest, ReadDbDebug2OnlyOnSoc15) {
  uint32_t v = 0;
  EXPECT_EQ(mmr(0x260d, 1, kBroadcast, &v, 4), is_gfx9() ? 0 : -EFAULT);
  if (is_gfx9()) {
    EXPECT_EQ(v, 0x400u);
  }
}

TEST_P(InfoTest, ReadNonAllowListedRegisterIsEfault) {
  std::array<uint32_t, 2> regs{0xabababab, 0xabababab};
  EXPECT_EQ(mmr(kGbAddrConfig + 1, 1, kBroadcast, regs.data(), 4), -EFAULT);
  EXPECT_EQ(mmr(kGbAddrConfig, 2, kBroadcast, regs.data(), 8), -EFAULT);  // second one is not allowed
  EXPECT_EQ(regs[0], 0xababababu);                                       // nothing copied
  EXPECT_EQ(mmr(0, 1, kBroadcast, regs.data(), 4), -EFAULT);
}

TEST_P(InfoTest, ReadMmrValidation) {
  std::vector<uint32_t> regs(130);
  EXPECT_EQ(mmr(kGbAddrConfig, 129, kBroadcast, regs.data(), 129 * 4), -EINVAL);
  EXPECT_EQ(mmr(0, 128, kBroadcast, regs.data(), 128 * 4), -EFAULT);  // count passes, register does not
  EXPECT_EQ(mmr(kGbAddrConfig, 1, 0xff04, regs.data(), 4), -EINVAL);  // SE 4
  EXPECT_EQ(mmr(kGbAddrConfig, 1, 0x0200 | 0xff, regs.data(), 4), -EINVAL);  // SH 2
  EXPECT_EQ(mmr(kGbAddrConfig, 1, 0x0103, regs.data(), 4), 0);
  EXPECT_EQ(mmr(kGbAddrConfig, 0, kBroadcast, regs.data(), 4), 0);  // nothing to read
  // The bad SE index wins over the count limit.
  EXPECT_EQ(mmr(0, 129, 0xff07, regs.data(), 4), -EINVAL);
}

TEST_P(InfoTest, ReadMmrTruncated) {
  std::array<uint32_t, 2> regs{0xabababab, 0xabababab};
  ASSERT_EQ(mmr(kGrbmStatus, 2, kBroadcast, regs.data(), 4), 0);
  EXPECT_EQ(regs[0], 0x00003028u);
  EXPECT_EQ(regs[1], 0xababababu);
}

// ---- VCE_CLOCK_TABLE, VBIOS, NUM_HANDLES ----

TEST_P(InfoTest, VceClockTableIsEmpty) {
  drm_amdgpu_info_vce_clock_table t;
  std::memset(&t, 0xab, sizeof(t));
  ASSERT_EQ(query(AMDGPU_INFO_VCE_CLOCK_TABLE, &t), 0);
  drm_amdgpu_info_vce_clock_table zero{};
  EXPECT_EQ(std::memcmp(&t, &zero, sizeof(t)), 0);
}

TEST_P(InfoTest, VbiosOfABoardWithoutImage) {
  uint32_t size = ~0u;
  auto info = request(AMDGPU_INFO_VBIOS, &size, 4);
  info.vbios_info.type = AMDGPU_INFO_VBIOS_SIZE;
  ASSERT_EQ(run(info), 0);
  EXPECT_EQ(size, 0u);

  std::array<uint8_t, 64> image{};
  info = request(AMDGPU_INFO_VBIOS, image.data(), image.size());
  info.vbios_info.type = AMDGPU_INFO_VBIOS_IMAGE;
  info.vbios_info.offset = 0;
  EXPECT_EQ(run(info), -EINVAL);

  drm_amdgpu_info_vbios v;
  std::memset(&v, 0xab, sizeof(v));
  info = request(AMDGPU_INFO_VBIOS, &v, sizeof(v));
  info.vbios_info.type = AMDGPU_INFO_VBIOS_INFO;
  ASSERT_EQ(run(info), 0);
  drm_amdgpu_info_vbios zero{};
  EXPECT_EQ(std::memcmp(&v, &zero, sizeof(v)), 0);

  info.vbios_info.type = 4;
  EXPECT_EQ(run(info), -EINVAL);
}

TEST_P(InfoTest, NumHandles) {
  drm_amdgpu_info_num_handles h{};
  auto info = request(AMDGPU_INFO_NUM_HANDLES, &h, sizeof(h));
  info.query_hw_ip.type = AMDGPU_HW_IP_UVD;
  EXPECT_EQ(run(info), -ENODATA);  // unlimited UVD handles since Polaris
  info.query_hw_ip.type = AMDGPU_HW_IP_GFX;
  EXPECT_EQ(run(info), -EINVAL);
}

// ---- SENSOR ----

TEST_P(InfoTest, SensorsOfTheBoard) {
  for (const spec::SensorReading& s : p().sensors) {
    uint32_t v = ~0u;
    ASSERT_EQ(sensor(s.type, &v), 0) << s.type;
    EXPECT_EQ(v, s.value) << s.type;
  }
  uint32_t sclk = 0, mclk = 0, pstate_sclk = 0, temp = 0;
  ASSERT_EQ(sensor(AMDGPU_INFO_SENSOR_GFX_SCLK, &sclk), 0);
  ASSERT_EQ(sensor(AMDGPU_INFO_SENSOR_GFX_MCLK, &mclk), 0);
  ASSERT_EQ(sensor(AMDGPU_INFO_SENSOR_STABLE_PSTATE_GFX_SCLK, &pstate_sclk), 0);
  ASSERT_EQ(sensor(AMDGPU_INFO_SENSOR_GPU_TEMP, &temp), 0);
  // Clocks in MHz within the board's kHz maxima; temperature in millidegrees.
  EXPECT_LE(uint64_t{sclk} * 1000, p().dev_info.max_engine_clock);
  EXPECT_LE(uint64_t{mclk} * 1000, p().dev_info.max_memory_clock);
  EXPECT_LE(uint64_t{pstate_sclk} * 1000, p().dev_info.max_engine_clock);
  EXPECT_EQ(pstate_sclk, is_gfx9() ? 1138u : 1825u);
  EXPECT_GT(temp, 10000u);
  EXPECT_LT(temp, 110000u);
}

TEST_P(InfoTest, UnsupportedSensorsAreEinval) {
  uint32_t v = 0;
  EXPECT_EQ(sensor(AMDGPU_INFO_SENSOR_VDDNB, &v), -EINVAL);  // APU-only
  EXPECT_EQ(sensor(0, &v), -EINVAL);
  EXPECT_EQ(sensor(10, &v), -EINVAL);
}

// ---- RAS, VIDEO_CAPS, CRTC ----

TEST_P(InfoTest, NoRasContext) {
  uint64_t mask = 0;
  EXPECT_EQ(query(AMDGPU_INFO_RAS_ENABLED_FEATURES, &mask), -EINVAL);
}

TEST_P(InfoTest, VideoCaps) {
  drm_amdgpu_info_video_caps dec{}, enc{};
  auto info = request(AMDGPU_INFO_VIDEO_CAPS, &dec, sizeof(dec));
  info.video_cap.type = AMDGPU_INFO_VIDEO_CAPS_DECODE;
  ASSERT_EQ(run(info), 0);
  info = request(AMDGPU_INFO_VIDEO_CAPS, &enc, sizeof(enc));
  info.video_cap.type = AMDGPU_INFO_VIDEO_CAPS_ENCODE;
  ASSERT_EQ(run(info), 0);
  EXPECT_EQ(std::memcmp(&dec, &p().video_decode, sizeof(dec)), 0);
  EXPECT_EQ(std::memcmp(&enc, &p().video_encode, sizeof(enc)), 0);

  const auto& hevc = dec.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_HEVC];
  EXPECT_EQ(hevc.valid, 1u);
  EXPECT_EQ(hevc.max_level, 186u);
  EXPECT_EQ(hevc.max_width, is_gfx9() ? 4096u : 8192u);
  EXPECT_EQ(hevc.max_pixels_per_frame, hevc.max_width * hevc.max_height);
  EXPECT_EQ(dec.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_AV1].valid, is_gfx9() ? 0u : 1u);
  EXPECT_EQ(enc.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_MPEG4_AVC].max_height, 2304u);
  EXPECT_EQ(enc.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_VP9].valid, 0u);

  info.video_cap.type = 2;
  EXPECT_EQ(run(info), -EINVAL);
}

TEST_P(InfoTest, CrtcFromIdFindsNoCrtc) {
  uint32_t v = 0;
  for (uint32_t id : {0u, 1u, 31u}) {
    auto info = request(AMDGPU_INFO_CRTC_FROM_ID, &v, 4);
    info.mode_crtc.id = id;
    EXPECT_EQ(run(info), -EINVAL);
  }
}

INSTANTIATE_TEST_SUITE_P(Personalities, InfoTest, ::testing::ValuesIn(spec::personalities()),
                         [](const auto& param) { return std::string(param.param->name); });

}  // namespace
}  // namespace sporkle::sim::kernel
