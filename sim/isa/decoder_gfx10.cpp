// GFX10.3 decoding. Differences from gfx9 that matter here: the SMEM/VOP3/VOP3P prefixes, opcode numbers (own
// tables), a literal after VOP3/VOP3P, DPP8 markers, NULL (125) as a source that reads 0 and a destination that
// discards, v_cmpx writing only EXEC, FLAT/GLOBAL/SCRATCH "off" = 0x7D and a 12-bit offset, the DS opcode at
// [25:18], the SMEM immediate plus SGPR offset, MUBUF/MTBUF DLC/SLC positions, the MUBUF opcode's bit 7 at 25, the
// unified MTBUF format, 16-bit results that keep the other half of the register, and no DPP for VOPC.
#include <array>
#include <tuple>
#include <vector>

#include "sim/isa/buffer_resource.h"
#include "sim/isa/decode_builder.h"
#include "sim/isa/decoder.h"
#include "sim/isa/handlers.h"
#include "sim/isa/wave.h"
#include "sporkle/spec/isa_gfx10.h"

namespace sporkle::sim::isa::gfx10 {

namespace {

using spec::isa::Encoding;
using spec::isa::OpcodeInfo;
using spec::isa::OperandType;
namespace src = spec::isa::src;
namespace g10 = spec::isa::gfx10;
using decode::Builder;
using decode::has_literal_src;
using decode::sext;
using decode::vgpr_count;

using Entry = decode::OpcodeEntry;

const decode::OpcodeTables& tables() {
  static const decode::OpcodeTables t(g10::opcodes);
  return t;
}

// The table (family) and opcode a VOP3 opcode stands for: promoted VOPC/VOP2/VOP1 forms use the short tables.
std::pair<Encoding, uint32_t> vop3_table(uint32_t op) {
  if (op < g10::kVop3Vop2Base) return {Encoding::VOPC, op - g10::kVop3VopcBase};
  if (op < g10::kVop3OnlyLowFirst) return {Encoding::VOP2, op - g10::kVop3Vop2Base};
  if (op < g10::kVop3Vop1Base) return {Encoding::VOP3, op};
  if (op < g10::kVop3OnlyHighFirst) return {Encoding::VOP1, op - g10::kVop3Vop1Base};
  return {Encoding::VOP3, op};
}

const OpcodeInfo* vop3_info(uint32_t op) {
  auto [table, o] = vop3_table(op);
  const Entry& e = tables().get(table, o);
  if (!e.info || (table != Encoding::VOP3 && (e.info->flags & g10::kNoVop3))) return nullptr;
  return e.info;
}

bool is_dpp_marker(uint32_t code) {
  return code == src::SDWA || code == src::DPP || code == g10::src::DPP8 || code == g10::src::DPP8FI;
}

// A scalar destination: NULL writes go to the sink slot.
uint16_t sdst(uint32_t code) { return code == g10::src::NULL_ ? kNullSink : static_cast<uint16_t>(code); }

// Operations that accumulate into their VGPR destination (D = f(S0, S1, D)).
bool accumulates(std::string_view m) {
  return m == "v_fmac_f32" || m == "v_fmac_f16" || m == "v_fmac_legacy_f32" || m == "v_dot2c_f32_f16" ||
         m == "v_dot4c_i32_i8" || m == "v_pk_fmac_f16";
}

void decode_sdwa(Builder& b, DecodedInst& d, uint32_t s, bool vopc, bool unary) {
  namespace f = g10::sdwa;
  d.flags |= kFlagSdwa;
  const OpcodeInfo& info = *d.info;
  uint16_t c0 = f::S0.get(s) ? f::SRC0.get(s) : src::VGPR0 + f::SRC0.get(s);
  d.src[0] = b.source(c0, info.src0);
  d.src[0].sel = f::SRC0_SEL.get(s);
  d.src[0].mods = (f::SRC0_SEXT.get(s) ? kModSext : 0) | (f::SRC0_NEG.get(s) ? kModNeg : 0) |
                  (f::SRC0_ABS.get(s) ? kModAbs : 0);
  if (!unary) {
    uint16_t c1 = (vopc && f::S1.get(s)) ? d.src[1].reg : d.src[1].code;
    d.src[1] = b.source(c1, info.src1);
    d.src[1].sel = f::SRC1_SEL.get(s);
    d.src[1].mods = (f::SRC1_SEXT.get(s) ? kModSext : 0) | (f::SRC1_NEG.get(s) ? kModNeg : 0) |
                    (f::SRC1_ABS.get(s) ? kModAbs : 0);
  }
  if (vopc) {
    d.sdst = f::SD.get(s) ? sdst(b.scalar_dst(f::SDST.get(s), true, true)) : src::VCC_LO;
  } else {
    d.dst_sel = f::DST_SEL.get(s);
    d.dst_unused = f::DST_UNUSED.get(s);
    if (f::CLAMP.get(s)) d.flags |= kFlagClamp;
    d.omod = f::OMOD.get(s);
  }
}

// DPP16 (marker 250: row controls, masks, BOUND_CTRL, FI, neg/abs) or DPP8 (233/234: lane selects; 234 is FI).
void decode_dpp(Builder& b, DecodedInst& d, uint32_t s, Encoding e, uint16_t marker) {
  d.flags |= kFlagDpp;
  d.imm2 = s;
  // gfx10.3 has DPP for VOP1/VOP2 only: a DPP or DPP8 marker in a VOPC's SRC0 is a reserved operand value.
  if (e == Encoding::VOPC) b.fail("VOPC has no DPP form on gfx10");
  if (marker == src::DPP) {
    namespace f = g10::dpp;
    d.src[0] = b.vgpr(f::SRC0.get(s));
    d.src[0].mods = (f::SRC0_NEG.get(s) ? kModNeg : 0) | (f::SRC0_ABS.get(s) ? kModAbs : 0);
    if (e != Encoding::VOP1) d.src[1].mods = (f::SRC1_NEG.get(s) ? kModNeg : 0) | (f::SRC1_ABS.get(s) ? kModAbs : 0);
    decode::check_float_mods(b, d);
    if (f::FI.get(s)) d.flags |= kFlagFetchInactive;
    if (!dpp_ctrl_valid(f::DPP_CTRL.get(s), true)) b.fail("reserved DPP control");
  } else {
    d.flags |= kFlagDpp8;
    d.src[0] = b.vgpr(g10::dpp8::SRC0.get(s));
    if (marker == g10::src::DPP8FI) d.flags |= kFlagFetchInactive;
  }
  decode::route_to_dpp(b, d, e);
}

void decode_vop_short(Builder& b, DecodedInst& d, const uint32_t* w, Encoding e) {
  const OpcodeInfo& info = *d.info;
  uint32_t w0 = w[0];
  uint16_t src0 = e == Encoding::VOP2 ? g10::vop2::SRC0.get(w0) : e == Encoding::VOP1 ? g10::vop1::SRC0.get(w0)
                                                                                    : g10::vopc::SRC0.get(w0);
  bool sdwa = src0 == src::SDWA, dpp = is_dpp_marker(src0) && !sdwa;
  if (e != Encoding::VOP1) {
    uint16_t v1 = e == Encoding::VOP2 ? g10::vop2::VSRC1.get(w0) : g10::vopc::VSRC1.get(w0);
    if (sdwa) {
      d.src[1].code = src::VGPR0 + v1;
      d.src[1].reg = v1;
    } else {
      d.src[1] = b.vgpr(v1, vgpr_count(info.src1));
    }
  }
  if (e == Encoding::VOPC) {
    d.sdst = src::VCC_LO;
  } else {
    d.vdst = e == Encoding::VOP2 ? g10::vop2::VDST.get(w0) : g10::vop1::VDST.get(w0);
    if (info.mnemonic == "v_readfirstlane_b32") d.sdst = sdst(b.scalar_dst(d.vdst, false));
    else if (info.dst != OperandType::None) b.check_vgpr(d.vdst, vgpr_count(info.dst));
  }
  if (sdwa) {
    decode_sdwa(b, d, w[1], e == Encoding::VOPC, e == Encoding::VOP1);
  } else if (dpp) {
    decode_dpp(b, d, w[1], e, src0);
  } else if (info.src0 != OperandType::None) {
    // v_nop, v_clrexcp and v_pipeflush read nothing: the hardware ignores their SRC0 and VDST fields, which
    // llvm-objdump insists are zero.
    d.src[0] = b.source(src0, info.src0);
  }
  // v_swap writes its source too: SRC0 must name a VGPR (llvm-objdump reads any code as one).
  if ((info.mnemonic == "v_swap_b32" || info.mnemonic == "v_swaprel_b32") && d.src[0].kind != OperandKind::Vgpr)
    b.fail("v_swap with a source that is not a VGPR");
  if (info.flags & spec::isa::kReadsVcc) d.src[2] = b.sgpr(src::VCC_LO);
  if (info.flags & spec::isa::kWritesVcc) d.sdst = src::VCC_LO;
  if (info.flags & spec::isa::kWritesExec) d.flags |= kFlagExecOnly;
}

void decode_vop3(Builder& b, DecodedInst& d, const uint32_t* w, Encoding base) {
  namespace f = g10::vop3;
  const OpcodeInfo& info = *d.info;
  uint32_t w0 = w[0], w1 = w[1];
  bool vop3b = info.flags & spec::isa::kVop3b;
  d.flags |= kFlagE64;
  b.set_literal_index(2);
  uint16_t codes[3] = {static_cast<uint16_t>(f::SRC0.get(w1)), static_cast<uint16_t>(f::SRC1.get(w1)),
                       static_cast<uint16_t>(f::SRC2.get(w1))};
  OperandType types[3] = {info.src0, info.src1, info.src2};
  uint32_t neg = f::NEG.get(w1), abs = vop3b ? 0 : f::ABS.get(w0);
  for (int i = 0; i < 3; ++i) {
    if (types[i] == OperandType::None) continue;
    if (codes[i] == src::SDWA || codes[i] == src::DPP) {
      b.fail("VOP3 cannot take an SDWA or DPP operand");
      continue;
    }
    d.src[i] = b.source(codes[i], types[i], decode::lane_mask_source(info, i));
    d.src[i].mods = ((neg >> i) & 1 ? kModNeg : 0) | ((abs >> i) & 1 ? kModAbs : 0);
  }
  d.omod = f::OMOD.get(w1);
  if (f::CLAMP.get(w0)) d.flags |= kFlagClamp;
  d.imm2 = f::OP_SEL.get(w0);
  uint16_t vdst = f::VDST.get(w0);
  if (base == Encoding::VOPC) {
    if (info.flags & spec::isa::kWritesExec) d.flags |= kFlagExecOnly;
    else d.sdst = sdst(b.scalar_dst(vdst, true, true));
  } else if (info.mnemonic == "v_readlane_b32") {
    d.sdst = sdst(b.scalar_dst(vdst, false));
  } else {
    d.vdst = vdst;
    if (info.dst != OperandType::None) b.check_vgpr(vdst, vgpr_count(info.dst));
    if (vop3b) d.sdst = sdst(f::SDST.get(w0));
  }
  if (accumulates(info.mnemonic)) d.src[2] = b.vgpr(vdst);
}

void decode_vop3p(Builder& b, DecodedInst& d, const uint32_t* w) {
  namespace f = g10::vop3p;
  const OpcodeInfo& info = *d.info;
  uint32_t w0 = w[0], w1 = w[1];
  b.set_literal_index(2);
  uint16_t codes[3] = {static_cast<uint16_t>(f::SRC0.get(w1)), static_cast<uint16_t>(f::SRC1.get(w1)),
                       static_cast<uint16_t>(f::SRC2.get(w1))};
  OperandType types[3] = {info.src0, info.src1, info.src2};
  uint32_t neg = f::NEG.get(w1);
  for (int i = 0; i < 3; ++i) {
    if (types[i] == OperandType::None) continue;
    d.src[i] = b.source(codes[i], types[i]);
    d.src[i].mods = (neg >> i) & 1 ? kModNeg : 0;
  }
  d.vdst = f::VDST.get(w0);
  b.check_vgpr(d.vdst, 1);
  if (f::CLAMP.get(w0)) d.flags |= kFlagClamp;
  d.imm2 = f::OP_SEL.get(w0) | (f::OP_SEL_HI.get(w1) | f::OP_SEL_HI2.get(w0) << 2) << kOpSelHiShift |
           f::NEG_HI.get(w0) << kNegHiShift;
  if ((d.flags & kFlagClamp) && info.mnemonic == "v_pk_mul_lo_u16") b.fail("clamp on v_pk_mul_lo_u16 is not modelled");
}

bool any_literal(const OpcodeInfo* info, uint32_t w1, spec::isa::Field s0, spec::isa::Field s1,
                 spec::isa::Field s2) {
  if (!info) return false;
  return (info->src0 != OperandType::None && has_literal_src(s0.get(w1))) ||
         (info->src1 != OperandType::None && has_literal_src(s1.get(w1))) ||
         (info->src2 != OperandType::None && has_literal_src(s2.get(w1)));
}

}  // namespace

uint8_t instruction_length(const uint32_t* w) {
  uint32_t w0 = w[0];
  Encoding e = g10::classify(w0);
  uint8_t len = g10::base_length(e);
  switch (e) {
    case Encoding::SOP2:
      return len + (has_literal_src(g10::sop2::SSRC0.get(w0)) || has_literal_src(g10::sop2::SSRC1.get(w0)) ? 4 : 0);
    case Encoding::SOPC:
      return len + (has_literal_src(g10::sopc::SSRC0.get(w0)) || has_literal_src(g10::sopc::SSRC1.get(w0)) ? 4 : 0);
    case Encoding::SOP1: return len + (has_literal_src(g10::sop1::SSRC0.get(w0)) ? 4 : 0);
    case Encoding::SOPK: {
      const Entry& en = tables().get(e, g10::sopk::OP.get(w0));
      return len + (en.info && (en.info->flags & spec::isa::kLiteral) ? 4 : 0);
    }
    case Encoding::VOP2: case Encoding::VOP1: case Encoding::VOPC: {
      uint32_t s0 = g10::vop2::SRC0.get(w0);  // SRC0 is [8:0] in all three
      if (s0 == src::LITERAL || is_dpp_marker(s0)) return len + 4;
      if (e == Encoding::VOP2) {
        const Entry& en = tables().get(e, g10::vop2::OP.get(w0));
        if (en.info && (en.info->flags & spec::isa::kLiteral)) return len + 4;
      }
      return len;
    }
    case Encoding::VOP3: {
      namespace f = g10::vop3;
      return len + (any_literal(vop3_info(f::OP.get(w0)), w[1], f::SRC0, f::SRC1, f::SRC2) ? 4 : 0);
    }
    case Encoding::VOP3P: {
      namespace f = g10::vop3p;
      const Entry& en = tables().get(e, f::OP.get(w0));
      return len + (any_literal(en.info, w[1], f::SRC0, f::SRC1, f::SRC2) ? 4 : 0);
    }
    default: return len;
  }
}

DecodedInst decode(const uint32_t* w, uint16_t num_vgprs) {
  DecodedInst d;
  Builder b(w, num_vgprs, {g10::src::SGPR_LAST, g10::src::NULL_, false});
  uint32_t w0 = w[0];
  d.words[0] = w0;
  d.length = instruction_length(w);
  d.enc = g10::classify(w0);
  if (d.length > 4) d.words[1] = w[1];

  uint32_t op = 0;
  Encoding table = d.enc;
  switch (d.enc) {
    case Encoding::SOP2: op = g10::sop2::OP.get(w0); break;
    case Encoding::SOPK: op = g10::sopk::OP.get(w0); break;
    case Encoding::SOP1: op = g10::sop1::OP.get(w0); break;
    case Encoding::SOPC: op = g10::sopc::OP.get(w0); break;
    case Encoding::SOPP: op = g10::sopp::OP.get(w0); break;
    case Encoding::SMEM: op = g10::smem::OP.get(w0); break;
    case Encoding::VOP2: op = g10::vop2::OP.get(w0); break;
    case Encoding::VOP1: op = g10::vop1::OP.get(w0); break;
    case Encoding::VOPC: op = g10::vopc::OP.get(w0); break;
    case Encoding::VOP3: std::tie(table, op) = vop3_table(g10::vop3::OP.get(w0)); break;
    case Encoding::VOP3P: op = g10::vop3p::OP.get(w0); break;
    case Encoding::DS: op = g10::ds::OP.get(w0); break;
    case Encoding::MUBUF: op = g10::mubuf::OP_LO.get(w0) | g10::mubuf::OP_HI.get(w0) << 7; break;
    case Encoding::MTBUF: op = g10::mtbuf::OP_LO.get(w0) | g10::mtbuf::OP_HI.get(w[1]) << 3; break;
    case Encoding::FLAT: case Encoding::GLOBAL: case Encoding::SCRATCH: op = g10::flat::OP.get(w0); break;
    default: return d;  // VINTRP, MIMG, EXP: graphics only; handler stays illegal, info null
  }
  d.opcode = static_cast<uint16_t>(d.enc == Encoding::VOP3 ? g10::vop3::OP.get(w0) : op);
  const Entry& en = tables().get(table, op);
  if (!en.info) return d;
  if (d.enc == Encoding::VOP3 && table != Encoding::VOP3 && (en.info->flags & g10::kNoVop3)) return d;
  d.info = en.info;
  d.handler = en.handler;
  const OpcodeInfo& info = *en.info;

  switch (d.enc) {
    case Encoding::SOP2:
      d.sdst = sdst(b.scalar_dst(g10::sop2::SDST.get(w0), spec::isa::is_64bit(info.dst)));
      d.src[0] = b.source(g10::sop2::SSRC0.get(w0), info.src0);
      d.src[1] = b.source(g10::sop2::SSRC1.get(w0), info.src1);
      break;
    case Encoding::SOPK:
      d.sdst = sdst(b.scalar_dst(g10::sopk::SDST.get(w0), spec::isa::is_64bit(info.dst)));
      d.imm = static_cast<int16_t>(g10::sopk::SIMM16.get(w0));
      if (info.flags & spec::isa::kLiteral) d.literal = w[1];
      break;
    case Encoding::SOP1:
      d.sdst = sdst(b.scalar_dst(g10::sop1::SDST.get(w0), spec::isa::is_64bit(info.dst)));
      if (info.src0 != OperandType::None) d.src[0] = b.source(g10::sop1::SSRC0.get(w0), info.src0);
      break;
    case Encoding::SOPC:
      d.src[0] = b.source(g10::sopc::SSRC0.get(w0), info.src0);
      d.src[1] = b.source(g10::sopc::SSRC1.get(w0), info.src1);
      break;
    case Encoding::SOPP: d.imm = static_cast<int16_t>(g10::sopp::SIMM16.get(w0)); break;
    case Encoding::SMEM: {
      // Address = SBASE + signed OFFSET + SGPR[SOFFSET] unless SOFFSET is NULL.
      namespace f = g10::smem;
      d.src[0] = b.sgpr(f::SBASE.get(w0) * 2);
      d.sdst = sdst(f::SDATA.get(w0));
      if (f::GLC.get(w0)) d.flags |= kFlagGlc;
      d.flags |= kFlagImm;
      d.imm = sext(f::OFFSET.get(w[1]), 21);
      uint16_t soff = f::SOFFSET.get(w[1]);
      if (soff != g10::src::NULL_) d.src[1] = b.sgpr(soff);
      break;
    }
    case Encoding::VOP2: case Encoding::VOP1: case Encoding::VOPC:
      decode_vop_short(b, d, w, d.enc);
      if (info.flags & spec::isa::kLiteral) {  // v_fmamk: D = S0 * K + S1; v_fmaak: D = S0 * S1 + K
        Operand k;
        k.kind = OperandKind::Const;
        k.code = src::LITERAL;
        k.value = w[1];
        d.literal = w[1];
        bool mk = info.mnemonic.starts_with("v_fmamk");
        d.src[2] = mk ? d.src[1] : k;
        if (mk) d.src[1] = k;
      }
      if (accumulates(info.mnemonic)) d.src[2] = b.vgpr(d.vdst);
      if (info.mnemonic == "v_pk_fmac_f16") d.imm2 = kPackedHighHalves;  // high results from high halves
      if (d.length == 8 && !(d.flags & (kFlagSdwa | kFlagDpp))) d.literal = w[1];
      break;
    case Encoding::VOP3:
      decode_vop3(b, d, w, table);
      if (d.length == 12) d.literal = w[2];
      break;
    case Encoding::VOP3P:
      decode_vop3p(b, d, w);
      if (d.length == 12) d.literal = w[2];
      break;
    case Encoding::DS: {
      namespace f = g10::ds;
      uint32_t w1 = w[1];
      d.src[0] = b.vgpr(f::ADDR.get(w1));
      d.src[1] = b.vgpr_field(f::DATA0.get(w1));
      d.src[2] = b.vgpr_field(f::DATA1.get(w1));
      d.vdst = f::VDST.get(w1);
      d.imm = f::OFFSET0.get(w0);
      d.imm2 = f::OFFSET1.get(w0);
      if (f::GDS.get(w0)) b.fail("GDS is not available to compute dispatches");
      break;
    }
    case Encoding::MUBUF: case Encoding::MTBUF: {
      namespace f = g10::mubuf;
      uint32_t w1 = w[1];
      d.src[0] = b.vgpr_field(f::VADDR.get(w1));
      d.vdst = f::VDATA.get(w1);
      d.sdst = f::SRSRC.get(w1) * 4;
      uint16_t soff = f::SOFFSET.get(w1);
      if (soff == src::LITERAL) b.fail("buffer SOFFSET cannot be a literal");
      else d.src[2] = b.source(soff, OperandType::B32);
      d.imm = f::OFFSET.get(w0);
      if (f::OFFEN.get(w0)) d.flags |= kFlagOffen;
      if (f::IDXEN.get(w0)) d.flags |= kFlagIdxen;
      if (f::GLC.get(w0)) d.flags |= kFlagGlc;
      if (f::SLC.get(w1)) d.flags |= kFlagSlc;
      if (d.enc == Encoding::MUBUF) {
        if (f::LDS.get(w0)) b.fail("buffer loads to LDS are not implemented");
      } else {
        d.imm2 = BufferResource::gfx9_format(g10::mtbuf::FORMAT.get(w0));
      }
      if (f::TFE.get(w1)) b.fail("TFE is not implemented");
      int addr_regs = ((d.flags & kFlagOffen) ? 1 : 0) + ((d.flags & kFlagIdxen) ? 1 : 0);
      if (addr_regs) b.check_vgpr(d.src[0].reg, addr_regs);
      break;
    }
    case Encoding::FLAT: case Encoding::GLOBAL: case Encoding::SCRATCH: {
      namespace f = g10::flat;
      uint32_t w1 = w[1];
      d.src[0] = b.vgpr_field(f::ADDR.get(w1));
      d.src[1] = b.vgpr_field(f::DATA.get(w1));
      uint16_t saddr = f::SADDR.get(w1);
      if (d.enc != Encoding::FLAT && saddr != f::SADDR_OFF) d.src[2] = b.sgpr(saddr);
      d.vdst = f::VDST.get(w1);
      d.imm = d.enc == Encoding::FLAT ? int32_t(f::OFFSET.get(w0) & 0x7FF) : sext(f::OFFSET.get(w0), 12);
      if (f::GLC.get(w0)) d.flags |= kFlagGlc;
      if (f::SLC.get(w0)) d.flags |= kFlagSlc;
      if (f::LDS.get(w0)) b.fail("flat loads to LDS are not implemented");
      int addr_regs = d.enc == Encoding::SCRATCH ? 1 : (d.src[2].kind == OperandKind::Sgpr ? 1 : 2);
      b.check_vgpr(d.src[0].reg, addr_regs);
      break;
    }
    default: break;
  }
  bool valu = d.enc == Encoding::VOP1 || d.enc == Encoding::VOP2 || d.enc == Encoding::VOP3;
  if (valu && !(d.flags & kFlagSdwa)) d.flags |= kFlagPreserveHi16;
  if (b.why()) {
    d.invalid = b.why();
    d.handler = kIllegalHandler;
  }
  return d;
}

}  // namespace sporkle::sim::isa::gfx10
