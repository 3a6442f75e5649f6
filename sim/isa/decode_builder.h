// Shared by the per-generation decoders: operand decoding from SRC/SSRC field values (registers, inline
// constants typed by the operand, literals) and the VGPR-allocation check.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/isa/decoded.h"
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

class Builder {
 public:
  // null_code: the operand value that reads as 0 (gfx10 NULL), or 0 for none.
  Builder(const uint32_t* words, uint16_t num_vgprs, uint16_t null_code = 0)
      : w_(words), num_vgprs_(num_vgprs), null_code_(null_code) {}

  // A source operand from a 9-bit SRC (or 8-bit SSRC) field value.
  Operand source(uint16_t code, OperandType t) {
    Operand o;
    o.code = code;
    bool wide = spec::isa::is_64bit(t);
    if (code >= src::VGPR0) {
      o.kind = OperandKind::Vgpr;
      o.reg = code - src::VGPR0;
      check_vgpr(o.reg, wide ? 2 : 1);
    } else if (null_code_ && code == null_code_) {
      o.kind = OperandKind::Const;
    } else if (code < src::ZERO) {
      o.kind = OperandKind::Sgpr;
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
  Operand vgpr(uint16_t reg, int count = 1) {
    Operand o;
    o.code = src::VGPR0 + reg;
    o.kind = OperandKind::Vgpr;
    o.reg = reg;
    check_vgpr(reg, count);
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
  const uint32_t* w_;
  uint16_t num_vgprs_;
  uint16_t null_code_;
  int literal_index_ = 1;
  const char* why_ = nullptr;
};

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
