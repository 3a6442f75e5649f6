// AMDGPU_INFO (amdgpu_kms.c amdgpu_info_ioctl, Linux 6.1): every answer is copied to the client's
// return_pointer, truncated to return_size; the board's values come from its spec::Personality.

#include <amdgpu_drm.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

#include "sim/kernel/device.h"
#include "sim/kernel/file.h"
#include "sim/kernel/ioctl.h"
#include "sim/kernel/uaccess.h"

namespace sporkle::sim::kernel {
namespace {

// Linux 6.1 knows firmware types up to AMDGPU_INFO_FW_IMU (0x1b), past libdrm 2.4.114's last, FW_TOC (0x15):
// CAP 0x16, RLCP 0x17, RLCV 0x18, MES_KIQ 0x19, MES 0x1a, IMU 0x1b (include/uapi/drm/amdgpu_drm.h, 6.1).
constexpr uint32_t kFwImu = 0x1b;
// enum ta_fw_type (amdgpu_ucode.h): the TA indices FW_VERSION accepts, XGMI .. SECUREDISPLAY.
constexpr uint32_t kTaFirst = 2;
constexpr uint32_t kTaLast = 7;

// AMDGPU_VM_RESERVED_VRAM (amdgpu_vm.h): taken off the usable VRAM heap.
constexpr uint64_t kVmReservedVram = 8ull << 20;
// AMDGPU_GFX_MAX_SE / AMDGPU_GFX_MAX_SH_PER_SE (amdgpu_gfx.h); more registers per call are refused.
constexpr uint32_t kMaxSe = 4;
constexpr uint32_t kMaxShPerSe = 2;
constexpr uint32_t kMaxMmrCount = 128;

int copy_out(const drm_amdgpu_info& info, const void* value, uint64_t size) {
  return copy_to_user(info.return_pointer, value, std::min<uint64_t>(info.return_size, size));
}

template <typename T>
int answer(const drm_amdgpu_info& info, const T& value) {
  return copy_out(info, &value, sizeof(value));
}

bool ip_present(const spec::Personality& p, uint32_t type) { return p.hw_ip[type].hw_ip_version_major != 0; }

int hw_ip_info(const spec::Personality& p, const drm_amdgpu_info& info) {
  if (info.query_hw_ip.ip_instance >= AMDGPU_HW_IP_INSTANCE_MAX_COUNT) return -EINVAL;
  if (info.query_hw_ip.type >= AMDGPU_HW_IP_NUM) return -EINVAL;
  return answer(info, p.hw_ip[info.query_hw_ip.type]);  // all zero for an IP the board lacks
}

int hw_ip_count(const spec::Personality& p, const drm_amdgpu_info& info) {
  if (info.query_hw_ip.type >= AMDGPU_HW_IP_NUM) return -EINVAL;
  // One IP block per type on these boards, and the kernel caps the count at AMDGPU_HW_IP_INSTANCE_MAX_COUNT.
  uint32_t count = ip_present(p, info.query_hw_ip.type) ? 1 : 0;
  return answer(info, count);
}

// amdgpu_firmware_info: which (type, index) pairs are valid requests. A valid request for firmware the board
// does not load answers zeros.
bool firmware_request_valid(const spec::Personality& p, const drm_amdgpu_query_fw& q) {
  switch (q.fw_type) {
    case AMDGPU_INFO_FW_GFX_MEC:
      return q.index <= 1;
    case AMDGPU_INFO_FW_TA:
      return q.index >= kTaFirst && q.index <= kTaLast;
    case AMDGPU_INFO_FW_SDMA:
      return q.index < p.num_sdma_instances;
    default:
      // VCE .. GFX_MEC (0x1 - 0x8) and SMC .. IMU (0xa - 0x1b); the index is ignored.
      return (q.fw_type >= AMDGPU_INFO_FW_VCE && q.fw_type <= AMDGPU_INFO_FW_GFX_MEC) ||
             (q.fw_type >= AMDGPU_INFO_FW_SMC && q.fw_type <= kFwImu);
  }
}

bool firmware_index_matters(uint32_t fw_type) {
  return fw_type == AMDGPU_INFO_FW_GFX_MEC || fw_type == AMDGPU_INFO_FW_TA || fw_type == AMDGPU_INFO_FW_SDMA;
}

int fw_version(const spec::Personality& p, const drm_amdgpu_info& info) {
  const drm_amdgpu_query_fw& q = info.query_fw;
  if (q.ip_instance != 0) return -EINVAL;
  if (!firmware_request_valid(p, q)) return -EINVAL;
  uint32_t index = firmware_index_matters(q.fw_type) ? q.index : 0;
  drm_amdgpu_info_firmware fw{};
  for (const spec::FirmwareVersion& f : p.firmware)
    if (f.fw_type == q.fw_type && f.index == index) fw = {f.version, f.feature};
  return answer(info, fw);
}

int read_mmr_reg(const spec::Personality& p, const drm_amdgpu_info& info) {
  uint32_t se = (info.read_mmr_reg.instance >> AMDGPU_INFO_MMR_SE_INDEX_SHIFT) & AMDGPU_INFO_MMR_SE_INDEX_MASK;
  uint32_t sh = (info.read_mmr_reg.instance >> AMDGPU_INFO_MMR_SH_INDEX_SHIFT) & AMDGPU_INFO_MMR_SH_INDEX_MASK;
  // All bits set selects broadcast; otherwise the index must exist.
  if (se != AMDGPU_INFO_MMR_SE_INDEX_MASK && se >= kMaxSe) return -EINVAL;
  if (sh != AMDGPU_INFO_MMR_SH_INDEX_MASK && sh >= kMaxShPerSe) return -EINVAL;
  if (info.read_mmr_reg.count > kMaxMmrCount) return -EINVAL;

  // None of the allow-listed registers is GRBM-indexed, so the SE/SH selection does not change the value.
  std::vector<uint32_t> regs(info.read_mmr_reg.count);
  for (uint32_t i = 0; i < regs.size(); ++i) {
    uint32_t offset = info.read_mmr_reg.dword_offset + i;
    auto it = std::ranges::find(p.mmr_registers, offset, &spec::MmrRegister::dword_offset);
    if (it == p.mmr_registers.end()) return -EFAULT;  // not in the ASIC's allow-list
    regs[i] = it->value;
  }
  return copy_out(info, regs.data(), regs.size() * sizeof(uint32_t));
}

int vram_gtt(Device& dev, const drm_amdgpu_info& info) {
  const spec::Personality& p = dev.personality();
  // Nothing is pinned in the simulator (no display, no kernel-owned BOs), so the pin sizes are 0.
  drm_amdgpu_info_vram_gtt v{};
  v.vram_size = p.vram_size - kVmReservedVram;
  v.vram_cpu_accessible_size = std::min<uint64_t>(p.visible_vram_size, v.vram_size);
  v.gtt_size = p.gtt_size;
  return answer(info, v);
}

int memory(Device& dev, const drm_amdgpu_info& info) {
  const spec::Personality& p = dev.personality();
  drm_amdgpu_memory_info m{};
  m.vram.total_heap_size = p.vram_size;
  m.vram.usable_heap_size = p.vram_size - kVmReservedVram;
  m.vram.heap_usage = dev.usage(AMDGPU_GEM_DOMAIN_VRAM);
  m.vram.max_allocation = m.vram.usable_heap_size * 3 / 4;
  m.cpu_accessible_vram.total_heap_size = p.visible_vram_size;
  m.cpu_accessible_vram.usable_heap_size = std::min<uint64_t>(p.visible_vram_size, m.vram.usable_heap_size);
  m.cpu_accessible_vram.heap_usage = dev.visible_vram_usage();
  m.cpu_accessible_vram.max_allocation = m.cpu_accessible_vram.usable_heap_size * 3 / 4;
  m.gtt.total_heap_size = p.gtt_size;
  m.gtt.usable_heap_size = p.gtt_size;
  m.gtt.heap_usage = dev.usage(AMDGPU_GEM_DOMAIN_GTT);
  m.gtt.max_allocation = m.gtt.usable_heap_size * 3 / 4;
  return answer(info, m);
}

// The simulated board has no VBIOS image: the answers of a kernel whose adev->bios is absent
// (bios_size 0, no atom context).
int vbios(const drm_amdgpu_info& info) {
  switch (info.vbios_info.type) {
    case AMDGPU_INFO_VBIOS_SIZE: {
      uint32_t bios_size = 0;
      return answer(info, bios_size);
    }
    case AMDGPU_INFO_VBIOS_IMAGE:
      return -EINVAL;  // every offset is >= bios_size
    case AMDGPU_INFO_VBIOS_INFO: {
      drm_amdgpu_info_vbios v{};
      return answer(info, v);
    }
    default:
      return -EINVAL;
  }
}

int sensor(const spec::Personality& p, const drm_amdgpu_info& info) {
  // DPM is enabled on both boards (otherwise the kernel answers ENOENT first).
  auto it = std::ranges::find(p.sensors, info.sensor_info.type, &spec::SensorReading::type);
  if (it == p.sensors.end()) return -EINVAL;  // unknown type, or one the board's SMU does not support
  uint32_t value = it->value;
  return answer(info, value);
}

int video_caps(const spec::Personality& p, const drm_amdgpu_info& info) {
  switch (info.video_cap.type) {
    case AMDGPU_INFO_VIDEO_CAPS_DECODE:
      return answer(info, p.video_decode);
    case AMDGPU_INFO_VIDEO_CAPS_ENCODE:
      return answer(info, p.video_encode);
    default:
      return -EINVAL;
  }
}

}  // namespace

int amdgpu_info(File& file, void* data) {
  const auto& info = *static_cast<const drm_amdgpu_info*>(data);
  Device& dev = file.device();
  const spec::Personality& p = dev.personality();

  if (info.return_size == 0 || info.return_pointer == 0) return -EINVAL;

  switch (info.query) {
    case AMDGPU_INFO_ACCEL_WORKING: {
      uint32_t working = 1;
      return answer(info, working);
    }
    case AMDGPU_INFO_CRTC_FROM_ID:
      return -EINVAL;  // the simulator drives no display: no CRTC id is ever found
    case AMDGPU_INFO_HW_IP_INFO:
      return hw_ip_info(p, info);
    case AMDGPU_INFO_HW_IP_COUNT:
      return hw_ip_count(p, info);
    case AMDGPU_INFO_TIMESTAMP:
      return answer(info, dev.gpu_timestamp());
    case AMDGPU_INFO_FW_VERSION:
      return fw_version(p, info);
    case AMDGPU_INFO_NUM_BYTES_MOVED:
      return answer(info, dev.num_bytes_moved());
    case AMDGPU_INFO_NUM_EVICTIONS:
      return answer(info, dev.num_evictions());
    case AMDGPU_INFO_NUM_VRAM_CPU_PAGE_FAULTS:
      return answer(info, dev.num_vram_cpu_page_faults());
    case AMDGPU_INFO_VRAM_USAGE:
      return answer(info, dev.usage(AMDGPU_GEM_DOMAIN_VRAM));
    case AMDGPU_INFO_VIS_VRAM_USAGE:
      return answer(info, dev.visible_vram_usage());
    case AMDGPU_INFO_GTT_USAGE:
      return answer(info, dev.usage(AMDGPU_GEM_DOMAIN_GTT));
    case AMDGPU_INFO_GDS_CONFIG:
      return answer(info, p.gds);
    case AMDGPU_INFO_VRAM_GTT:
      return vram_gtt(dev, info);
    case AMDGPU_INFO_READ_MMR_REG:
      return read_mmr_reg(p, info);
    case AMDGPU_INFO_DEV_INFO:
      return answer(info, p.dev_info);
    case AMDGPU_INFO_MEMORY:
      return memory(dev, info);
    case AMDGPU_INFO_VCE_CLOCK_TABLE: {
      // Neither vega10's powerplay tables nor the swsmu path publish VCE clock states.
      drm_amdgpu_info_vce_clock_table table{};
      return answer(info, table);
    }
    case AMDGPU_INFO_VBIOS:
      return vbios(info);
    case AMDGPU_INFO_NUM_HANDLES:
      // From Polaris on UVD handles are unlimited: ENODATA, whether or not the board has UVD at all.
      return info.query_hw_ip.type == AMDGPU_HW_IP_UVD ? -ENODATA : -EINVAL;
    case AMDGPU_INFO_SENSOR:
      return sensor(p, info);
    case AMDGPU_INFO_VRAM_LOST_COUNTER: {
      uint32_t lost = dev.vram_lost_counter();
      return answer(info, lost);
    }
    case AMDGPU_INFO_RAS_ENABLED_FEATURES: {
      // No RAS context: VEGA10 drops it always, Navi21 consumer boards have no ECC. Fault injection can give
      // the board one, with the UMC, SDMA and GFX blocks enabled (ras_enabled << 32 | features).
      if (!dev.faults().ras_enabled()) return -EINVAL;
      constexpr uint64_t kBlocks = AMDGPU_INFO_RAS_ENABLED_UMC | AMDGPU_INFO_RAS_ENABLED_SDMA | AMDGPU_INFO_RAS_ENABLED_GFX;
      const uint64_t mask = kBlocks << 32 | kBlocks;
      return answer(info, mask);
    }
    case AMDGPU_INFO_VIDEO_CAPS:
      return video_caps(p, info);
    default:
      return -EINVAL;
  }
}

}  // namespace sporkle::sim::kernel
