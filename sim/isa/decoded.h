// A decoded instruction: everything the interpreter needs, resolved once per code address. Encoding-specific
// differences are normalised here (VOP2/VOP3/SDWA forms of one operation look the same to its handler), so one
// handler serves every encoding of an operation.
#pragma once

#include <cstdint>

#include "sporkle/spec/isa.h"

namespace sporkle::sim::isa {

enum class OperandKind : uint8_t {
  None,
  Sgpr,     // reg = operand code 0..127 (s0..s101, FLAT_SCRATCH, XNACK_MASK, VCC, TTMP, M0, EXEC)
  Vgpr,     // reg = VGPR number
  Const,    // value holds the bit pattern (inline constant or literal, typed as the operand)
  Special,  // read at run time: VCCZ, EXECZ, SCC, apertures (reg = operand code)
};

// Source modifiers: VOP3/SDWA/DPP neg and abs (float operands), SDWA sign extension.
enum OperandMods : uint8_t { kModNeg = 1, kModAbs = 2, kModSext = 4 };

struct Operand {
  uint64_t value = 0;
  uint16_t code = 0;  // the raw field value (0..511); for diagnostics and the disassembly test
  uint16_t reg = 0;
  OperandKind kind = OperandKind::None;
  uint8_t mods = 0;
  uint8_t sel = spec::isa::DWORD;  // SDWA source select
};

enum InstFlags : uint16_t {
  kFlagClamp = 1 << 0,
  kFlagGlc = 1 << 1,
  kFlagSlc = 1 << 2,
  kFlagOffen = 1 << 3,
  kFlagIdxen = 1 << 4,
  kFlagGds = 1 << 5,
  kFlagLds = 1 << 6,
  kFlagTfe = 1 << 7,
  kFlagSdwa = 1 << 8,
  kFlagDpp = 1 << 9,
  kFlagImm = 1 << 10,   // SMEM: offset is an immediate
  kFlagE64 = 1 << 11,   // VOP3 form of a VOP1/VOP2/VOPC operation
  kFlagExecOnly = 1 << 12,      // gfx10 v_cmpx: writes EXEC and no lane-mask destination
  kFlagPreserveHi16 = 1 << 13,  // gfx10: 16-bit results keep the destination's other half
  kFlagDpp8 = 1 << 14,          // with kFlagDpp: gfx10 DPP8 (imm2 holds the lane selects) rather than DPP16
  kFlagFetchInactive = 1 << 15, // gfx10 DPP FI: inactive source lanes give their value instead of being invalid
};

// VOP3P modifiers as held in imm2: OP_SEL[2:0], OP_SEL_HI[5:3] and NEG_HI[8:6] (ABS for v_mad_mix/v_fma_mix).
inline constexpr int kOpSelHiShift = 3, kNegHiShift = 6;
inline constexpr uint32_t kPackedHighHalves = 7u << kOpSelHiShift;  // the default: high results from high halves

struct DecodedInst {
  const spec::isa::OpcodeInfo* info = nullptr;  // null when the opcode is not in the generation's table
  uint16_t handler = 0;                         // index into the handler table (0 = illegal instruction)
  uint16_t base_handler = 0;                    // DPP: the operation's own handler, run by the DPP handler
  uint16_t opcode = 0;
  spec::isa::Encoding enc = spec::isa::Encoding::Invalid;
  uint8_t length = 4;    // bytes
  uint8_t omod = 0;      // VOP3/SDWA output modifier: 0 none, 1 *2, 2 *4, 3 /2
  uint8_t dst_sel = spec::isa::DWORD, dst_unused = spec::isa::UNUSED_PAD;  // SDWA
  uint16_t flags = 0;    // InstFlags
  uint16_t vdst = 0;     // VGPR destination (memory: data register for loads)
  uint16_t sdst = 0;     // scalar destination code: SOP*, SMEM data, VOPC/VOP3b masks, readlane; MUBUF: SRSRC
  Operand src[3];
  int32_t imm = 0;       // SIMM16 (sign-extended), memory instruction offset, DS offset0
  uint32_t imm2 = 0;     // DS offset1, MTBUF DFMT|NFMT<<4, DPP dword, VOP3 OP_SEL, VOP3P OP_SEL|OP_SEL_HI<<3|NEG_HI<<6
  uint32_t literal = 0;
  uint32_t words[2] = {0, 0};  // the first two dwords as fetched
  const char* invalid = nullptr;  // why a known opcode cannot execute (bad operand, unsupported modifier)
};

}  // namespace sporkle::sim::isa
