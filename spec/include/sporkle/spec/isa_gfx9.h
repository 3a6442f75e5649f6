// GFX9 (gfx900, Vega) instruction encodings as data: how dword 0 selects the family, the bit fields of every
// family, the operand values that are gfx9-only, and the opcode tables (spec/src/isa_gfx9_*.cpp). Checked with
// llvm-mc-14 / llvm-objdump-14; see /work/shared/reference/pm4-isa.md §4.1, §4.2, §4.7.
#pragma once

#include "sporkle/spec/isa.h"

namespace sporkle::spec::isa::gfx9 {

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
std::span<const OpcodeInfo> vop3_opcodes();  // VOP3-only and VOP3P opcodes; promoted forms: see kVop3*Base
std::span<const OpcodeInfo> ds_opcodes();
std::span<const OpcodeInfo> mubuf_opcodes();
std::span<const OpcodeInfo> mtbuf_opcodes();
std::span<const OpcodeInfo> flat_opcodes();
std::span<const OpcodeInfo> global_opcodes();
std::span<const OpcodeInfo> scratch_opcodes();
std::span<const OpcodeInfo> opcodes(Encoding e);  // VOP3P shares the VOP3 table

// VOP3 opcode space: VOPC ops at 0x000 + op, VOP2 at 0x100 + op, VOP1 at 0x140 + op, VOP3-only from 0x1C0,
// VOP3P from 0x380.
inline constexpr uint16_t kVop3VopcBase = 0x000, kVop3Vop2Base = 0x100, kVop3Vop1Base = 0x140;
inline constexpr uint16_t kVop3OnlyFirst = 0x1C0, kVop3pFirst = 0x380;

// gfx9-only scalar operand values.
namespace src {
inline constexpr uint16_t SGPR_LAST = 101;
inline constexpr uint16_t FLAT_SCRATCH_LO = 102, FLAT_SCRATCH_HI = 103;
inline constexpr uint16_t XNACK_MASK_LO = 104, XNACK_MASK_HI = 105;
}  // namespace src

namespace sop2 { inline constexpr Field OP{23, 7}, SDST{16, 7}, SSRC1{8, 8}, SSRC0{0, 8}; }
namespace sopk { inline constexpr Field OP{23, 5}, SDST{16, 7}, SIMM16{0, 16}; }
namespace sop1 { inline constexpr Field SDST{16, 7}, OP{8, 8}, SSRC0{0, 8}; }
namespace sopc { inline constexpr Field OP{16, 7}, SSRC1{8, 8}, SSRC0{0, 8}; }
namespace sopp { inline constexpr Field OP{16, 7}, SIMM16{0, 16}; }
namespace smem {
inline constexpr Field SBASE{0, 6}, SDATA{6, 7}, SOE{14, 1}, NV{15, 1}, GLC{16, 1}, IMM{17, 1}, OP{18, 8};
inline constexpr Field OFFSET{0, 21}, SOFFSET{25, 7};  // dword 1
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
namespace sdwa {  // the dword after a VOP1/VOP2/VOPC with SRC0 = 249
inline constexpr Field SRC0{0, 8}, DST_SEL{8, 3}, DST_UNUSED{11, 2}, CLAMP{13, 1}, OMOD{14, 2};
inline constexpr Field SRC0_SEL{16, 3}, SRC0_SEXT{19, 1}, SRC0_NEG{20, 1}, SRC0_ABS{21, 1}, S0{23, 1};
inline constexpr Field SRC1_SEL{24, 3}, SRC1_SEXT{27, 1}, SRC1_NEG{28, 1}, SRC1_ABS{29, 1}, S1{31, 1};
inline constexpr Field SDST{8, 7}, SD{15, 1};  // VOPC: scalar destination instead of DST_SEL/UNUSED/CLAMP
}  // namespace sdwa
namespace dpp {  // the dword after a VOP1/VOP2/VOPC with SRC0 = 250
inline constexpr Field SRC0{0, 8}, DPP_CTRL{8, 9}, BOUND_CTRL{19, 1}, SRC0_NEG{20, 1}, SRC0_ABS{21, 1};
inline constexpr Field SRC1_NEG{22, 1}, SRC1_ABS{23, 1}, BANK_MASK{24, 4}, ROW_MASK{28, 4};
}  // namespace dpp
namespace ds {
inline constexpr Field OFFSET0{0, 8}, OFFSET1{8, 8}, GDS{16, 1}, OP{17, 8};
inline constexpr Field ADDR{0, 8}, DATA0{8, 8}, DATA1{16, 8}, VDST{24, 8};  // dword 1
}  // namespace ds
namespace mubuf {
inline constexpr Field OFFSET{0, 12}, OFFEN{12, 1}, IDXEN{13, 1}, GLC{14, 1}, LDS{16, 1}, SLC{17, 1}, OP{18, 7};
inline constexpr Field VADDR{0, 8}, VDATA{8, 8}, SRSRC{16, 5}, TFE{23, 1}, SOFFSET{24, 8};  // dword 1
}  // namespace mubuf
namespace mtbuf {
inline constexpr Field OFFSET{0, 12}, OFFEN{12, 1}, IDXEN{13, 1}, GLC{14, 1}, OP{15, 4}, DFMT{19, 4}, NFMT{23, 3};
inline constexpr Field VADDR{0, 8}, VDATA{8, 8}, SRSRC{16, 5}, SLC{22, 1}, TFE{23, 1}, SOFFSET{24, 8};  // dword 1
}  // namespace mtbuf
namespace flat {
inline constexpr Field OFFSET{0, 13}, LDS{13, 1}, SEG{14, 2}, GLC{16, 1}, SLC{17, 1}, OP{18, 7};
inline constexpr Field ADDR{0, 8}, DATA{8, 8}, SADDR{16, 7}, NV{23, 1}, VDST{24, 8};  // dword 1
inline constexpr uint32_t SEG_FLAT = 0, SEG_SCRATCH = 1, SEG_GLOBAL = 2;
inline constexpr uint16_t SADDR_OFF = 0x7F;
}  // namespace flat

// s_waitcnt SIMM16 fields.
namespace waitcnt { inline constexpr Field VMCNT_LO{0, 4}, EXPCNT{4, 3}, LGKMCNT{8, 4}, VMCNT_HI{14, 2}; }

// Hardware registers for s_getreg/s_setreg: SIMM16 = ID[5:0] OFFSET[10:6] SIZE-1[15:11].
namespace hwreg {
inline constexpr Field ID{0, 6}, OFFSET{6, 5}, SIZE_M1{11, 5};
inline constexpr uint32_t MODE = 1, STATUS = 2, TRAPSTS = 3, HW_ID = 4, GPR_ALLOC = 5, LDS_ALLOC = 6, IB_STS = 7;
inline constexpr uint32_t SH_MEM_BASES = 15;
}  // namespace hwreg

// MODE register (initialised from COMPUTE_PGM_RSRC1.FLOAT_MODE [19:12], DX10_CLAMP 21, IEEE 23).
namespace mode {
inline constexpr Field FP_ROUND_F32{0, 2}, FP_ROUND_F64_F16{2, 2}, FP_DENORM_F32{4, 2}, FP_DENORM_F64_F16{6, 2};
inline constexpr Field DX10_CLAMP{8, 1}, IEEE{9, 1};
}  // namespace mode

}  // namespace sporkle::spec::isa::gfx9
