// GFX register facts the command processor touches: the SET_*_REG spaces, the COMPUTE_* block and the few other
// registers packets name. Offsets are absolute dword addresses on the GFX register bus (Mesa's byte names are 4x).
// Sources: soc15d.h / nvd.h (space bounds), gc_9_0_offset.h and gc_10_3_0_offset.h with the GC segment bases of
// vega10_ip_offset.h (0x2000, 0xA000) and sienna_cichlid_ip_offset.h (0x1260, 0xA000).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "sporkle/spec/personality.h"

namespace sporkle::spec {

// Which generations a fact applies to.
enum GenMask : uint8_t { kGfx9 = 1, kGfx10_3 = 2, kAllGens = kGfx9 | kGfx10_3 };
constexpr GenMask gen_bit(GfxLevel level) { return level == GfxLevel::Gfx9 ? kGfx9 : kGfx10_3; }

// Which CP queues accept a packet or own a register space.
enum QueueMask : uint8_t { kGfxQueue = 1, kComputeQueue = 2, kBothQueues = kGfxQueue | kComputeQueue };

// GPU virtual addresses are 48 bits: engines ignore address bits 63:48 (userspace passes the upper half of the
// address space sign-extended; the kernel strips the extension before mapping, AMDGPU_GMC_HOLE_MASK).
inline constexpr unsigned kGpuVaBits = 48;
constexpr uint64_t gpu_va(uint64_t address) { return address & ((uint64_t{1} << kGpuVaBits) - 1); }

// A bit field of one dword of a packet (dword 0 = header) or of a register.
struct Field {
  std::string_view name;
  uint8_t dword;
  uint8_t shift;
  uint8_t width;

  constexpr uint32_t mask() const { return width >= 32 ? 0xFFFFFFFFu : ((1u << width) - 1u) << shift; }
  constexpr uint32_t get(uint32_t value) const { return (value & mask()) >> shift; }
  constexpr uint32_t put(uint32_t v) const { return (v << shift) & mask(); }
  // Reads the field from a packet whose header is p[0].
  constexpr uint32_t in(const uint32_t* p) const { return get(p[dword]); }
};

}  // namespace sporkle::spec

namespace sporkle::spec::reg {

struct RegisterSpace {
  std::string_view name;
  uint32_t start;  // first dword address
  uint32_t end;    // one past the last
  uint8_t set_opcode;  // the SET_*_REG packet that writes it
  uint8_t queues;      // QueueMask: where that packet is accepted
  constexpr bool contains(uint32_t reg) const { return reg >= start && reg < end; }
  constexpr uint32_t size() const { return end - start; }
};

// amdgpu itself writes GDS_COMPUTE_MAX_WAVE_ID with SET_CONFIG_REG on compute rings.
inline constexpr RegisterSpace kConfigSpace{"CONFIG", 0x2000, 0x2C00, 0x68, kBothQueues};
inline constexpr RegisterSpace kShSpace{"SH", 0x2C00, 0x3000, 0x76, kBothQueues};
inline constexpr RegisterSpace kContextSpace{"CONTEXT", 0xA000, 0xA400, 0x69, kGfxQueue};
inline constexpr RegisterSpace kUconfigSpace{"UCONFIG", 0xC000, 0xC400, 0x79, kBothQueues};
inline constexpr RegisterSpace kSpaces[] = {kConfigSpace, kShSpace, kContextSpace, kUconfigSpace};

// Named offsets used by code (the full list with names is kRegisters below).
inline constexpr uint32_t COMPUTE_DISPATCH_INITIATOR = 0x2E00;
inline constexpr uint32_t COMPUTE_DIM_X = 0x2E01;
inline constexpr uint32_t COMPUTE_START_X = 0x2E04;
inline constexpr uint32_t COMPUTE_NUM_THREAD_X = 0x2E07;
inline constexpr uint32_t COMPUTE_PGM_LO = 0x2E0C;
inline constexpr uint32_t COMPUTE_PGM_HI = 0x2E0D;
inline constexpr uint32_t COMPUTE_PGM_RSRC1 = 0x2E12;
inline constexpr uint32_t COMPUTE_PGM_RSRC2 = 0x2E13;
inline constexpr uint32_t COMPUTE_RESOURCE_LIMITS = 0x2E15;
inline constexpr uint32_t COMPUTE_STATIC_THREAD_MGMT_SE0 = 0x2E16;
inline constexpr uint32_t COMPUTE_TMPRING_SIZE = 0x2E18;
inline constexpr uint32_t COMPUTE_PGM_RSRC3 = 0x2E28;  // gfx10.3 only (SE7 CU mask on gfx9)
inline constexpr uint32_t COMPUTE_USER_DATA_0 = 0x2E40;
inline constexpr uint32_t kComputeBlockStart = 0x2E00;
inline constexpr uint32_t kComputeUserDataCount = 16;
inline constexpr uint32_t kComputeBlockEnd = 0x2E80;
inline constexpr uint32_t SCRATCH_REG0 = 0xC040;  // the kernel's ring test writes it with SET_UCONFIG_REG
inline constexpr uint32_t CP_COHER_START_DELAY = 0xC07B;

// Fields of the COMPUTE_* registers a dispatch reads (gc_9_0_sh_mask.h; same on gfx10.3), pm4-isa.md 2.2.
namespace compute {
inline constexpr Field PGM_HI_DATA{"DATA", 0, 0, 8};  // shader address bits 47:40
inline constexpr Field NUM_THREAD_FULL{"NUM_THREAD_FULL", 0, 0, 16};
inline constexpr Field NUM_THREAD_PARTIAL{"NUM_THREAD_PARTIAL", 0, 16, 16};
inline constexpr Field TMPRING_WAVES{"WAVES", 0, 0, 12};        // scratch slots
inline constexpr Field TMPRING_WAVESIZE{"WAVESIZE", 0, 12, 13};  // per-wave scratch in 1 KiB units
inline constexpr uint32_t kTmpringWaveSizeUnit = 1024;
inline constexpr uint32_t kMaxLdsBytesPerGroup = 65536;  // RSRC2.LDS_SIZE limit of one workgroup (gfx9, gfx10.3)
}  // namespace compute

// COMPUTE_PGM_RSRC1 fields a dispatch reads (gc_9_0_sh_mask.h; same positions on gfx10.3, whose extra bits are in
// isa_gfx10.h). The kernel descriptor carries the same words, so the driver, the shader core and the decoder
// all read them here.
namespace pgm_rsrc1 {
inline constexpr Field VGPRS{"VGPRS", 0, 0, 6};  // granules - 1
inline constexpr Field SGPRS{"SGPRS", 0, 6, 4};
inline constexpr Field FLOAT_MODE{"FLOAT_MODE", 0, 12, 8};  // becomes MODE[7:0]
inline constexpr Field DX10_CLAMP{"DX10_CLAMP", 0, 21, 1};
inline constexpr Field IEEE_MODE{"IEEE_MODE", 0, 23, 1};
}  // namespace pgm_rsrc1

// COMPUTE_PGM_RSRC2 fields (gc_9_0_sh_mask.h, gc_10_3_0_sh_mask.h: identical).
namespace pgm_rsrc2 {
inline constexpr Field SCRATCH_EN{"SCRATCH_EN", 0, 0, 1};
inline constexpr Field USER_SGPR{"USER_SGPR", 0, 1, 5};
inline constexpr Field TRAP_PRESENT{"TRAP_PRESENT", 0, 6, 1};
inline constexpr Field TGID_X_EN{"TGID_X_EN", 0, 7, 1};  // Y and Z follow in bits 8 and 9
inline constexpr Field TG_SIZE_EN{"TG_SIZE_EN", 0, 10, 1};
inline constexpr Field TIDIG_COMP_CNT{"TIDIG_COMP_CNT", 0, 11, 2};
inline constexpr Field LDS_SIZE{"LDS_SIZE", 0, 15, 9};
inline constexpr uint32_t kLdsGranule = 512;  // bytes per LDS_SIZE unit on gfx7-gfx10.3
constexpr Field tgid_en(unsigned dim) { return Field{"TGID_EN", 0, static_cast<uint8_t>(TGID_X_EN.shift + dim), 1}; }
}  // namespace pgm_rsrc2

// The flat apertures amdgpu 6.1 programs into SH_MEM_BASES for every VMID but 0 (gfx_v9_0 / gfx_v10_0
// constants_init: gmc private_aperture_start and shared_aperture_start; VMID 0 gets 0).
inline constexpr uint64_t kPrivateApertureBase = 0x1000000000000000ull;
inline constexpr uint64_t kSharedApertureBase = 0x2000000000000000ull;

struct Register {
  uint32_t offset;
  std::string_view name;
  uint8_t gens;  // GenMask
};

// Ordered by offset; a few offsets carry different registers per generation.
inline constexpr Register kRegisters[] = {
    {0x2E00, "COMPUTE_DISPATCH_INITIATOR", kAllGens},
    {0x2E01, "COMPUTE_DIM_X", kAllGens},
    {0x2E02, "COMPUTE_DIM_Y", kAllGens},
    {0x2E03, "COMPUTE_DIM_Z", kAllGens},
    {0x2E04, "COMPUTE_START_X", kAllGens},
    {0x2E05, "COMPUTE_START_Y", kAllGens},
    {0x2E06, "COMPUTE_START_Z", kAllGens},
    {0x2E07, "COMPUTE_NUM_THREAD_X", kAllGens},
    {0x2E08, "COMPUTE_NUM_THREAD_Y", kAllGens},
    {0x2E09, "COMPUTE_NUM_THREAD_Z", kAllGens},
    {0x2E0A, "COMPUTE_PIPELINESTAT_ENABLE", kAllGens},
    {0x2E0B, "COMPUTE_PERFCOUNT_ENABLE", kAllGens},
    {0x2E0C, "COMPUTE_PGM_LO", kAllGens},
    {0x2E0D, "COMPUTE_PGM_HI", kAllGens},
    {0x2E0E, "COMPUTE_DISPATCH_PKT_ADDR_LO", kAllGens},
    {0x2E0F, "COMPUTE_DISPATCH_PKT_ADDR_HI", kAllGens},
    {0x2E10, "COMPUTE_DISPATCH_SCRATCH_BASE_LO", kAllGens},
    {0x2E11, "COMPUTE_DISPATCH_SCRATCH_BASE_HI", kAllGens},
    {0x2E12, "COMPUTE_PGM_RSRC1", kAllGens},
    {0x2E13, "COMPUTE_PGM_RSRC2", kAllGens},
    {0x2E14, "COMPUTE_VMID", kAllGens},
    {0x2E15, "COMPUTE_RESOURCE_LIMITS", kAllGens},
    {0x2E16, "COMPUTE_STATIC_THREAD_MGMT_SE0", kAllGens},
    {0x2E17, "COMPUTE_STATIC_THREAD_MGMT_SE1", kAllGens},
    {0x2E18, "COMPUTE_TMPRING_SIZE", kAllGens},
    {0x2E19, "COMPUTE_STATIC_THREAD_MGMT_SE2", kAllGens},
    {0x2E1A, "COMPUTE_STATIC_THREAD_MGMT_SE3", kAllGens},
    {0x2E1B, "COMPUTE_RESTART_X", kAllGens},
    {0x2E1C, "COMPUTE_RESTART_Y", kAllGens},
    {0x2E1D, "COMPUTE_RESTART_Z", kAllGens},
    {0x2E1E, "COMPUTE_THREAD_TRACE_ENABLE", kAllGens},
    {0x2E1F, "COMPUTE_MISC_RESERVED", kAllGens},
    {0x2E20, "COMPUTE_DISPATCH_ID", kAllGens},
    {0x2E21, "COMPUTE_THREADGROUP_ID", kAllGens},
    {0x2E22, "COMPUTE_RELAUNCH", kGfx9},
    {0x2E22, "COMPUTE_REQ_CTRL", kGfx10_3},
    {0x2E23, "COMPUTE_WAVE_RESTORE_ADDR_LO", kGfx9},
    {0x2E24, "COMPUTE_WAVE_RESTORE_ADDR_HI", kGfx9},
    {0x2E24, "COMPUTE_USER_ACCUM_0", kGfx10_3},
    {0x2E25, "COMPUTE_STATIC_THREAD_MGMT_SE4", kGfx9},
    {0x2E25, "COMPUTE_USER_ACCUM_1", kGfx10_3},
    {0x2E26, "COMPUTE_STATIC_THREAD_MGMT_SE5", kGfx9},
    {0x2E26, "COMPUTE_USER_ACCUM_2", kGfx10_3},
    {0x2E27, "COMPUTE_STATIC_THREAD_MGMT_SE6", kGfx9},
    {0x2E27, "COMPUTE_USER_ACCUM_3", kGfx10_3},
    {0x2E28, "COMPUTE_STATIC_THREAD_MGMT_SE7", kGfx9},
    {0x2E28, "COMPUTE_PGM_RSRC3", kGfx10_3},
    {0x2E29, "COMPUTE_DDID_INDEX", kGfx10_3},
    {0x2E2A, "COMPUTE_SHADER_CHKSUM", kGfx10_3},
    {0x2E2B, "COMPUTE_RELAUNCH", kGfx10_3},
    {0x2E2C, "COMPUTE_WAVE_RESTORE_ADDR_LO", kGfx10_3},
    {0x2E2D, "COMPUTE_WAVE_RESTORE_ADDR_HI", kGfx10_3},
    {0x2E2E, "COMPUTE_RELAUNCH2", kGfx10_3},
    {0x2E40, "COMPUTE_USER_DATA_0", kAllGens},
    {0x2E41, "COMPUTE_USER_DATA_1", kAllGens},
    {0x2E42, "COMPUTE_USER_DATA_2", kAllGens},
    {0x2E43, "COMPUTE_USER_DATA_3", kAllGens},
    {0x2E44, "COMPUTE_USER_DATA_4", kAllGens},
    {0x2E45, "COMPUTE_USER_DATA_5", kAllGens},
    {0x2E46, "COMPUTE_USER_DATA_6", kAllGens},
    {0x2E47, "COMPUTE_USER_DATA_7", kAllGens},
    {0x2E48, "COMPUTE_USER_DATA_8", kAllGens},
    {0x2E49, "COMPUTE_USER_DATA_9", kAllGens},
    {0x2E4A, "COMPUTE_USER_DATA_10", kAllGens},
    {0x2E4B, "COMPUTE_USER_DATA_11", kAllGens},
    {0x2E4C, "COMPUTE_USER_DATA_12", kAllGens},
    {0x2E4D, "COMPUTE_USER_DATA_13", kAllGens},
    {0x2E4E, "COMPUTE_USER_DATA_14", kAllGens},
    {0x2E4F, "COMPUTE_USER_DATA_15", kAllGens},
    {0x2E7D, "COMPUTE_DISPATCH_TUNNEL", kGfx10_3},
    {0x2E7E, "COMPUTE_DISPATCH_END", kGfx10_3},
    {0x2E7F, "COMPUTE_NOWHERE", kAllGens},
    {0xC040, "SCRATCH_REG0", kAllGens},
    {0xC041, "SCRATCH_REG1", kAllGens},
    {0xC042, "SCRATCH_REG2", kAllGens},
    {0xC043, "SCRATCH_REG3", kAllGens},
    {0xC044, "SCRATCH_REG4", kAllGens},
    {0xC045, "SCRATCH_REG5", kAllGens},
    {0xC046, "SCRATCH_REG6", kAllGens},
    {0xC047, "SCRATCH_REG7", kAllGens},
    {0xC07B, "CP_COHER_START_DELAY", kAllGens},
};

// The register at offset on that generation, or null if the table does not name one.
const Register* find_register(uint32_t offset, GfxLevel level);
// The SET_*_REG space holding offset, or null.
const RegisterSpace* find_space(uint32_t offset);

}  // namespace sporkle::spec::reg
