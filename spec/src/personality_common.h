// Helpers and facts shared by the personality tables: what Linux 6.1 reports identically for every
// dGPU with a 48-bit GPU VM, so each board's file only holds what differs.
#pragma once

#include <amdgpu_drm.h>

#include <cstdint>

#include "sporkle/spec/personality.h"

namespace sporkle::spec::detail {

// amdgpu_kms.c DEV_INFO with AMDGPU_VA_RESERVED_SIZE = 2 MiB (amdgpu_vm.h, 6.1), max_pfn = 2^36 GPU pages
// (amdgpu_vm_adjust_size(adev, 256 * 1024, 9, 3, 48) in gmc_v9_0.c / gmc_v10_0.c) and the GMC hole at
// 0x0000800000000000 .. 0xffff800000000000 (amdgpu_gmc.h).
inline constexpr uint64_t kVaReservedSize = 2ull << 20;
inline constexpr uint64_t kVmSize = (1ull << 48) - kVaReservedSize;
inline constexpr uint64_t kGmcHoleStart = 0x0000800000000000ull;
inline constexpr uint64_t kGmcHoleEnd = 0xffff800000000000ull;
inline constexpr uint64_t kHighVaMax = kGmcHoleEnd | kVmSize;  // 0xffffffffffe00000
// fragment_size 9 (2 MiB fragments), PAGE_SIZE and AMDGPU_GPU_PAGE_SIZE both 4 KiB.
inline constexpr uint32_t kPteFragmentSize = 2u << 20;
inline constexpr uint32_t kPageSize = 4096;

// GTT size: amdgpu_ttm_init() in Debian's 6.1 takes max(3 GiB, totalram / 2). We fix the host to one with
// 16 GiB of RAM whose kernel reports totalram = 16718270464 bytes, the host behind Mesa drm-shim's Vega10
// dump (amdgpu_devices.c), which reports exactly this GTT size.
inline constexpr uint64_t kGttSize = 8359135232ull;

// CPU-visible VRAM without resizable BAR: the 256 MiB PCI BAR.
inline constexpr uint64_t kVisibleVram256M = 256ull << 20;

// AMDGPU_INFO_HW_IP_INFO answer as amdgpu_hw_ip_info() builds it; rings_exposed is already capped at the
// context entity count (amdgpu_ctx_num_entities).
constexpr drm_amdgpu_info_hw_ip hw_ip(uint32_t major, uint32_t minor, uint32_t ib_start_alignment,
                                      uint32_t ib_size_alignment, uint32_t rings_exposed,
                                      uint32_t ip_discovery_version) {
  return {major, minor, 0, ib_start_alignment, ib_size_alignment, (1u << rings_exposed) - 1,
          ip_discovery_version};
}

constexpr uint32_t ip_version(uint32_t major, uint32_t minor, uint32_t rev) {
  return (major << 16) | (minor << 8) | rev;
}

// One row of the kernel's amdgpu_video_codec_info tables (codec_info_build in amdgpu.h).
constexpr drm_amdgpu_info_video_codec_info codec(uint32_t width, uint32_t height, uint32_t level) {
  return {1, width, height, width * height, level, 0};
}

}  // namespace sporkle::spec::detail
