// gfx1030 decoder unit tests on encodings produced by llvm-mc-14 -mcpu=gfx1030 -show-encoding.
#include <gtest/gtest.h>

#include <memory>

#include "sim/isa/decoder.h"
#include "sim/isa/handlers.h"
#include "sim/isa/wave.h"
#include "sporkle/spec/isa_gfx10.h"

namespace sporkle::sim::isa::gfx10 {
namespace {

using spec::isa::Encoding;
namespace g10 = spec::isa::gfx10;

DecodedInst dec(std::initializer_list<uint32_t> words, uint16_t vgprs = 256) {
  std::vector<uint32_t> w(words);
  w.resize(4);
  return decode(w.data(), vgprs);
}
uint8_t len(std::initializer_list<uint32_t> words) {
  std::vector<uint32_t> w(words);
  w.resize(4);
  return instruction_length(w.data());
}

TEST(Gfx10Decoder, ClassifiesTheGfx10Prefixes) {
  EXPECT_EQ(g10::classify(0xF4000002), Encoding::SMEM);   // s_load_dword s0, s[4:5], 0x4
  EXPECT_EQ(g10::classify(0xD70F6A02), Encoding::VOP3);   // v_add_co_u32 v2, vcc_lo, s0, v0
  EXPECT_EQ(g10::classify(0xCC0F4000), Encoding::VOP3P);  // v_pk_add_f16
  EXPECT_EQ(g10::classify(0xD8D80010), Encoding::DS);     // ds_read_b32 v0, v1 offset:16
  EXPECT_EQ(g10::classify(0xE030D000), Encoding::MUBUF);
  EXPECT_EQ(g10::classify(0xEA680000), Encoding::MTBUF);
  EXPECT_EQ(g10::classify(0xDC308800), Encoding::GLOBAL);
  EXPECT_EQ(g10::classify(0xDC304FFC), Encoding::SCRATCH);
  EXPECT_EQ(g10::classify(0xDC3007FF), Encoding::FLAT);
  EXPECT_EQ(g10::classify(0xBFA10001), Encoding::SOPP);   // s_clause 0x1
  EXPECT_EQ(g10::classify(0xC0060101), Encoding::Invalid);  // the gfx9 SMEM prefix
}

TEST(Gfx10Decoder, LengthCountsVop3LiteralsAndDpp8) {
  EXPECT_EQ(len({0xD5250000, 0x000202FF}), 12);  // v_add_nc_u32_e64 v0, 0x12345, v1
  EXPECT_EQ(len({0xD54B0000, 0x03FE02FF}), 12);  // v_fma_f32 v0, lit, v1, lit: one literal dword
  EXPECT_EQ(len({0xD5250000, 0x00020481}), 8);   // no literal
  EXPECT_EQ(len({0xD5810001, 0x000000FF}), 12);  // v_mov_b32_e64 v1, literal (a VOP1 promoted form)
  EXPECT_EQ(len({0xD5810001, 0x03FDFF02}), 8);   // unused SRC1/SRC2 fields holding 255 do not count
  EXPECT_EQ(len({0xCC0F4000, 0x180204FF}), 12);  // v_pk_add_f16 v0, literal, v2
  EXPECT_EQ(len({0x58000501}), 8);               // v_fmamk_f32 carries K
  EXPECT_EQ(len({0x7E0002E9}), 8);               // DPP8 marker
  EXPECT_EQ(len({0xBF9F0000}), 4);               // s_code_end
}

TEST(Gfx10Decoder, DppFormsRunThroughTheDppHandler) {
  DecodedInst share = dec({0x7E0202FA, 0xFF055302});  // v_mov_b32_dpp v1, v2 row_share:3 fi:1
  EXPECT_NE(share.handler, kIllegalHandler);
  EXPECT_EQ(share.base_handler, handler_index("v_mov_b32"));
  EXPECT_EQ(share.src[0].reg, 2);
  EXPECT_TRUE(share.flags & kFlagFetchInactive);
  DecodedInst dpp8 = dec({0x7E0202EA, 0xDE54C102});  // v_mov_b32_dpp v1, v2 dpp8:[1,0,3,2,5,4,7,6] fi:1
  EXPECT_NE(dpp8.handler, kIllegalHandler);
  EXPECT_TRUE((dpp8.flags & kFlagDpp8) && (dpp8.flags & kFlagFetchInactive));
  EXPECT_EQ(dec({0x7E0202FA, 0xFF013002}).handler, kIllegalHandler);  // wave_shl:1 is gfx9-only
  EXPECT_EQ(dec({0x7E0202FA, 0xFF014202}).handler, kIllegalHandler);  // so is row_bcast:15
  EXPECT_EQ(dec({0x780204FA, 0xFF011102}).handler, kIllegalHandler);  // v_pk_fmac_f16 has no DPP form
}

TEST(Gfx10Decoder, Vop3LiteralBecomesTheOperand) {
  DecodedInst d = dec({0xD5250000, 0x000202FF, 0x00012345});
  ASSERT_NE(d.info, nullptr);
  EXPECT_EQ(d.info->mnemonic, "v_add_nc_u32");
  EXPECT_EQ(d.src[0].kind, OperandKind::Const);
  EXPECT_EQ(d.src[0].value, 0x12345u);
  EXPECT_EQ(d.src[1].reg, 1);
  EXPECT_EQ(d.length, 12);
}

TEST(Gfx10Decoder, PromotedFormsAndRemovedOpcodes) {
  DecodedInst mov = dec({0xD5810001, 0x00000102});  // v_mov_b32_e64 v1, v2
  ASSERT_NE(mov.info, nullptr);
  EXPECT_EQ(mov.info->mnemonic, "v_mov_b32");
  EXPECT_EQ(dec({0xD5410000, 0x04060501}).info, nullptr);  // 0x141: v_mad_f32 is gone on gfx10.3
  EXPECT_EQ(dec({0x3E000501}).info, nullptr);              // VOP2 0x1F: no v_mac_f32
  EXPECT_EQ(dec({0xD5020000, 0x00020501}).info, nullptr);  // v_dot2c_f32_f16 has no VOP3 form
  DecodedInst fma_legacy = dec({0xD5400000, 0x040E0501});  // v_fma_legacy_f32 v0, v1, v2, v3
  ASSERT_NE(fma_legacy.info, nullptr);
  EXPECT_EQ(fma_legacy.info->mnemonic, "v_fma_legacy_f32");
}

TEST(Gfx10Decoder, CmpxWritesOnlyExec) {
  DecodedInst e64 = dec({0xD4D20000, 0x00020501});  // v_cmpx_eq_u32_e64 v1, v2
  ASSERT_NE(e64.info, nullptr);
  EXPECT_TRUE(e64.flags & kFlagExecOnly);
  DecodedInst e32 = dec({0x7DA40501});  // v_cmpx_eq_u32_e32 v1, v2
  EXPECT_TRUE(e32.flags & kFlagExecOnly);
  DecodedInst cmp = dec({0xD4C2007D, 0x00020501});  // v_cmp_eq_u32_e64 null, v1, v2
  EXPECT_FALSE(cmp.flags & kFlagExecOnly);
  EXPECT_EQ(cmp.sdst, kNullSink);
}

TEST(Gfx10Decoder, NullOperands) {
  DecodedInst add = dec({0x8004047D});  // s_add_u32 s4, null, s4
  EXPECT_EQ(add.src[0].kind, OperandKind::Const);
  EXPECT_EQ(add.src[0].value, 0u);
  EXPECT_EQ(dec({0xBEFD0300}).sdst, kNullSink);  // s_mov_b32 null, s0
  DecodedInst carry = dec({0xD70F7D06, 0x00020702});  // v_add_co_u32 v6, null, v2, v3
  EXPECT_EQ(carry.vdst, 6);
  EXPECT_EQ(carry.sdst, kNullSink);
  DecodedInst vcc = dec({0xD70F6A02, 0x00020000});  // v_add_co_u32 v2, vcc_lo, s0, v0
  EXPECT_EQ(vcc.sdst, spec::isa::src::VCC_LO);
}

TEST(Gfx10Decoder, MemoryFieldsMoved) {
  DecodedInst s = dec({0xF4000001, 0xFA1FFFF0});  // s_load_dword s0, s[2:3], -0x10
  EXPECT_EQ(s.src[0].reg, 2);
  EXPECT_EQ(s.imm, -16);
  EXPECT_EQ(s.src[1].kind, OperandKind::None);
  DecodedInst both = dec({0xF4000143, 0x101FFFE0});  // offset -0x20 plus s8
  EXPECT_EQ(both.sdst, 5);
  EXPECT_EQ(both.imm, -32);
  EXPECT_EQ(both.src[1].reg, 8);
  DecodedInst g = dec({0xDC308800, 0x007D0001});  // global_load_dword v0, v[1:2], off offset:-2048
  EXPECT_EQ(g.imm, -2048);
  EXPECT_EQ(g.src[2].kind, OperandKind::None);
  DecodedInst gs = dec({0xDC3087FF, 0x00020001});  // global_load_dword v0, v1, s[2:3] offset:2047
  EXPECT_EQ(gs.imm, 2047);
  EXPECT_EQ(gs.src[2].reg, 2);
  EXPECT_EQ(dec({0xDC3007FF, 0x007D0001}).imm, 2047);  // flat_load_dword v0, v[1:2] offset:2047
  DecodedInst ds = dec({0xD8D80010, 0x00000001});  // ds_read_b32 v0, v1 offset:16
  ASSERT_NE(ds.info, nullptr);
  EXPECT_EQ(ds.info->mnemonic, "ds_read_b32");
  EXPECT_EQ(ds.imm, 16);
  DecodedInst b = dec({0xE030D000, 0x80400001});  // buffer_load_dword v0, v1, s[0:3], 0 offen glc slc dlc
  ASSERT_NE(b.info, nullptr);
  EXPECT_EQ(b.info->mnemonic, "buffer_load_dword");
  EXPECT_TRUE(b.flags & kFlagOffen);
  EXPECT_TRUE(b.flags & kFlagGlc);
  EXPECT_TRUE(b.flags & kFlagSlc);
  EXPECT_EQ(b.src[2].kind, OperandKind::Const);
  DecodedInst t = dec({0xEA680000, 0x80000000});  // tbuffer_load_format_x ... format:[BUF_FMT_32_32_32_32_FLOAT]
  EXPECT_EQ(t.imm2, 14u | 7u << 4);               // as DATA_FORMAT 32_32_32_32, NUM_FORMAT FLOAT
  DecodedInst d16 = dec({0xE8080000, 0x80200000});  // tbuffer_load_format_d16_x: OP[3] in dword 1
  ASSERT_NE(d16.info, nullptr);
  EXPECT_EQ(d16.info->mnemonic, "tbuffer_load_format_d16_x");
  EXPECT_EQ(dec({0xE1C40000, 0x00000000}).info->mnemonic, "buffer_gl0_inv");
}

TEST(Gfx10Decoder, AccumulatingAndLiteralForms) {
  DecodedInst fmac = dec({0x560C0702});  // v_fmac_f32_e32 v6, v2, v3
  ASSERT_NE(fmac.info, nullptr);
  EXPECT_EQ(fmac.info->mnemonic, "v_fmac_f32");
  EXPECT_EQ(fmac.src[2].kind, OperandKind::Vgpr);
  EXPECT_EQ(fmac.src[2].reg, 6);
  DecodedInst mk = dec({0x580E0702, 0x40400000});  // v_fmamk_f32 v7, v2, 0x40400000, v3: D = S0 * K + S1
  EXPECT_EQ(mk.src[1].value, 0x40400000u);
  EXPECT_EQ(mk.src[2].reg, 3);
  DecodedInst ci = dec({0x50060201});  // v_add_co_ci_u32_e32 v3, vcc_lo, s1, v1, vcc_lo
  EXPECT_EQ(ci.info->mnemonic, "v_add_co_ci_u32");
  EXPECT_EQ(ci.sdst, spec::isa::src::VCC_LO);
  EXPECT_EQ(ci.src[2].reg, spec::isa::src::VCC_LO);
}

TEST(Gfx10Decoder, SixteenBitResultsPreserveExceptSdwa) {
  EXPECT_TRUE(dec({0x640C0702}).flags & kFlagPreserveHi16);  // v_add_f16_e32 v6, v2, v3
  DecodedInst sdwa = dec({0x640C06F9, 0x04041602});           // v_add_f16_sdwa
  EXPECT_TRUE(sdwa.flags & kFlagSdwa);
  EXPECT_FALSE(sdwa.flags & kFlagPreserveHi16);
}

// The MUBUF opcode has 8 bits on gfx10: bit 7 (dword 0 bit 25) selects the d16 format forms.
TEST(Gfx10Decoder, MubufOpcodeBitSevenSelectsTheD16FormatForms) {
  struct Case {
    uint32_t w0, w1;
    const char* mnemonic;
  };
  for (const Case& c : {Case{0xE2161616, 0x832A82C0, "buffer_store_format_d16_xy"},
                        Case{0xE21E1E1E, 0x63616DDF, "buffer_store_format_d16_xyzw"},
                        Case{0xE2000000, 0x80020100, "buffer_load_format_d16_x"},
                        Case{0xE20C0000, 0x80020100, "buffer_load_format_d16_xyzw"},
                        Case{0xE0140000, 0x80020100, "buffer_store_format_xy"}}) {
    DecodedInst d = dec({c.w0, c.w1});
    ASSERT_NE(d.info, nullptr) << c.mnemonic;
    EXPECT_EQ(d.info->mnemonic, c.mnemonic);
    EXPECT_EQ(d.opcode, d.info->opcode);
  }
  EXPECT_EQ(dec({0xE2400000, 0x80020100}).info, nullptr);  // 0x90: no such opcode
}

// The d16 format forms convert to and from 16-bit components, which the simulator does not model: they stop the
// wave as illegal, naming the instruction, rather than running as their 32-bit namesakes.
TEST(Gfx10Decoder, D16FormatFormsStopAsNotImplemented) {
  DecodedInst d = dec({0xE2161616, 0x832A82C0});
  ASSERT_NE(d.info, nullptr);
  EXPECT_EQ(d.handler, kIllegalHandler);
  auto w = std::make_unique<Wave>();
  w->pc = 0x1000;
  EXPECT_EQ(handler_at(d.handler)(*w, d), Flow::Stop);
  EXPECT_EQ(w->status, WaveStatus::IllegalInstruction);
  EXPECT_NE(w->diagnostic.find("not implemented"), std::string::npos) << w->diagnostic;
  EXPECT_NE(w->diagnostic.find("buffer_store_format_d16_xy"), std::string::npos) << w->diagnostic;
}

TEST(Gfx10Decoder, SixtyFourBitScalarOperandsNameAlignedPairs) {
  DecodedInst nor = dec({0x8D8DBE8A});  // s_nor_b64 s[12:13], 10, 62 with SDST 13
  ASSERT_NE(nor.info, nullptr);
  EXPECT_EQ(nor.info->mnemonic, "s_nor_b64");
  EXPECT_EQ(nor.sdst, 12);
  EXPECT_EQ(dec({0xBE800467}).src[0].reg, 102);        // s_mov_b64 s[0:1], s[102:103] (SSRC0 103: an SGPR here)
  EXPECT_EQ(dec({0xD5640000, 0x00020403}).src[0].reg, 2);  // v_add_f64 v[0:1], s[2:3] (SRC0 3), v[2:3]
  EXPECT_EQ(dec({0xBE80047D}).src[0].kind, OperandKind::Const);  // s_mov_b64 s[0:1], null
  // A lane mask is one SGPR in wave32 and a pair in wave64: decoding keeps the code.
  EXPECT_EQ(dec({0xD4010009, 0x00020501}).sdst, 9);        // v_cmp_lt_f32_e64 s9, v1, v2
  EXPECT_EQ(dec({0xD5010000, 0x00160501}).src[2].reg, 5);  // v_cndmask_b32_e64 v0, v1, v2, s5
  EXPECT_EQ(dec({0xD4CA0080, 0x00020501}).handler, kIllegalHandler);  // v_cmp_eq_f16_e64 with SDST 128
  EXPECT_EQ(dec({0xD4CA007D, 0x00020501}).sdst, kNullSink);             // ... and with null
  // m0 as a 64-bit operand (v_cmpx_nlt_f64 src0), vcc_hi, exec_hi: no register pair.
  for (uint32_t w : {0x7C7C7C7Cu, 0xBE80046Bu, 0xBE80047Fu}) {
    DecodedInst d = dec({w});
    ASSERT_NE(d.info, nullptr) << std::hex << w;
    EXPECT_EQ(d.handler, kIllegalHandler) << std::hex << w;
    EXPECT_NE(d.invalid, nullptr);
  }
}

// gfx10.3 has DPP16/DPP8 for VOP1 and VOP2 only; on VOPC the markers are reserved operand values.
TEST(Gfx10Decoder, VopcHasNoDppForm) {
  for (uint32_t marker : {0xE9u, 0xEAu, 0xFAu}) {
    DecodedInst d = dec({0x7D908800 | marker, 0xFF00E402});  // v_cmp_f_f16 with a DPP8 / DPP8FI / DPP16 dword
    ASSERT_NE(d.info, nullptr);
    EXPECT_EQ(d.length, 8);
    EXPECT_EQ(d.handler, kIllegalHandler) << std::hex << marker;
    EXPECT_NE(d.invalid, nullptr);
  }
  EXPECT_NE(dec({0x7D9088F9, 0x00060602}).handler, kIllegalHandler);  // the SDWA form stays
}

TEST(Gfx10Decoder, DppNegAbsOnlyOnFloatOperands) {
  EXPECT_NE(dec({0x240602FA, 0xFF00E402}).handler, kIllegalHandler);  // v_max_i32_dpp v1, v2, v3
  for (uint32_t s : {0xFF10E402u, 0xFF20E402u, 0xFF40E402u, 0xFF80E402u})
    EXPECT_EQ(dec({0x240602FA, s}).handler, kIllegalHandler) << std::hex << s;
  EXPECT_NE(dec({0x060602FA, 0xFF10E402}).handler, kIllegalHandler);  // v_add_f32_dpp v1, -v2, v3
}

TEST(Gfx10Decoder, SwapTakesOnlyVgprs) {
  EXPECT_NE(dec({0x7E02CB02}).handler, kIllegalHandler);  // v_swap_b32 v1, v2
  EXPECT_EQ(dec({0x7F78CA99}).handler, kIllegalHandler);  // SRC0 = 153 (the constant 25): llvm reads v153
  EXPECT_EQ(dec({0x7E52D066}).handler, kIllegalHandler);  // v_swaprel_b32 with SRC0 = 102 (s102)
}

TEST(Gfx10Decoder, NopIgnoresItsOperandFields) {
  for (uint32_t w : {0x7E000000u, 0x7F000006u, 0x7E0001FFu}) {
    DecodedInst d = dec({w}, 16);
    ASSERT_NE(d.info, nullptr);
    EXPECT_EQ(d.info->mnemonic, "v_nop");
    EXPECT_NE(d.handler, kIllegalHandler) << std::hex << w;
  }
}

TEST(Gfx10Decoder, EveryTableRowIsSortedAndHandlersExistForCompilerOutput) {
  for (auto e : {Encoding::SOP2, Encoding::SOPK, Encoding::SOP1, Encoding::SOPC, Encoding::SOPP, Encoding::SMEM,
                 Encoding::VOP2, Encoding::VOP1, Encoding::VOPC, Encoding::VOP3, Encoding::VOP3P, Encoding::DS,
                 Encoding::MUBUF, Encoding::MTBUF, Encoding::FLAT, Encoding::GLOBAL, Encoding::SCRATCH}) {
    auto ops = g10::opcodes(e);
    ASSERT_FALSE(ops.empty()) << spec::isa::encoding_name(e);
    for (size_t i = 1; i < ops.size(); ++i) EXPECT_LT(ops[i - 1].opcode, ops[i].opcode) << ops[i].mnemonic;
  }
  for (const char* m : {"v_add_nc_u32", "v_sub_nc_u32", "v_add_co_ci_u32", "v_fmac_f32", "v_fmamk_f32",
                        "v_fmaak_f32", "s_and_saveexec_b32", "s_or_saveexec_b32", "s_clause", "s_inst_prefetch",
                        "s_code_end", "s_waitcnt_vscnt", "buffer_gl0_inv", "buffer_gl1_inv", "s_gl1_inv",
                        "v_dot4_i32_i8", "v_xor3_b32", "s_round_mode", "s_denorm_mode"})
    EXPECT_NE(handler_index(m), kIllegalHandler) << m;
}

}  // namespace
}  // namespace sporkle::sim::isa::gfx10
