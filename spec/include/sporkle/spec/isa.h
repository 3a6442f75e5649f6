// Shader ISA facts shared by every generation: encoding families, operand types, opcode-table rows, bit fields and
// the operand-field values that mean the same thing on gfx9 and gfx10.3. Generation tables live in isa_gfx9.h (and
// later isa_gfx10.h); see /work/shared/reference/pm4-isa.md §4.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace sporkle::spec::isa {

enum class Encoding : uint8_t {
  SOP2, SOPK, SOP1, SOPC, SOPP, SMEM,
  VOP2, VOP1, VOPC, VOP3, VOP3P, VINTRP,
  DS, MUBUF, MTBUF, MIMG, EXP, FLAT, GLOBAL, SCRATCH,
  Invalid,
};
std::string_view encoding_name(Encoding e);

// How an operand's bits are interpreted, as far as decoding needs it: float inline constants take the operand's
// type (f16/f32/f64 bit patterns), and a 32-bit literal used as a 64-bit operand goes to the high dword for f64,
// sign-extends for i64 and zero-extends for b64/u64.
enum class OperandType : uint8_t { None, B16, F16, B32, F32, B64, I64, F64 };
constexpr bool is_64bit(OperandType t) { return t == OperandType::B64 || t == OperandType::I64 || t == OperandType::F64; }

enum OpcodeFlags : uint8_t {
  kVop3b = 1,        // the VOP3 form has a scalar destination (carry-out / VCC) in SDST[14:8]
  kLiteral = 2,      // always followed by a 32-bit literal (v_madmk/madak, s_setreg_imm32_b32)
  kReadsVcc = 4,     // the VOP2 form reads VCC implicitly
  kWritesVcc = 8,    // the VOP2 form writes VCC implicitly
  kWritesExec = 16,  // v_cmpx: also writes EXEC
  kAtomic = 32,      // read-modify-write memory operation
};

struct OpcodeInfo {
  uint16_t opcode;
  std::string_view mnemonic;  // without the _e32/_e64/_sdwa/_dpp suffixes
  OperandType dst, src0, src1, src2;
  uint8_t flags;  // OpcodeFlags
};

// A bit field of an instruction dword.
struct Field {
  uint8_t lo, width;
  constexpr uint32_t get(uint32_t w) const { return (w >> lo) & ((width >= 32 ? 0u : 1u << width) - 1u); }
};

// Source operand values common to gfx9 and gfx10.3 (8-bit SSRC and 9-bit SRC fields).
namespace src {
inline constexpr uint16_t VCC_LO = 106, VCC_HI = 107;
inline constexpr uint16_t TTMP0 = 108;
inline constexpr uint16_t M0 = 124;
inline constexpr uint16_t EXEC_LO = 126, EXEC_HI = 127;
inline constexpr uint16_t ZERO = 128;
inline constexpr uint16_t INT_POS_FIRST = 129, INT_POS_LAST = 192;  // 1..64
inline constexpr uint16_t INT_NEG_FIRST = 193, INT_NEG_LAST = 208;  // -1..-16
inline constexpr uint16_t SHARED_BASE = 235, SHARED_LIMIT = 236, PRIVATE_BASE = 237, PRIVATE_LIMIT = 238;
inline constexpr uint16_t POPS_EXITING_WAVE_ID = 239;
inline constexpr uint16_t FLOAT_FIRST = 240, FLOAT_LAST = 248;  // 0.5 -0.5 1 -1 2 -2 4 -4 1/(2pi)
inline constexpr uint16_t SDWA = 249, DPP = 250;
inline constexpr uint16_t VCCZ = 251, EXECZ = 252, SCC = 253, LDS_DIRECT = 254, LITERAL = 255;
inline constexpr uint16_t VGPR0 = 256;
}  // namespace src

// Bit patterns of the float inline constants 240..248 per type.
inline constexpr uint16_t kInlineF16[9] = {0x3800, 0xB800, 0x3C00, 0xBC00, 0x4000, 0xC000, 0x4400, 0xC400, 0x3118};
inline constexpr uint32_t kInlineF32[9] = {0x3F000000, 0xBF000000, 0x3F800000, 0xBF800000, 0x40000000,
                                           0xC0000000, 0x40800000, 0xC0800000, 0x3E22F983};
inline constexpr uint64_t kInlineF64[9] = {0x3FE0000000000000, 0xBFE0000000000000, 0x3FF0000000000000,
                                           0xBFF0000000000000, 0x4000000000000000, 0xC000000000000000,
                                           0x4010000000000000, 0xC010000000000000, 0x3FC45F306DC9C882};

// SDWA operand selects (SRC0_SEL / SRC1_SEL / DST_SEL) and DST_UNUSED.
enum SdwaSel : uint8_t { BYTE_0, BYTE_1, BYTE_2, BYTE_3, WORD_0, WORD_1, DWORD };
enum SdwaUnused : uint8_t { UNUSED_PAD, UNUSED_SEXT, UNUSED_PRESERVE };

// DPP_CTRL values of the DPP (gfx9) and DPP16 (gfx10) dword. Rows are 16 lanes, banks 4 lanes of a row.
// gfx9 has the wave_* and row_bcast controls; gfx10 replaces them with row_share and row_xmask.
namespace dpp_ctrl {
inline constexpr uint16_t QUAD_PERM_LAST = 0x0FF;  // [7:0]: two bits of source lane per lane of a quad
inline constexpr uint16_t ROW_SHL0 = 0x100, ROW_SHR0 = 0x110, ROW_ROR0 = 0x120;  // + 1..15
inline constexpr uint16_t WAVE_SHL1 = 0x130, WAVE_ROL1 = 0x134, WAVE_SHR1 = 0x138, WAVE_ROR1 = 0x13C;
inline constexpr uint16_t ROW_MIRROR = 0x140, ROW_HALF_MIRROR = 0x141, ROW_BCAST15 = 0x142, ROW_BCAST31 = 0x143;
inline constexpr uint16_t ROW_SHARE0 = 0x150, ROW_XMASK0 = 0x160;  // + 0..15
}  // namespace dpp_ctrl

}  // namespace sporkle::spec::isa
