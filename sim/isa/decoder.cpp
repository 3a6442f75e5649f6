#include "sim/isa/decoder.h"

#include <array>
#include <vector>

#include "sim/isa/decode_builder.h"
#include "sim/isa/handlers.h"
#include "sporkle/spec/isa_gfx10.h"
#include "sporkle/spec/isa_gfx9.h"

namespace sporkle::sim::isa::gfx9 {

namespace {

using spec::isa::Encoding;
using spec::isa::OpcodeInfo;
using spec::isa::OperandType;
namespace src = spec::isa::src;
namespace g9 = spec::isa::gfx9;
using decode::Builder;
using decode::has_literal_src;
using decode::sext;
using decode::vgpr_count;

using Entry = decode::OpcodeEntry;

const decode::OpcodeTables& tables() {
  static const decode::OpcodeTables t(g9::opcodes);
  return t;
}

void decode_sdwa(Builder& b, DecodedInst& d, uint32_t s, bool vopc, bool unary) {
  namespace f = g9::sdwa;
  d.flags |= kFlagSdwa;
  const OpcodeInfo& info = *d.info;
  uint16_t c0 = f::S0.get(s) ? f::SRC0.get(s) : src::VGPR0 + f::SRC0.get(s);
  d.src[0] = b.source(c0, info.src0);
  d.src[0].sel = f::SRC0_SEL.get(s);
  d.src[0].mods = (f::SRC0_SEXT.get(s) ? kModSext : 0) | (f::SRC0_NEG.get(s) ? kModNeg : 0) |
                  (f::SRC0_ABS.get(s) ? kModAbs : 0);
  if (!unary) {
    // VSRC1 of the base instruction; VOPC may take an SGPR instead.
    uint16_t c1 = (vopc && f::S1.get(s)) ? (d.src[1].reg) : d.src[1].code;
    d.src[1] = b.source(c1, info.src1);
    d.src[1].sel = f::SRC1_SEL.get(s);
    d.src[1].mods = (f::SRC1_SEXT.get(s) ? kModSext : 0) | (f::SRC1_NEG.get(s) ? kModNeg : 0) |
                    (f::SRC1_ABS.get(s) ? kModAbs : 0);
  }
  if (vopc) {
    d.sdst = f::SD.get(s) ? b.scalar_dst(f::SDST.get(s), true, true) : src::VCC_LO;
  } else {
    d.dst_sel = f::DST_SEL.get(s);
    d.dst_unused = f::DST_UNUSED.get(s);
    if (f::CLAMP.get(s)) d.flags |= kFlagClamp;
    d.omod = f::OMOD.get(s);
  }
}

// The DPP dword: src0 is a VGPR read from another lane; neg/abs for both sources.
void decode_dpp(Builder& b, DecodedInst& d, uint32_t s, Encoding e) {
  namespace f = g9::dpp;
  d.flags |= kFlagDpp;
  d.imm2 = s;
  d.src[0] = b.vgpr(f::SRC0.get(s));
  d.src[0].mods = (f::SRC0_NEG.get(s) ? kModNeg : 0) | (f::SRC0_ABS.get(s) ? kModAbs : 0);
  if (e != Encoding::VOP1) d.src[1].mods = (f::SRC1_NEG.get(s) ? kModNeg : 0) | (f::SRC1_ABS.get(s) ? kModAbs : 0);
  decode::check_float_mods(b, d);
  if (!dpp_ctrl_valid(f::DPP_CTRL.get(s), false)) b.fail("reserved DPP control");
  decode::route_to_dpp(b, d, e);
}

// VOP1/VOP2/VOPC: the 32-bit encodings.
void decode_vop_short(Builder& b, DecodedInst& d, const uint32_t* w, Encoding e) {
  const OpcodeInfo& info = *d.info;
  uint32_t w0 = w[0];
  uint16_t src0 = e == Encoding::VOP2 ? g9::vop2::SRC0.get(w0) : e == Encoding::VOP1 ? g9::vop1::SRC0.get(w0)
                                                                                   : g9::vopc::SRC0.get(w0);
  bool sdwa = src0 == src::SDWA, dpp = src0 == src::DPP;
  if (e != Encoding::VOP1) {
    uint16_t v1 = e == Encoding::VOP2 ? g9::vop2::VSRC1.get(w0) : g9::vopc::VSRC1.get(w0);
    if (sdwa) {  // resolved by decode_sdwa (VOPC SDWA may name an SGPR here)
      d.src[1].code = src::VGPR0 + v1;
      d.src[1].reg = v1;
    } else {
      d.src[1] = b.vgpr(v1, vgpr_count(info.src1));
    }
  }
  if (e == Encoding::VOPC) {
    d.sdst = src::VCC_LO;
  } else {
    d.vdst = e == Encoding::VOP2 ? g9::vop2::VDST.get(w0) : g9::vop1::VDST.get(w0);
    if (info.mnemonic == "v_readfirstlane_b32") d.sdst = b.scalar_dst(d.vdst, false);
    else if (info.dst != OperandType::None) b.check_vgpr(d.vdst, vgpr_count(info.dst));
  }
  if (sdwa) {
    decode_sdwa(b, d, w[1], e == Encoding::VOPC, e == Encoding::VOP1);
  } else if (dpp) {
    decode_dpp(b, d, w[1], e);
  } else if (info.src0 != OperandType::None) {
    // v_nop and v_clrexcp read nothing: the hardware ignores their SRC0 and VDST fields, which llvm-objdump
    // insists are zero.
    d.src[0] = b.source(src0, info.src0);
  }
  // v_swap writes its source too: SRC0 must name a VGPR (llvm-objdump reads any code as one).
  if ((info.mnemonic == "v_swap_b32" || info.mnemonic == "v_swaprel_b32") && d.src[0].kind != OperandKind::Vgpr)
    b.fail("v_swap with a source that is not a VGPR");
  if (info.flags & spec::isa::kReadsVcc) d.src[2] = b.sgpr(src::VCC_LO);
  if (info.flags & spec::isa::kWritesVcc) d.sdst = src::VCC_LO;
}

void decode_vop3(Builder& b, DecodedInst& d, const uint32_t* w, bool vop3b, bool vopc, Encoding base) {
  namespace f = g9::vop3;
  const OpcodeInfo& info = *d.info;
  uint32_t w0 = w[0], w1 = w[1];
  d.flags |= kFlagE64;
  uint16_t codes[3] = {static_cast<uint16_t>(f::SRC0.get(w1)), static_cast<uint16_t>(f::SRC1.get(w1)),
                       static_cast<uint16_t>(f::SRC2.get(w1))};
  OperandType types[3] = {info.src0, info.src1, info.src2};
  uint32_t neg = f::NEG.get(w1), abs = vop3b ? 0 : f::ABS.get(w0);
  for (int i = 0; i < 3; ++i) {
    if (types[i] == OperandType::None) continue;
    if (codes[i] == src::LITERAL || codes[i] == src::SDWA || codes[i] == src::DPP) {
      b.fail("gfx9 VOP3 cannot take a literal, SDWA or DPP operand");
      continue;
    }
    d.src[i] = b.source(codes[i], types[i], decode::lane_mask_source(info, i));
    d.src[i].mods = ((neg >> i) & 1 ? kModNeg : 0) | ((abs >> i) & 1 ? kModAbs : 0);
  }
  d.omod = f::OMOD.get(w1);
  if (f::CLAMP.get(w0)) d.flags |= kFlagClamp;
  d.imm2 = f::OP_SEL.get(w0);
  uint16_t vdst = f::VDST.get(w0);
  if (vopc) {
    d.sdst = b.scalar_dst(vdst, true, true);
  } else if (info.mnemonic == "v_readlane_b32" || info.mnemonic == "v_readfirstlane_b32") {
    d.sdst = b.scalar_dst(vdst, false);
  } else {
    d.vdst = vdst;
    if (info.dst != OperandType::None) b.check_vgpr(vdst, vgpr_count(info.dst));
    if (vop3b) d.sdst = b.scalar_dst(f::SDST.get(w0), true, true);
  }
  // v_mac accumulates into its destination.
  if (base == Encoding::VOP2 && (info.mnemonic == "v_mac_f32" || info.mnemonic == "v_mac_f16"))
    d.src[2] = b.vgpr(vdst);
}

void decode_vop3p(Builder& b, DecodedInst& d, const uint32_t* w) {
  namespace f = g9::vop3p;
  const OpcodeInfo& info = *d.info;
  uint32_t w0 = w[0], w1 = w[1];
  uint16_t codes[3] = {static_cast<uint16_t>(f::SRC0.get(w1)), static_cast<uint16_t>(f::SRC1.get(w1)),
                       static_cast<uint16_t>(f::SRC2.get(w1))};
  OperandType types[3] = {info.src0, info.src1, info.src2};
  uint32_t neg = f::NEG.get(w1);
  for (int i = 0; i < 3; ++i) {
    if (types[i] == OperandType::None) continue;
    if (codes[i] == src::LITERAL) b.fail("gfx9 VOP3P cannot take a literal");
    d.src[i] = b.source(codes[i], types[i]);
    d.src[i].mods = (neg >> i) & 1 ? kModNeg : 0;
  }
  d.vdst = f::VDST.get(w0);
  b.check_vgpr(d.vdst, 1);
  if (f::CLAMP.get(w0)) d.flags |= kFlagClamp;
  // OP_SEL[2:0], OP_SEL_HI[2:0], NEG_HI[2:0]
  d.imm2 = f::OP_SEL.get(w0) | (f::OP_SEL_HI.get(w1) | f::OP_SEL_HI2.get(w0) << 2) << kOpSelHiShift |
           f::NEG_HI.get(w0) << kNegHiShift;
  if ((d.flags & kFlagClamp) && info.mnemonic == "v_pk_mul_lo_u16") b.fail("clamp on v_pk_mul_lo_u16 is not modelled");
}

}  // namespace

uint8_t instruction_length(uint32_t w0) {
  Encoding e = g9::classify(w0);
  uint8_t len = g9::base_length(e);
  switch (e) {
    case Encoding::SOP2:
      return len + (has_literal_src(g9::sop2::SSRC0.get(w0)) || has_literal_src(g9::sop2::SSRC1.get(w0)) ? 4 : 0);
    case Encoding::SOPC:
      return len + (has_literal_src(g9::sopc::SSRC0.get(w0)) || has_literal_src(g9::sopc::SSRC1.get(w0)) ? 4 : 0);
    case Encoding::SOP1: return len + (has_literal_src(g9::sop1::SSRC0.get(w0)) ? 4 : 0);
    case Encoding::SOPK: {
      const Entry& en = tables().get(e, g9::sopk::OP.get(w0));
      return len + (en.info && (en.info->flags & spec::isa::kLiteral) ? 4 : 0);
    }
    case Encoding::VOP2: case Encoding::VOP1: case Encoding::VOPC: {
      uint32_t s0 = g9::vop2::SRC0.get(w0);  // SRC0 is [8:0] in all three
      if (s0 == src::LITERAL || s0 == src::SDWA || s0 == src::DPP) return len + 4;
      if (e == Encoding::VOP2) {
        const Entry& en = tables().get(e, g9::vop2::OP.get(w0));
        if (en.info && (en.info->flags & spec::isa::kLiteral)) return len + 4;
      }
      return len;
    }
    default: return len;
  }
}

DecodedInst decode(const uint32_t* w, uint16_t num_vgprs) {
  DecodedInst d;
  Builder b(w, num_vgprs, {g9::src::SGPR_LAST, 0, true});
  uint32_t w0 = w[0];
  d.words[0] = w0;
  d.length = instruction_length(w0);
  d.enc = g9::classify(w0);
  if (d.length > 4) d.words[1] = w[1];

  uint32_t op = 0;
  Encoding table = d.enc;
  switch (d.enc) {
    case Encoding::SOP2: op = g9::sop2::OP.get(w0); break;
    case Encoding::SOPK: op = g9::sopk::OP.get(w0); break;
    case Encoding::SOP1: op = g9::sop1::OP.get(w0); break;
    case Encoding::SOPC: op = g9::sopc::OP.get(w0); break;
    case Encoding::SOPP: op = g9::sopp::OP.get(w0); break;
    case Encoding::SMEM: op = g9::smem::OP.get(w0); break;
    case Encoding::VOP2: op = g9::vop2::OP.get(w0); break;
    case Encoding::VOP1: op = g9::vop1::OP.get(w0); break;
    case Encoding::VOPC: op = g9::vopc::OP.get(w0); break;
    case Encoding::VOP3:
      op = g9::vop3::OP.get(w0);
      if (op < g9::kVop3Vop2Base) table = Encoding::VOPC, op -= g9::kVop3VopcBase;
      else if (op < g9::kVop3Vop1Base) table = Encoding::VOP2, op -= g9::kVop3Vop2Base;
      else if (op < g9::kVop3OnlyFirst) table = Encoding::VOP1, op -= g9::kVop3Vop1Base;
      break;
    case Encoding::VOP3P: op = g9::vop3p::OP.get(w0) + g9::kVop3pFirst; break;
    case Encoding::DS: op = g9::ds::OP.get(w0); break;
    case Encoding::MUBUF: op = g9::mubuf::OP.get(w0); break;
    case Encoding::MTBUF: op = g9::mtbuf::OP.get(w0); break;
    case Encoding::FLAT: case Encoding::GLOBAL: case Encoding::SCRATCH: op = g9::flat::OP.get(w0); break;
    default: return d;  // VINTRP, MIMG, EXP: graphics only; handler stays illegal, info null
  }
  d.opcode = static_cast<uint16_t>(d.enc == Encoding::VOP3 ? g9::vop3::OP.get(w0) : op);
  const Entry& en = tables().get(table, op);
  if (!en.info) return d;
  // Promoted VOP1/VOP2 opcodes with no VOP3 form (v_madmk/madak) are not valid VOP3.
  if (d.enc == Encoding::VOP3 && table == Encoding::VOP2 && (en.info->flags & spec::isa::kLiteral)) return d;
  d.info = en.info;
  d.handler = en.handler;
  const OpcodeInfo& info = *en.info;

  switch (d.enc) {
    case Encoding::SOP2:
      d.sdst = b.scalar_dst(g9::sop2::SDST.get(w0), spec::isa::is_64bit(info.dst));
      d.src[0] = b.source(g9::sop2::SSRC0.get(w0), info.src0);
      d.src[1] = b.source(g9::sop2::SSRC1.get(w0), info.src1);
      break;
    case Encoding::SOPK:
      d.sdst = b.scalar_dst(g9::sopk::SDST.get(w0), spec::isa::is_64bit(info.dst));
      d.imm = static_cast<int16_t>(g9::sopk::SIMM16.get(w0));
      if (info.flags & spec::isa::kLiteral) d.literal = w[1];
      break;
    case Encoding::SOP1:
      d.sdst = b.scalar_dst(g9::sop1::SDST.get(w0), spec::isa::is_64bit(info.dst));
      if (info.src0 != OperandType::None) d.src[0] = b.source(g9::sop1::SSRC0.get(w0), info.src0);
      break;
    case Encoding::SOPC:
      d.src[0] = b.source(g9::sopc::SSRC0.get(w0), info.src0);
      d.src[1] = b.source(g9::sopc::SSRC1.get(w0), info.src1);
      break;
    case Encoding::SOPP: d.imm = static_cast<int16_t>(g9::sopp::SIMM16.get(w0)); break;
    case Encoding::SMEM: {
      namespace f = g9::smem;
      d.src[0] = b.sgpr(f::SBASE.get(w0) * 2);
      d.sdst = f::SDATA.get(w0);
      if (f::GLC.get(w0)) d.flags |= kFlagGlc;
      uint32_t w1 = w[1];
      if (f::IMM.get(w0)) {
        d.flags |= kFlagImm;
        d.imm = sext(f::OFFSET.get(w1), 21);
        if (f::SOE.get(w0)) d.src[1] = b.sgpr(f::SOFFSET.get(w1));
      } else {
        d.src[1] = b.sgpr(f::OFFSET.get(w1) & 0x7F);
      }
      break;
    }
    case Encoding::VOP2: case Encoding::VOP1: case Encoding::VOPC:
      decode_vop_short(b, d, w, d.enc);
      if (info.flags & spec::isa::kLiteral) {  // v_madmk: D = S0 * K + S1; v_madak: D = S0 * S1 + K
        Operand k;
        k.kind = OperandKind::Const;
        k.code = src::LITERAL;
        k.value = w[1];
        d.literal = w[1];
        bool mk = info.mnemonic.starts_with("v_madmk");
        d.src[2] = mk ? d.src[1] : k;
        if (mk) d.src[1] = k;
      }
      if (info.mnemonic == "v_mac_f32" || info.mnemonic == "v_mac_f16") d.src[2] = b.vgpr(d.vdst);
      if (d.length == 8 && !(d.flags & (kFlagSdwa | kFlagDpp))) d.literal = w[1];
      break;
    case Encoding::VOP3:
      decode_vop3(b, d, w, (info.flags & spec::isa::kVop3b) != 0, table == Encoding::VOPC, table);
      break;
    case Encoding::VOP3P: decode_vop3p(b, d, w); break;
    case Encoding::DS: {
      namespace f = g9::ds;
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
      namespace f = g9::mubuf;
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
      if (d.enc == Encoding::MUBUF) {
        if (f::LDS.get(w0)) b.fail("buffer loads to LDS are not implemented");
        if (f::SLC.get(w0)) d.flags |= kFlagSlc;
      } else {
        if (g9::mtbuf::SLC.get(w1)) d.flags |= kFlagSlc;
        d.imm2 = g9::mtbuf::DFMT.get(w0) | g9::mtbuf::NFMT.get(w0) << 4;
      }
      if (f::TFE.get(w1)) b.fail("TFE is not implemented");
      int addr_regs = ((d.flags & kFlagOffen) ? 1 : 0) + ((d.flags & kFlagIdxen) ? 1 : 0);
      if (addr_regs) b.check_vgpr(d.src[0].reg, addr_regs);
      break;
    }
    case Encoding::FLAT: case Encoding::GLOBAL: case Encoding::SCRATCH: {
      namespace f = g9::flat;
      uint32_t w1 = w[1];
      d.src[0] = b.vgpr_field(f::ADDR.get(w1));
      d.src[1] = b.vgpr_field(f::DATA.get(w1));
      uint16_t saddr = f::SADDR.get(w1);
      if (d.enc != Encoding::FLAT && saddr != f::SADDR_OFF) d.src[2] = b.sgpr(saddr);
      d.vdst = f::VDST.get(w1);
      d.imm = d.enc == Encoding::FLAT ? int32_t(f::OFFSET.get(w0) & 0xFFF) : sext(f::OFFSET.get(w0), 13);
      if (f::GLC.get(w0)) d.flags |= kFlagGlc;
      if (f::SLC.get(w0)) d.flags |= kFlagSlc;
      if (f::LDS.get(w0)) b.fail("flat loads to LDS are not implemented");
      int addr_regs = d.enc == Encoding::SCRATCH ? 1 : (d.src[2].kind == OperandKind::Sgpr ? 1 : 2);
      b.check_vgpr(d.src[0].reg, addr_regs);
      break;
    }
    default: break;
  }
  if (b.why()) {
    d.invalid = b.why();
    d.handler = kIllegalHandler;
  }
  return d;
}

}  // namespace sporkle::sim::isa::gfx9

namespace sporkle::sim::isa {

const Decoder& decoder_for(spec::GfxLevel gfx) {
  static constexpr Decoder kGfx9{[](uint32_t w0) { return spec::isa::gfx9::base_length(spec::isa::gfx9::classify(w0)); },
                                 [](const uint32_t* w) { return gfx9::instruction_length(w[0]); }, gfx9::decode};
  static constexpr Decoder kGfx10{
      [](uint32_t w0) { return spec::isa::gfx10::base_length(spec::isa::gfx10::classify(w0)); },
      gfx10::instruction_length, gfx10::decode};
  return gfx == spec::GfxLevel::Gfx9 ? kGfx9 : kGfx10;
}

}  // namespace sporkle::sim::isa
