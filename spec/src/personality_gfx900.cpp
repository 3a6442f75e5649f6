// gfx900: AMD Radeon RX Vega 64 (Vega10 XT, air-cooled reference board), PCI 1002:687F rev C1,
// subsystem 1002:0B36, 64 CUs, 8 GiB HBM2 on a 2048-bit bus, as Linux 6.1's amdgpu reports it.
//
// Sources:
// - Mesa src/amd/drm-shim/amdgpu_devices.c "vega10": a dump of this very board (687F rev C1): DEV_INFO,
//   GFX/COMPUTE hw_ip, ME/PFP/MEC firmware, GB_ADDR_CONFIG.
// - Linux 6.1: soc15.c (external_rev_id 0x1, READ_MMR_REG allow-list), amdgpu_discovery.c (VEGA10 IP
//   versions, 2 SDMA), gfx_v9_0.c (VEGA10_GB_ADDR_CONFIG_GOLDEN, golden DB_DEBUG2, GDS, CE RAM 32 KiB,
//   8 kernel compute queues), uvd_v7_0.c (2 encode rings), vce_v4_0.c (3 rings), vega10_hwmgr.c (UMD
//   pstate levels, sensors), amdgpu_ras.c (no RAS context on VEGA10), soc15.c video codec tables.
// - gc_9_0_offset.h, sdma0/1_4_0_offset.h and vega10_ip_offset.h for the register dword offsets.
// - AMD's spec sheet: 1546 MHz boost, DPM7 1630 MHz, HBM2 945 MHz.
// Values marked "unverified" are plausible for this board's firmware/idle state but were not checked
// against a public dump of it.

#include "personality_common.h"

namespace sporkle::spec {
namespace {

using namespace detail;

constexpr FirmwareVersion kFirmware[] = {
    {AMDGPU_INFO_FW_GFX_ME, 0, 0, 166, 53},     // drm-shim dump
    {AMDGPU_INFO_FW_GFX_PFP, 0, 0, 194, 53},    // drm-shim dump
    {AMDGPU_INFO_FW_GFX_MEC, 0, 0, 33236, 53},  // drm-shim dump
    {AMDGPU_INFO_FW_GFX_MEC, 0, 1, 33236, 53},  // MEC2 runs the MEC image: unverified
    {AMDGPU_INFO_FW_GFX_CE, 0, 0, 79, 53},      // unverified
    {AMDGPU_INFO_FW_GFX_RLC, 0, 0, 181, 1},     // unverified
    {AMDGPU_INFO_FW_SDMA, 0, 0, 430, 43},       // unverified
    {AMDGPU_INFO_FW_SDMA, 0, 1, 430, 43},       // unverified
    {AMDGPU_INFO_FW_SMC, 0, 0, 0x001c2e00, 0},  // unverified
    {AMDGPU_INFO_FW_SOS, 0, 0, 0x00080072, 0},  // unverified
    {AMDGPU_INFO_FW_ASD, 0, 0, 0x21000030, 0},  // unverified
    {AMDGPU_INFO_FW_UVD, 0, 0, 0x014a1100, 0},  // unverified
    {AMDGPU_INFO_FW_VCE, 0, 0, 0x39060400, 0},  // VCE 57.6 (>= 53.45, so no 40-bit VA cap): unverified
};

// soc15_allowed_read_registers, at GC base 0x2000, SDMA0 base 0x1260, SDMA1 base 0x1460. Status registers
// read as on an idle GPU (unverified idle values; GB_ADDR_CONFIG and DB_DEBUG2 are the cached init values).
constexpr MmrRegister kMmr[] = {
    {0x2004, 0x00003028},  // GRBM_STATUS
    {0x2002, 0x00000008},  // GRBM_STATUS2
    {0x2005, 0x00000006},  // GRBM_STATUS_SE0
    {0x2006, 0x00000006},  // GRBM_STATUS_SE1
    {0x200e, 0x00000006},  // GRBM_STATUS_SE2
    {0x200f, 0x00000006},  // GRBM_STATUS_SE3
    {0x1285, 0x46dee557},  // SDMA0_STATUS_REG (reset default: idle)
    {0x1485, 0x46dee557},  // SDMA1_STATUS_REG
    {0x21a0, 0x00000000},  // CP_STAT
    {0x219d, 0x00000000},  // CP_STALLED_STAT1
    {0x219e, 0x00000000},  // CP_STALLED_STAT2
    {0x219c, 0x00000000},  // CP_STALLED_STAT3
    {0x2088, 0x00000000},  // CP_CPF_BUSY_STAT
    {0x2089, 0x00000000},  // CP_CPF_STALLED_STAT1
    {0x2087, 0x00000000},  // CP_CPF_STATUS
    {0x2085, 0x00000000},  // CP_CPC_BUSY_STAT
    {0x2086, 0x00000000},  // CP_CPC_STALLED_STAT1
    {0x2084, 0x00000000},  // CP_CPC_STATUS
    {0x263e, 0x2a114042},  // GB_ADDR_CONFIG = VEGA10_GB_ADDR_CONFIG_GOLDEN
    {0x260d, 0x00000400},  // DB_DEBUG2: reset value 0 with golden_settings_gc_9_0 applied
};

// Idle readings. STABLE_PSTATE: sclk level 3 / mclk level 2 of the board's DPM tables
// (852 991 1084 1138 1200 1401 1536 1630 MHz; 167 500 800 945 MHz). Idle temperature/power/VDDGFX: unverified.
constexpr SensorReading kSensors[] = {
    {AMDGPU_INFO_SENSOR_GFX_SCLK, 852},
    {AMDGPU_INFO_SENSOR_GFX_MCLK, 167},
    {AMDGPU_INFO_SENSOR_GPU_TEMP, 34000},
    {AMDGPU_INFO_SENSOR_GPU_LOAD, 0},
    {AMDGPU_INFO_SENSOR_GPU_AVG_POWER, 9},
    {AMDGPU_INFO_SENSOR_VDDGFX, 800},
    {AMDGPU_INFO_SENSOR_STABLE_PSTATE_GFX_SCLK, 1138},
    {AMDGPU_INFO_SENSOR_STABLE_PSTATE_GFX_MCLK, 800},
};

constexpr uint32_t kCuBitmap[4][4] = {{0xffff}, {0xffff}, {0xffff}, {0xffff}};

constexpr drm_amdgpu_info_device make_dev_info() {
  drm_amdgpu_info_device d{};
  d.device_id = 0x687f;
  d.chip_rev = 0x01;
  d.external_rev = 0x01;
  d.pci_rev = 0xc1;
  d.family = AMDGPU_FAMILY_AI;
  d.num_shader_engines = 4;
  d.num_shader_arrays_per_engine = 1;
  d.gpu_counter_freq = 27000;    // 27 MHz reference clock, in kHz
  d.max_engine_clock = 1630000;  // DPM7 sclk, kHz
  d.max_memory_clock = 945000;   // HBM2 mclk, kHz
  d.cu_active_number = 64;
  d.cu_ao_mask = 0xffffffff;
  for (int se = 0; se < 4; ++se)
    for (int sh = 0; sh < 4; ++sh) {
      d.cu_bitmap[se][sh] = kCuBitmap[se][sh];
      d.cu_ao_bitmap[se][sh] = kCuBitmap[se][sh];
    }
  d.enabled_rb_pipes_mask = 0xffff;
  d.num_rb_pipes = 16;
  d.num_hw_gfx_contexts = 8;
  d.ids_flags = 0;  // dGPU, mcbp off by default, no TMZ on gfx9.0
  d.virtual_address_offset = kVaReservedSize;
  d.virtual_address_max = kGmcHoleStart;
  d.virtual_address_alignment = kPageSize;
  d.pte_fragment_size = kPteFragmentSize;
  d.gart_page_size = kPageSize;
  d.ce_ram_size = 0x8000;
  d.vram_type = AMDGPU_VRAM_TYPE_HBM;
  d.vram_bit_width = 2048;
  d.vce_harvest_config = 0;
  d.gc_double_offchip_lds_buf = 1;
  d.wave_front_size = 64;
  d.num_shader_visible_vgprs = 256;
  d.num_cu_per_sh = 16;
  d.num_tcc_blocks = 16;
  d.gs_vgt_table_depth = 32;
  d.gs_prim_buffer_depth = 1792;
  d.max_gs_waves_per_vgt = 32;
  d.high_va_offset = kGmcHoleEnd;
  d.high_va_max = kHighVaMax;
  d.pa_sc_tile_steering_override = 0;  // only reported for FAMILY_NV and later
  d.tcc_disabled_mask = 0;
  return d;
}

constexpr drm_amdgpu_info_video_caps make_decode_caps() {
  drm_amdgpu_info_video_caps c{};
  c.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_MPEG2] = codec(4096, 4096, 3);
  c.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_MPEG4] = codec(4096, 4096, 5);
  c.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_MPEG4_AVC] = codec(4096, 4096, 52);
  c.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_VC1] = codec(4096, 4096, 4);
  c.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_HEVC] = codec(4096, 4096, 186);
  c.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_JPEG] = codec(4096, 4096, 0);
  return c;
}

constexpr drm_amdgpu_info_video_caps make_encode_caps() {
  drm_amdgpu_info_video_caps c{};
  c.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_MPEG4_AVC] = codec(4096, 2304, 0);
  c.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_HEVC] = codec(4096, 2304, 0);
  return c;
}

}  // namespace

extern const Personality kPersonalityGfx900;
const Personality kPersonalityGfx900 = {
    .name = "gfx900",
    .board = "Radeon RX Vega 64",
    .chip = "VEGA10",
    .gfx_level = GfxLevel::Gfx9,
    .pci = {.vendor = 0x1002, .device = 0x687f, .revision = 0xc1, .subsystem_vendor = 0x1002,
            .subsystem_device = 0x0b36, .pci_class = 0x030000},
    .dev_info = make_dev_info(),
    .vram_size = 8ull << 30,
    .visible_vram_size = kVisibleVram256M,
    .gtt_size = kGttSize,
    .hw_ip =
        {
            hw_ip(9, 0, 32, 32, 1, ip_version(9, 0, 1)),     // GFX
            hw_ip(9, 0, 32, 32, 4, ip_version(9, 0, 1)),     // COMPUTE
            hw_ip(4, 0, 256, 4, 2, ip_version(4, 0, 0)),     // DMA
            hw_ip(7, 0, 64, 64, 1, ip_version(7, 0, 0)),     // UVD
            hw_ip(4, 0, 4, 1, 1, ip_version(4, 0, 0)),       // VCE
            hw_ip(7, 0, 64, 64, 1, ip_version(7, 0, 0)),     // UVD_ENC
            {},                                              // VCN_DEC
            {},                                              // VCN_ENC
            {},                                              // VCN_JPEG
        },
    // Rings the kernel brings up: GFX 1, 8 kernel compute queues, 2 SDMA, UVD 1 + 2 encode, VCE 3.
    .num_rings = {1, 8, 2, 1, 3, 2, 0, 0, 0},
    .firmware = kFirmware,
    .mmr_registers = kMmr,
    .gds = {.gds_gfx_partition_size = 0,
            .compute_partition_size = 0x10000,
            .gds_total_size = 0x10000,
            .gws_per_gfx_partition = 0,
            .gws_per_compute_partition = 64,
            .oa_per_gfx_partition = 0,
            .oa_per_compute_partition = 16},
    .sdma_version_major = 4,
    .num_sdma_instances = 2,
    .sensors = kSensors,
    .video_decode = make_decode_caps(),
    .video_encode = make_encode_caps(),
    .reset_method = "BACO",  // MP1 9.0.0 with BACO support
    .reset_loses_vram = true,
};

}  // namespace sporkle::spec
