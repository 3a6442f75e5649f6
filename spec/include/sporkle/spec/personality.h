// A simulated GPU's identity: everything the kernel reports about a real board of that class, as plain data.
// Values come from real boards (see each personality's source file for the board and where values came from).
#pragma once

#include <amdgpu_drm.h>

#include <cstdint>
#include <span>
#include <string_view>

namespace sporkle::spec {

enum class GfxLevel : uint8_t { Gfx9, Gfx10_3 };

struct PciIdentity {
  uint16_t vendor;
  uint16_t device;
  uint8_t revision;
  uint16_t subsystem_vendor;
  uint16_t subsystem_device;
  uint32_t pci_class;  // e.g. 0x030000 (VGA) or 0x038000 (display controller)
};

// One firmware's answer to AMDGPU_INFO_FW_VERSION.
struct FirmwareVersion {
  uint32_t fw_type;  // AMDGPU_INFO_FW_*
  uint32_t ip_instance;
  uint32_t index;
  uint32_t version;
  uint32_t feature;
};

// A register READ_MMR_REG may return, with the value the board returns.
struct MmrRegister {
  uint32_t dword_offset;
  uint32_t value;
};

// One AMDGPU_INFO_SENSOR answer of an idle board, already in the unit INFO returns (MHz, millidegrees C,
// percent, watts, millivolts). A sensor type missing from the list is one the board's power management
// does not support (INFO answers EINVAL).
struct SensorReading {
  uint32_t type;  // AMDGPU_INFO_SENSOR_*
  uint32_t value;
};

struct Personality {
  std::string_view name;            // gfx target, e.g. "gfx900": the name users pass to --gpu
  std::string_view board;           // e.g. "Radeon RX Vega 64"
  std::string_view chip;            // e.g. "VEGA10"
  GfxLevel gfx_level;
  PciIdentity pci;

  drm_amdgpu_info_device dev_info;  // AMDGPU_INFO_DEV_INFO, every field
  uint64_t vram_size;               // bytes (AMDGPU_INFO_VRAM_GTT / MEMORY)
  uint64_t visible_vram_size;
  uint64_t gtt_size;

  // AMDGPU_INFO_HW_IP_INFO per AMDGPU_HW_IP_* (absent IPs all zero), and the number of rings the kernel has
  // ready for each (the CTX entity count caps what is exposed).
  drm_amdgpu_info_hw_ip hw_ip[AMDGPU_HW_IP_NUM];
  uint32_t num_rings[AMDGPU_HW_IP_NUM];

  std::span<const FirmwareVersion> firmware;
  std::span<const MmrRegister> mmr_registers;
  drm_amdgpu_info_gds gds;
  uint32_t sdma_version_major;  // 4 for gfx900, 5 for gfx1030 (SDMA v5.2)

  // hw_ip[i]._pad carries Linux 6.1's ip_discovery_version (IP_VERSION(maj, min, rev) = maj<<16|min<<8|rev),
  // the field libdrm 2.4.114's header still calls _pad.
  uint32_t num_sdma_instances;  // FW_VERSION accepts SDMA index < this (all instances, not just exposed rings)
  std::span<const SensorReading> sensors;
  drm_amdgpu_info_video_caps video_decode;  // VIDEO_CAPS (the kernel's per-ASIC codec tables)
  drm_amdgpu_info_video_caps video_encode;

  // GPU recovery: the reset method Linux 6.1 picks for the board (soc15/nv_asic_reset_method) and whether
  // it loses VRAM (amdgpu_device_check_vram_lost: always for BACO and MODE1).
  std::string_view reset_method;
  bool reset_loses_vram;
};

// All personalities the simulator knows, and lookup by name (gfx target or chip, case-insensitive).
std::span<const Personality* const> personalities();
const Personality* find_personality(std::string_view name);

}  // namespace sporkle::spec
