// Shared by the per-generation decoders: operand decoding from SRC/SSRC field values (registers, inline
// constants typed by the operand, literals) and the VGPR-allocation check.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/isa/decoded.h"
#include "sim/isa/dpp.h"
#include "sim/isa/handlers.h"

namespace sporkle::sim::isa::decode {

using spec::isa::OperandType;
namespace src = spec::isa::src;

inline bool has_literal_src(uint32_t code) { return code == src::LITERAL; }

inline uint64_t inline_float(uint16_t code, OperandType t) {
  int i = code - src::FLOAT_FIRST;
  switch (t) {
    case OperandType::F16: case OperandType::B16: return spec::isa::kInlineF16[i];
    case OperandType::F64: case OperandType::B64: case OperandType::I64: return spec::isa::kInlineF64[i];
    default: return spec::isa::kInlineF32[i];
  }
}

// What a generation's scalar operand codes allow beyond the common table.
struct ScalarCodes {
  uint16_t sgpr_last;  // the last general SGPR
  uint16_t null_code;  // the code that reads as 0 and discards writes (gfx10 NULL), or 0 for none
  // Whether lane masks (VOPC and carry destinations, v_cndmask / carry-in sources) are always SGPR pairs: gfx9 has
  // wave64 only; a gfx10 lane mask is one SGPR or a pair by wave size, which decoding does not know.
  bool lane_mask_pairs;
};

class Builder {
 public:
  Builder(const uint32_t* words, uint16_t num_vgprs, ScalarCodes scalar)
      : w_(words), num_vgprs_(num_vgprs), scalar_(scalar) {}

  // A source operand from a 9-bit SRC (or 8-bit SSRC) field value; lane_mask: the operand is a lane mask.
  Operand source(uint16_t code, OperandType t, bool lane_mask = false) {
    Operand o;
    o.code = code;
    bool wide = spec::isa::is_64bit(t);
    if (code >= src::VGPR0) {
      o.kind = OperandKind::Vgpr;
      o.reg = code - src::VGPR0;
      check_vgpr(o.reg, wide ? 2 : 1);
    } else if (scalar_.null_code && code == scalar_.null_code) {
      o.kind = OperandKind::Const;
    } else if (code == kReservedScalar && !scalar_.null_code) {
      fail("reserved operand value");
    } else if (code < src::ZERO) {
      o.kind = OperandKind::Sgpr;
      if (wide && (!lane_mask || scalar_.lane_mask_pairs)) code = o.code = pair(code);
      o.reg = code;
    } else if (code <= src::INT_POS_LAST) {
      o.kind = OperandKind::Const;
      o.value = code - src::ZERO;
    } else if (code <= src::INT_NEG_LAST) {
      o.kind = OperandKind::Const;
      int64_t v = -int64_t(code - src::INT_POS_LAST);
      o.value = wide ? uint64_t(v) : uint64_t(uint32_t(v));
    } else if (code >= src::FLOAT_FIRST && code <= src::FLOAT_LAST) {
      o.kind = OperandKind::Const;
      o.value = inline_float(code, t);
    } else if (code == src::LITERAL) {
      o.kind = OperandKind::Const;
      uint32_t lit = literal();
      o.value = t == OperandType::F64 ? uint64_t(lit) << 32
                : t == OperandType::I64 ? uint64_t(int64_t(int32_t(lit)))
                                        : uint64_t(lit);
    } else if ((code >= src::SHARED_BASE && code <= src::PRIVATE_LIMIT) || code == src::VCCZ ||
               code == src::EXECZ || code == src::SCC) {
      o.kind = OperandKind::Special;
      o.reg = code;
    } else {
      fail("reserved operand value");
    }
    return o;
  }
  // A scalar destination code (SDST): 64-bit destinations name a pair as 64-bit sources do. The 8-bit VOP3 VDST
  // field used as one can hold codes past the registers (constants), which are not destinations.
  uint16_t scalar_dst(uint16_t code, bool wide, bool lane_mask = false) {
    if (code >= src::ZERO) {
      fail("a scalar destination that is not a register");
      return code;
    }
    if (!wide || (lane_mask && !scalar_.lane_mask_pairs) || (scalar_.null_code && code == scalar_.null_code))
      return code;
    return pair(code);
  }
  Operand vgpr(uint16_t reg, int count = 1) {
    check_vgpr(reg, count);
    return vgpr_field(reg);
  }
  // A VGPR named by a field the encoding always carries, whether or not the operation reads it (DS DATA1, MUBUF
  // VADDR without OFFEN/IDXEN): not checked against the allocation at decode.
  static Operand vgpr_field(uint16_t reg) {
    Operand o;
    o.code = src::VGPR0 + reg;
    o.kind = OperandKind::Vgpr;
    o.reg = reg;
    return o;
  }
  Operand sgpr(uint16_t reg) {
    Operand o;
    o.code = reg;
    o.kind = OperandKind::Sgpr;
    o.reg = reg;
    return o;
  }
  void check_vgpr(uint32_t reg, int count) {
    if (reg + count > num_vgprs_) fail("VGPR beyond the wave's allocation");
  }
  uint32_t literal() { return w_[literal_index_]; }
  void set_literal_index(int i) { literal_index_ = i; }
  void fail(const char* why) {
    if (!why_) why_ = why;
  }
  const char* why() const { return why_; }

 private:
  static constexpr uint16_t kReservedScalar = 125;  // gfx9; NULL on gfx10
  static constexpr uint16_t kTtmpLast = src::TTMP0 + 15;

  // The first register of the pair a 64-bit scalar operand code names. The ISA requires 64-bit SGPR operands to
  // start at an even register; in the general SGPRs and TTMPs the code's low bit is ignored, so an odd code reads
  // and writes the aligned pair (llvm-objdump reads it so too, with a warning). The named registers have no pair at
  // an odd code (FLAT_SCRATCH_HI, XNACK_MASK_HI, VCC_HI, EXEC_HI) nor at M0: such operands are reserved.
  uint16_t pair(uint16_t code) {
    bool file = code <= scalar_.sgpr_last || (code >= src::TTMP0 && code <= kTtmpLast);
    if (file) return code & ~1u;
    if ((code & 1) || code == src::M0) fail("a 64-bit operand with no register pair at its code");
    return code;
  }

  const uint32_t* w_;
  uint16_t num_vgprs_;
  ScalarCodes scalar_;
  int literal_index_ = 1;
  const char* why_ = nullptr;
};

// DPP forms exist for 32-bit VOP1/VOP2/VOPC operations (as llvm-mc accepts them): not for 64-bit operands,
// literal-carrying or lane-to-scalar operations, nor the swaps and v_pk_fmac_f16.
inline bool dpp_allowed(const spec::isa::OpcodeInfo& info, spec::isa::Encoding e) {
  using spec::isa::is_64bit;
  if ((e != spec::isa::Encoding::VOPC && is_64bit(info.dst)) || is_64bit(info.src0) || is_64bit(info.src1)) return false;
  if (info.flags & spec::isa::kLiteral) return false;
  for (std::string_view m : {"v_readfirstlane_b32", "v_swap_b32", "v_swaprel_b32", "v_pk_fmac_f16"})
    if (info.mnemonic == m) return false;
  return true;
}

inline bool is_float(OperandType t) { return t == OperandType::F16 || t == OperandType::F32 || t == OperandType::F64; }

// DPP neg/abs bits modify float sources only; on another operand they are reserved (llvm-objdump refuses them).
inline void check_float_mods(Builder& b, const DecodedInst& d) {
  if ((d.src[0].mods & (kModNeg | kModAbs)) && !is_float(d.info->src0)) b.fail("neg/abs on a non-float DPP operand");
  if ((d.src[1].mods & (kModNeg | kModAbs)) && !is_float(d.info->src1)) b.fail("neg/abs on a non-float DPP operand");
}

// Routes a decoded DPP form through the DPP handler, which runs the operation's own.
inline void route_to_dpp(Builder& b, DecodedInst& d, spec::isa::Encoding e) {
  if (!dpp_allowed(*d.info, e)) b.fail("the operation has no DPP form");
  d.base_handler = d.handler;
  if (d.handler != kIllegalHandler) d.handler = handler_index(kDppHandlerName);
}

// VOP3 source i is a lane mask: the carry-in or select of v_cndmask / v_addc and kin (src2, 64-bit, where the
// VOP2 form reads VCC).
inline bool lane_mask_source(const spec::isa::OpcodeInfo& info, int i) {
  return i == 2 && (info.flags & spec::isa::kReadsVcc) && spec::isa::is_64bit(info.src2);
}

inline int vgpr_count(OperandType t) { return spec::isa::is_64bit(t) ? 2 : 1; }

inline int32_t sext(uint32_t v, int bits) { return static_cast<int32_t>(v << (32 - bits)) >> (32 - bits); }

struct OpcodeEntry {
  const spec::isa::OpcodeInfo* info = nullptr;
  uint16_t handler = kIllegalHandler;
};

// Dense opcode -> (info, handler) maps per encoding family, built once from a generation's spec tables.
class OpcodeTables {
 public:
  using Source = std::span<const spec::isa::OpcodeInfo> (*)(spec::isa::Encoding);
  explicit OpcodeTables(Source opcodes) {
    for (size_t f = 0; f < by_family_.size(); ++f) {
      by_family_[f].resize(1024);
      for (const auto& op : opcodes(static_cast<spec::isa::Encoding>(f)))
        by_family_[f][op.opcode] = {&op, handler_index(op.mnemonic)};
    }
  }
  const OpcodeEntry& get(spec::isa::Encoding e, uint32_t op) const {
    static const OpcodeEntry kNone;
    const auto& v = by_family_[static_cast<size_t>(e)];
    return op < v.size() ? v[op] : kNone;
  }

 private:
  std::array<std::vector<OpcodeEntry>, static_cast<size_t>(spec::isa::Encoding::Invalid)> by_family_;
};

}  // namespace sporkle::sim::isa::decode
