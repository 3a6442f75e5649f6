// gfx1030: AMD Radeon RX 6900 XT (Navi21 XTX, reference board), PCI 1002:73BF rev C0, subsystem
// 1002:0E3A, 80 CUs (4 SE x 2 SA x 10 CU), 16 GiB GDDR6 on a 256-bit bus, as Linux 6.1's amdgpu reports it.
//
// Sources:
// - Mesa src/amd/drm-shim/amdgpu_devices.c "navi21": a dump of a Navi21 board (73BF rev C3, the harvested
//   RX 6800 with one SE off); everything not tied to the harvest is the same die: chip_rev, GC 10.3.0,
//   GB_ADDR_CONFIG 0x444, CE RAM, GPR/GS/TCC config, ME/PFP/MEC firmware, 100 MHz counter, UCLK 1000 MHz.
//   The full part differs only in cu_active_number, cu_bitmap, cu_ao_mask and enabled_rb_pipes_mask.
// - Linux 6.1: nv.c (external_rev_id = rev_id + 0x28, READ_MMR_REG allow-list, sc video codec tables),
//   gfx_v10_0.c (cu_info and ao mask layout, 2 gfx rings, GDS, F32_CE_PROGRAM_RAM_SIZE, no tile steering
//   override on 10.3), vcn_v3_0.c (2 VCN instances, 2 encode rings each), jpeg_v3_0.c, sienna_cichlid_ppt.c
//   (UMD pstate 1825/1000 MHz, sensors), amdgpu_ras.c (no RAS context without ECC), gc_10_3_0_default.h.
// - gc_10_1_0_offset.h and sienna_cichlid_ip_offset.h (GC/SDMA base 0x1260) for the register offsets.
// - AMD's spec sheet: 80 CUs, 2250 MHz boost, 16 Gbps GDDR6, 256-bit, 128 MiB Infinity Cache.
// Values marked "unverified" are plausible for this board but were not checked against a public dump of it.

#include "personality_common.h"

namespace sporkle::spec {
namespace {

using namespace detail;

constexpr FirmwareVersion kFirmware[] = {
    {AMDGPU_INFO_FW_GFX_ME, 0, 0, 64, 42},     // drm-shim dump (same sienna_cichlid firmware files)
    {AMDGPU_INFO_FW_GFX_PFP, 0, 0, 95, 42},    // drm-shim dump
    {AMDGPU_INFO_FW_GFX_MEC, 0, 0, 104, 42},   // drm-shim dump
    {AMDGPU_INFO_FW_GFX_MEC, 0, 1, 104, 42},   // MEC2 runs the MEC image: unverified
    {AMDGPU_INFO_FW_GFX_CE, 0, 0, 37, 42},     // unverified
    {AMDGPU_INFO_FW_GFX_RLC, 0, 0, 96, 1},     // unverified
    {AMDGPU_INFO_FW_SDMA, 0, 0, 83, 52},       // unverified
    {AMDGPU_INFO_FW_SDMA, 0, 1, 83, 52},       // unverified
    {AMDGPU_INFO_FW_SDMA, 0, 2, 83, 52},       // unverified
    {AMDGPU_INFO_FW_SDMA, 0, 3, 83, 52},       // unverified
    {AMDGPU_INFO_FW_SMC, 0, 0, 0x003a5a00, 0}, // unverified
    {AMDGPU_INFO_FW_SOS, 0, 0, 0x00210e64, 0}, // unverified
    {AMDGPU_INFO_FW_ASD, 0, 0, 0x21000094, 0}, // unverified
    {AMDGPU_INFO_FW_TA, 0, 4, 0x17000030, 0},  // TA_FW_TYPE_PSP_HDCP: unverified
    {AMDGPU_INFO_FW_TA, 0, 5, 0x12000012, 0},  // TA_FW_TYPE_PSP_DTM: unverified
    {AMDGPU_INFO_FW_VCN, 0, 0, 0x0311b004, 0}, // unverified
    {AMDGPU_INFO_FW_DMCUB, 0, 0, 0x02020018, 0},  // unverified
};

// nv_allowed_read_registers at GC/SDMA base 0x1260 (SDMA1_STATUS_REG is GC-relative 0x625). Status registers
// read as on an idle GPU (unverified idle values); GB_ADDR_CONFIG is the value gfx 10.3 reads at init.
constexpr MmrRegister kMmr[] = {
    {0x2004, 0x00003028},  // GRBM_STATUS
    {0x2002, 0x00000008},  // GRBM_STATUS2
    {0x2005, 0x00000006},  // GRBM_STATUS_SE0
    {0x2006, 0x00000006},  // GRBM_STATUS_SE1
    {0x200e, 0x00000006},  // GRBM_STATUS_SE2
    {0x200f, 0x00000006},  // GRBM_STATUS_SE3
    {0x1285, 0x46dee557},  // SDMA0_STATUS_REG (reset default: idle)
    {0x1885, 0x46dee557},  // SDMA1_STATUS_REG
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
    {0x263e, 0x00000444},  // GB_ADDR_CONFIG
};

// Idle readings: 500 MHz minimum gfxclk, 96 MHz minimum UCLK (drm-shim dump's min clocks); STABLE_PSTATE
// from SIENNA_CICHLID_UMD_PSTATE_PROFILING_{GFXCLK,MEMCLK}. Temperature/power/VDDGFX: unverified.
constexpr SensorReading kSensors[] = {
    {AMDGPU_INFO_SENSOR_GFX_SCLK, 500},
    {AMDGPU_INFO_SENSOR_GFX_MCLK, 96},
    {AMDGPU_INFO_SENSOR_GPU_TEMP, 38000},
    {AMDGPU_INFO_SENSOR_GPU_LOAD, 0},
    {AMDGPU_INFO_SENSOR_GPU_AVG_POWER, 9},
    {AMDGPU_INFO_SENSOR_VDDGFX, 750},
    {AMDGPU_INFO_SENSOR_STABLE_PSTATE_GFX_SCLK, 1825},
    {AMDGPU_INFO_SENSOR_STABLE_PSTATE_GFX_MCLK, 1000},
};

constexpr drm_amdgpu_info_device make_dev_info() {
  drm_amdgpu_info_device d{};
  d.device_id = 0x73bf;
  d.chip_rev = 0x01;
  d.external_rev = 0x29;  // rev_id + 0x28
  d.pci_rev = 0xc0;
  d.family = AMDGPU_FAMILY_NV;
  d.num_shader_engines = 4;
  d.num_shader_arrays_per_engine = 2;
  d.gpu_counter_freq = 100000;   // 100 MHz, in kHz
  d.max_engine_clock = 2660000;  // top of the gfxclk DPM table, kHz: unverified
  d.max_memory_clock = 1000000;  // UCLK for 16 Gbps GDDR6, kHz
  d.cu_active_number = 80;
  // gfx_v10_0_get_cu_info: ao bits of SE0-1/SA0-1 at i*16 + j*8, the 10-bit masks overlapping into 32 bits.
  d.cu_ao_mask = 0xffffffff;
  for (int se = 0; se < 4; ++se)
    for (int sa = 0; sa < 2; ++sa) {
      d.cu_bitmap[se][sa] = 0x3ff;
      d.cu_ao_bitmap[se][sa] = 0x3ff;
    }
  d.enabled_rb_pipes_mask = 0xffff;
  d.num_rb_pipes = 16;
  d.num_hw_gfx_contexts = 8;
  d.ids_flags = 0;  // dGPU, mcbp off by default, TMZ off by default on GC 10.3.0
  d.virtual_address_offset = kVaReservedSize;
  d.virtual_address_max = kGmcHoleStart;
  d.virtual_address_alignment = kPageSize;
  d.pte_fragment_size = kPteFragmentSize;
  d.gart_page_size = kPageSize;
  d.ce_ram_size = 65536;
  d.vram_type = AMDGPU_VRAM_TYPE_GDDR6;
  d.vram_bit_width = 256;
  d.vce_harvest_config = 0;
  d.gc_double_offchip_lds_buf = 1;
  d.wave_front_size = 32;
  d.num_shader_visible_vgprs = 1024;
  d.num_cu_per_sh = 10;
  d.num_tcc_blocks = 16;
  d.gs_vgt_table_depth = 32;
  d.gs_prim_buffer_depth = 1792;
  d.max_gs_waves_per_vgt = 32;
  d.high_va_offset = kGmcHoleEnd;
  d.high_va_max = kHighVaMax;
  d.pa_sc_tile_steering_override = 0;  // forced to 0 for GC >= 10.3
  d.tcc_disabled_mask = 0;
  return d;
}

constexpr drm_amdgpu_info_video_caps make_decode_caps() {
  drm_amdgpu_info_video_caps c{};
  c.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_MPEG2] = codec(4096, 4096, 3);
  c.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_MPEG4] = codec(4096, 4096, 5);
  c.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_MPEG4_AVC] = codec(4096, 4096, 52);
  c.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_VC1] = codec(4096, 4096, 4);
  c.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_HEVC] = codec(8192, 4352, 186);
  c.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_JPEG] = codec(4096, 4096, 0);
  c.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_VP9] = codec(8192, 4352, 0);
  c.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_AV1] = codec(8192, 4352, 0);
  return c;
}

constexpr drm_amdgpu_info_video_caps make_encode_caps() {
  drm_amdgpu_info_video_caps c{};
  c.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_MPEG4_AVC] = codec(4096, 2304, 0);
  c.codec_info[AMDGPU_INFO_VIDEO_CAPS_CODEC_IDX_HEVC] = codec(4096, 2304, 0);
  return c;
}

}  // namespace

extern const Personality kPersonalityGfx1030;
const Personality kPersonalityGfx1030 = {
    .name = "gfx1030",
    .board = "Radeon RX 6900 XT",
    .chip = "NAVI21",
    .gfx_level = GfxLevel::Gfx10_3,
    .pci = {.vendor = 0x1002, .device = 0x73bf, .revision = 0xc0, .subsystem_vendor = 0x1002,
            .subsystem_device = 0x0e3a, .pci_class = 0x030000},
    .dev_info = make_dev_info(),
    .vram_size = 16ull << 30,
    .visible_vram_size = kVisibleVram256M,
    .gtt_size = kGttSize,
    .hw_ip =
        {
            hw_ip(10, 0, 32, 32, 1, ip_version(10, 3, 0)),   // GFX
            hw_ip(10, 0, 32, 32, 4, ip_version(10, 3, 0)),   // COMPUTE
            hw_ip(5, 2, 256, 4, 2, ip_version(5, 2, 0)),     // DMA
            {},                                              // UVD
            {},                                              // VCE
            {},                                              // UVD_ENC
            hw_ip(3, 0, 16, 16, 1, ip_version(3, 0, 0)),     // VCN_DEC
            hw_ip(3, 0, 64, 1, 1, ip_version(3, 0, 0)),      // VCN_ENC
            hw_ip(3, 0, 16, 16, 1, ip_version(3, 0, 0)),     // VCN_JPEG (JPEG 3.0 block)
        },
    // Rings the kernel brings up: 2 gfx rings, 8 kernel compute queues, 4 SDMA, 2 VCN instances with one
    // decode and two encode rings each, one JPEG ring.
    .num_rings = {2, 8, 4, 0, 0, 0, 2, 4, 1},
    .firmware = kFirmware,
    .mmr_registers = kMmr,
    .gds = {.gds_gfx_partition_size = 0,
            .compute_partition_size = 0x10000,
            .gds_total_size = 0x10000,
            .gws_per_gfx_partition = 0,
            .gws_per_compute_partition = 64,
            .oa_per_gfx_partition = 0,
            .oa_per_compute_partition = 16},
    .sdma_version_major = 5,
    .num_sdma_instances = 4,
    .sensors = kSensors,
    .video_decode = make_decode_caps(),
    .video_encode = make_encode_caps(),
    .reset_method = "MODE1",  // MP1 11.0.7
    .reset_loses_vram = true,
};

}  // namespace sporkle::spec
