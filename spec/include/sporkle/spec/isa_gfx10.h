// GFX10.3 (gfx1030, RDNA2) instruction encodings as data: how dword 0 selects the family, the bit fields that
// differ from gfx9, the operand values that are gfx10-only, and the opcode tables (spec/src/isa_gfx10_*.cpp).
// Checked with llvm-mc-14 / llvm-objdump-14 -mcpu=gfx1030; see /work/shared/reference/pm4-isa.md §4 and pitfalls
// 2, 3, 5, 6, 10 of §7. Families whose fields are unchanged from gfx9 (SOP*, VOP1/VOP2/VOPC, SDWA, VOP3 operand
// fields) are repeated here so a gfx10 decoder reads only gfx10 facts.
#pragma once

#include "sporkle/spec/isa.h"

namespace sporkle::spec::isa::gfx10 {

// Family of an instruction from its first dword.
Encoding classify(uint32_t w);

// Instruction length in bytes implied by the family alone (before literals and SDWA/DPP dwords).
constexpr uint8_t base_length(Encoding e) {
  switch (e) {
    case Encoding::SMEM: case Encoding::VOP3: case Encoding::VOP3P: case Encoding::DS: case Encoding::MUBUF:
    case Encoding::MTBUF: case Encoding::MIMG: case Encoding::EXP: case Encoding::FLAT: case Encoding::GLOBAL:
    case Encoding::SCRATCH:
      return 8;
    default:
      return 4;
  }
}

// A VOP1/VOP2 operation with no VOP3 (e64) form on gfx10 (v_fmamk/fmaak, v_dot2c, v_swap_b32, ...).
inline constexpr uint8_t kNoVop3 = 64;

// Opcode tables per family, sorted by opcode.
std::span<const OpcodeInfo> sop2_opcodes();
std::span<const OpcodeInfo> sopk_opcodes();
std::span<const OpcodeInfo> sop1_opcodes();
std::span<const OpcodeInfo> sopc_opcodes();
std::span<const OpcodeInfo> sopp_opcodes();
std::span<const OpcodeInfo> smem_opcodes();
std::span<const OpcodeInfo> vop2_opcodes();
std::span<const OpcodeInfo> vop1_opcodes();
std::span<const OpcodeInfo> vopc_opcodes();
std::span<const OpcodeInfo> vop3_opcodes();   // VOP3-only opcodes; promoted forms: see kVop3*Base
std::span<const OpcodeInfo> vop3p_opcodes();  // its own 7-bit opcode space on gfx10
std::span<const OpcodeInfo> ds_opcodes();
std::span<const OpcodeInfo> mubuf_opcodes();
std::span<const OpcodeInfo> mtbuf_opcodes();
std::span<const OpcodeInfo> flat_opcodes();
std::span<const OpcodeInfo> global_opcodes();
std::span<const OpcodeInfo> scratch_opcodes();
std::span<const OpcodeInfo> opcodes(Encoding e);

// VOP3 opcode space: VOPC ops at 0x000 + op, VOP2 at 0x100 + op, VOP1 at 0x180 + op; VOP3-only in
// [0x140, 0x180) and from 0x200.
inline constexpr uint16_t kVop3VopcBase = 0x000, kVop3Vop2Base = 0x100, kVop3Vop1Base = 0x180;
inline constexpr uint16_t kVop3OnlyLowFirst = 0x140, kVop3OnlyHighFirst = 0x200;

// gfx10-only operand values. 102..105 are ordinary SGPRs (FLAT_SCRATCH and XNACK_MASK are not aliases).
namespace src {
inline constexpr uint16_t SGPR_LAST = 105;
inline constexpr uint16_t NULL_ = 125;  // reads 0, writes are discarded
inline constexpr uint16_t DPP8 = 233, DPP8FI = 234;
}  // namespace src

namespace sop2 { inline constexpr Field OP{23, 7}, SDST{16, 7}, SSRC1{8, 8}, SSRC0{0, 8}; }
namespace sopk { inline constexpr Field OP{23, 5}, SDST{16, 7}, SIMM16{0, 16}; }
namespace sop1 { inline constexpr Field SDST{16, 7}, OP{8, 8}, SSRC0{0, 8}; }
namespace sopc { inline constexpr Field OP{16, 7}, SSRC1{8, 8}, SSRC0{0, 8}; }
namespace sopp { inline constexpr Field OP{16, 7}, SIMM16{0, 16}; }
namespace smem {
inline constexpr Field SBASE{0, 6}, SDATA{6, 7}, DLC{14, 1}, GLC{16, 1}, OP{18, 8};
inline constexpr Field OFFSET{0, 21}, SOFFSET{25, 7};  // dword 1: signed byte offset plus an SGPR (NULL = none)
}  // namespace smem
namespace vop2 { inline constexpr Field OP{25, 6}, VDST{17, 8}, VSRC1{9, 8}, SRC0{0, 9}; }
namespace vop1 { inline constexpr Field VDST{17, 8}, OP{9, 8}, SRC0{0, 9}; }
namespace vopc { inline constexpr Field OP{17, 8}, VSRC1{9, 8}, SRC0{0, 9}; }
namespace vop3 {
inline constexpr Field VDST{0, 8}, ABS{8, 3}, SDST{8, 7}, OP_SEL{11, 4}, CLAMP{15, 1}, OP{16, 10};
inline constexpr Field SRC0{0, 9}, SRC1{9, 9}, SRC2{18, 9}, OMOD{27, 2}, NEG{29, 3};  // dword 1
}  // namespace vop3
namespace vop3p {
inline constexpr Field VDST{0, 8}, NEG_HI{8, 3}, OP_SEL{11, 3}, OP_SEL_HI2{14, 1}, CLAMP{15, 1}, OP{16, 7};
inline constexpr Field SRC0{0, 9}, SRC1{9, 9}, SRC2{18, 9}, OP_SEL_HI{27, 2}, NEG{29, 3};  // dword 1
}  // namespace vop3p
namespace sdwa {  // the dword after a VOP1/VOP2/VOPC with SRC0 = 249 (same layout as gfx9)
inline constexpr Field SRC0{0, 8}, DST_SEL{8, 3}, DST_UNUSED{11, 2}, CLAMP{13, 1}, OMOD{14, 2};
inline constexpr Field SRC0_SEL{16, 3}, SRC0_SEXT{19, 1}, SRC0_NEG{20, 1}, SRC0_ABS{21, 1}, S0{23, 1};
inline constexpr Field SRC1_SEL{24, 3}, SRC1_SEXT{27, 1}, SRC1_NEG{28, 1}, SRC1_ABS{29, 1}, S1{31, 1};
inline constexpr Field SDST{8, 7}, SD{15, 1};
}  // namespace sdwa
namespace dpp {  // DPP16: the dword after a VOP1/VOP2/VOPC with SRC0 = 250; FI fetches from inactive lanes
inline constexpr Field SRC0{0, 8}, DPP_CTRL{8, 9}, FI{18, 1}, BOUND_CTRL{19, 1}, SRC0_NEG{20, 1}, SRC0_ABS{21, 1};
inline constexpr Field SRC1_NEG{22, 1}, SRC1_ABS{23, 1}, BANK_MASK{24, 4}, ROW_MASK{28, 4};
}  // namespace dpp
namespace dpp8 {  // the dword after SRC0 = 233 (DPP8) or 234 (DPP8FI): a 3-bit source lane per lane of 8
inline constexpr Field SRC0{0, 8};
inline constexpr uint8_t LANE_SEL_LO = 8, LANE_SEL_BITS = 3;
}  // namespace dpp8
// v_permlane16/v_permlanex16: VOP3 OP_SEL[0] is FI, OP_SEL[1] is BOUND_CTRL.
namespace permlane { inline constexpr uint32_t OP_SEL_FI = 1, OP_SEL_BOUND_CTRL = 2; }
namespace ds {
inline constexpr Field OFFSET0{0, 8}, OFFSET1{8, 8}, GDS{17, 1}, OP{18, 8};
inline constexpr Field ADDR{0, 8}, DATA0{8, 8}, DATA1{16, 8}, VDST{24, 8};  // dword 1
}  // namespace ds
namespace mubuf {
// The opcode is 8 bits: OP_LO[6:0] at 24:18 and OP_HI, its bit 7, at 25 (the d16 format forms, 0x80-0x87).
inline constexpr Field OFFSET{0, 12}, OFFEN{12, 1}, IDXEN{13, 1}, GLC{14, 1}, DLC{15, 1}, LDS{16, 1}, OP_LO{18, 7};
inline constexpr Field OP_HI{25, 1};
inline constexpr Field VADDR{0, 8}, VDATA{8, 8}, SRSRC{16, 5}, SLC{22, 1}, TFE{23, 1}, SOFFSET{24, 8};  // dword 1
}  // namespace mubuf
namespace mtbuf {
// OP[3] is bit 21 of dword 1 (the d16 forms); FORMAT is the unified 7-bit buffer format.
inline constexpr Field OFFSET{0, 12}, OFFEN{12, 1}, IDXEN{13, 1}, GLC{14, 1}, DLC{15, 1}, OP_LO{16, 3}, FORMAT{19, 7};
inline constexpr Field VADDR{0, 8}, VDATA{8, 8}, SRSRC{16, 5}, OP_HI{21, 1}, SLC{22, 1}, TFE{23, 1}, SOFFSET{24, 8};
}  // namespace mtbuf
namespace flat {
// OFFSET is 12 bits: signed for GLOBAL/SCRATCH; FLAT uses the 11 low bits, unsigned.
inline constexpr Field OFFSET{0, 12}, DLC{12, 1}, LDS{13, 1}, SEG{14, 2}, GLC{16, 1}, SLC{17, 1}, OP{18, 7};
inline constexpr Field ADDR{0, 8}, DATA{8, 8}, SADDR{16, 7}, VDST{24, 8};  // dword 1
inline constexpr uint32_t SEG_FLAT = 0, SEG_SCRATCH = 1, SEG_GLOBAL = 2;
inline constexpr uint16_t SADDR_OFF = 0x7D;
}  // namespace flat

// Unified buffer formats (MTBUF FORMAT, V# word 3 FORMAT) the simulator converts: 32-bit components.
namespace buffer_format {
inline constexpr uint32_t FMT_32_UINT = 20, FMT_32_SINT = 21, FMT_32_FLOAT = 22;
inline constexpr uint32_t FMT_32_32_UINT = 62, FMT_32_32_SINT = 63, FMT_32_32_FLOAT = 64;
inline constexpr uint32_t FMT_32_32_32_UINT = 72, FMT_32_32_32_SINT = 73, FMT_32_32_32_FLOAT = 74;
inline constexpr uint32_t FMT_32_32_32_32_UINT = 75, FMT_32_32_32_32_SINT = 76, FMT_32_32_32_32_FLOAT = 77;
}  // namespace buffer_format

// Buffer resource (V#) fields that moved on gfx10: word 3 has a unified FORMAT, OOB_SELECT chooses the range
// check, and swizzled elements are always 4 bytes.
namespace vsharp {
inline constexpr Field BASE_HI{0, 16}, STRIDE{16, 14}, SWIZZLE_ENABLE{31, 1};  // word 1
inline constexpr Field DST_SEL_X{0, 3}, FORMAT{12, 7}, INDEX_STRIDE{21, 2}, ADD_TID_ENABLE{23, 1};
inline constexpr Field RESOURCE_LEVEL{24, 1}, OOB_SELECT{28, 2};  // word 3
// OOB_SELECT: 0 index >= NUM_RECORDS or offset >= STRIDE; 1 index >= NUM_RECORDS; 2 NUM_RECORDS == 0;
// 3 raw: offset >= NUM_RECORDS (swizzled: the swizzled offset).
inline constexpr uint32_t OOB_STRUCTURED_WITH_OFFSET = 0, OOB_STRUCTURED = 1, OOB_DISABLED = 2, OOB_RAW = 3;
}  // namespace vsharp

// s_waitcnt SIMM16 fields (LGKMCNT widened to 6 bits); gfx10 counts stores separately (s_waitcnt_vscnt).
namespace waitcnt { inline constexpr Field VMCNT_LO{0, 4}, EXPCNT{4, 3}, LGKMCNT{8, 6}, VMCNT_HI{14, 2}; }

// Hardware registers for s_getreg/s_setreg: SIMM16 = ID[5:0] OFFSET[10:6] SIZE-1[15:11]. gfx10 has no HW_ID
// (4); FLAT_SCRATCH is reached only through FLAT_SCR_LO/HI.
namespace hwreg {
inline constexpr Field ID{0, 6}, OFFSET{6, 5}, SIZE_M1{11, 5};
inline constexpr uint32_t MODE = 1, STATUS = 2, TRAPSTS = 3, GPR_ALLOC = 5, LDS_ALLOC = 6, IB_STS = 7;
inline constexpr uint32_t SH_MEM_BASES = 15, FLAT_SCR_LO = 20, FLAT_SCR_HI = 21, HW_ID1 = 23, HW_ID2 = 24;
inline constexpr uint32_t POPS_PACKER = 25, SHADER_CYCLES = 29;
}  // namespace hwreg

// MODE register: the float fields keep their gfx9 positions (initialised from COMPUTE_PGM_RSRC1 FLOAT_MODE
// [19:12], DX10_CLAMP 21, IEEE 23); s_round_mode / s_denorm_mode write FP_ROUND / FP_DENORM.
namespace mode {
inline constexpr Field FP_ROUND{0, 4}, FP_DENORM{4, 4};
inline constexpr Field FP_ROUND_F32{0, 2}, FP_ROUND_F64_F16{2, 2}, FP_DENORM_F32{4, 2}, FP_DENORM_F64_F16{6, 2};
inline constexpr Field DX10_CLAMP{8, 1}, IEEE{9, 1};
}  // namespace mode

// COMPUTE_PGM_RSRC1 / COMPUTE_DISPATCH_INITIATOR bits that only gfx10 has.
namespace rsrc1 { inline constexpr Field VGPRS{0, 6}, WGP_MODE{29, 1}, MEM_ORDERED{30, 1}, FWD_PROGRESS{31, 1}; }
namespace dispatch_initiator { inline constexpr Field CS_W32_EN{15, 1}; }

// VGPR allocation granule of RSRC1.VGPRS: 8 registers in wave32, 4 in wave64.
constexpr uint32_t vgpr_granule(bool wave32) { return wave32 ? 8 : 4; }

// LDS a workgroup may allocate (the WGP's 128 KiB is shared by its workgroups; one group gets at most 64 KiB).
inline constexpr uint32_t kMaxLdsPerWorkgroup = 64 * 1024;

}  // namespace sporkle::spec::isa::gfx10
