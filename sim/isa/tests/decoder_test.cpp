// Decoder unit tests on encodings produced by llvm-mc-14 -mcpu=gfx900 -show-encoding.
#include <gtest/gtest.h>

#include "sim/isa/decoder.h"
#include "sim/isa/handlers.h"
#include "sporkle/spec/isa_gfx9.h"

namespace sporkle::sim::isa::gfx9 {
namespace {

using spec::isa::Encoding;

DecodedInst dec(std::initializer_list<uint32_t> words, uint16_t vgprs = 256) {
  std::vector<uint32_t> w(words);
  w.resize(4);
  return decode(w.data(), vgprs);
}

TEST(Gfx9Decoder, ClassifiesEveryFamilyByItsPrefix) {
  EXPECT_EQ(spec::isa::gfx9::classify(0x7E000200), Encoding::VOP1);   // v_mov_b32_e32 v0, s0
  EXPECT_EQ(spec::isa::gfx9::classify(0x7D9800A0), Encoding::VOPC);   // v_cmp_gt_u32_e32 vcc, 32, v0
  EXPECT_EQ(spec::isa::gfx9::classify(0x68040702), Encoding::VOP2);   // v_add_u32_e32
  EXPECT_EQ(spec::isa::gfx9::classify(0xBE80206A), Encoding::SOP1);   // s_and_saveexec_b64
  EXPECT_EQ(spec::isa::gfx9::classify(0xBF8CC07F), Encoding::SOPP);   // s_waitcnt
  EXPECT_EQ(spec::isa::gfx9::classify(0xBF0A0302), Encoding::SOPC);
  EXPECT_EQ(spec::isa::gfx9::classify(0xB0000010), Encoding::SOPK);
  EXPECT_EQ(spec::isa::gfx9::classify(0x87FE007E), Encoding::SOP2);   // s_or_b64 exec, exec, s[0:1]
  EXPECT_EQ(spec::isa::gfx9::classify(0xC00A0002), Encoding::SMEM);
  EXPECT_EQ(spec::isa::gfx9::classify(0xD1FD0001), Encoding::VOP3);
  EXPECT_EQ(spec::isa::gfx9::classify(0xD3A00000), Encoding::VOP3P);  // v_mad_mix_f32
  EXPECT_EQ(spec::isa::gfx9::classify(0xD86E2000), Encoding::DS);
  EXPECT_EQ(spec::isa::gfx9::classify(0xE0701000), Encoding::MUBUF);
  EXPECT_EQ(spec::isa::gfx9::classify(0xDC508000), Encoding::GLOBAL);
  EXPECT_EQ(spec::isa::gfx9::classify(0xDC504000), Encoding::SCRATCH);
  EXPECT_EQ(spec::isa::gfx9::classify(0xDC500000), Encoding::FLAT);
}

TEST(Gfx9Decoder, LengthCountsLiteralsSdwaDppAndMadkConstants) {
  EXPECT_EQ(instruction_length(0x7E000200), 4);  // v_mov_b32 v0, s0
  EXPECT_EQ(instruction_length(0x7E0002FF), 8);  // literal
  EXPECT_EQ(instruction_length(0x7E0002F9), 8);  // SDWA
  EXPECT_EQ(instruction_length(0x020004FA), 8);  // DPP
  EXPECT_EQ(instruction_length(0x30020702), 8);  // v_madak_f32 carries K
  EXPECT_EQ(instruction_length(0xBA001801), 8);  // s_setreg_imm32_b32
  EXPECT_EQ(instruction_length(0x8004FF04), 8);  // s_add_u32 s4, s4, literal
  EXPECT_EQ(instruction_length(0xBF810000), 4);  // s_endpgm
  EXPECT_EQ(instruction_length(0xD2800006), 8);  // VOP3
}

TEST(Gfx9Decoder, PromotedVop3FormsUseTheShortTables) {
  DecodedInst mov = dec({0xD1410001, 0x00000102});  // v_mov_b32_e64 v1, v2
  ASSERT_NE(mov.info, nullptr);
  EXPECT_EQ(mov.info->mnemonic, "v_mov_b32");
  EXPECT_EQ(mov.vdst, 1);
  EXPECT_EQ(mov.src[0].kind, OperandKind::Vgpr);
  EXPECT_EQ(mov.src[0].reg, 2);

  DecodedInst cmp = dec({0xD0410008, 0x00020501});  // v_cmp_lt_f32_e64 s[8:9], v1, v2
  ASSERT_NE(cmp.info, nullptr);
  EXPECT_EQ(cmp.info->mnemonic, "v_cmp_lt_f32");
  EXPECT_EQ(cmp.sdst, 8);

  DecodedInst add = dec({0xD1190401, 0x00020702});  // v_add_co_u32_e64 v1, s[4:5], v2, v3
  EXPECT_EQ(add.info->mnemonic, "v_add_co_u32");
  EXPECT_EQ(add.vdst, 1);
  EXPECT_EQ(add.sdst, 4);
}

TEST(Gfx9Decoder, VopTwoCarryOpsUseVccImplicitly) {
  DecodedInst addc = dec({0x38040503});  // v_addc_co_u32_e32 v2, vcc, v3, v2, vcc
  EXPECT_EQ(addc.info->mnemonic, "v_addc_co_u32");
  EXPECT_EQ(addc.sdst, spec::isa::src::VCC_LO);
  EXPECT_EQ(addc.src[2].kind, OperandKind::Sgpr);
  EXPECT_EQ(addc.src[2].reg, spec::isa::src::VCC_LO);
}

TEST(Gfx9Decoder, InlineConstantsTakeTheOperandType) {
  DecodedInst f64 = dec({0xD2800006, 0x000204F2});  // v_add_f64 v[6:7], 1.0, v[2:3]
  EXPECT_EQ(f64.src[0].kind, OperandKind::Const);
  EXPECT_EQ(f64.src[0].value, 0x3FF0000000000000ull);
  DecodedInst neg = dec({0x680002D0});  // v_add_u32_e32 v0, -16, v1
  EXPECT_EQ(neg.src[0].value, 0xFFFFFFF0ull);
  DecodedInst m1 = dec({0x7E0002C1});  // v_mov_b32_e32 v0, -1
  EXPECT_EQ(m1.src[0].value, 0xFFFFFFFFull);
}

TEST(Gfx9Decoder, LiteralsWidenPerOperandType) {
  DecodedInst f64 = dec({0x7E001EFF, 0x3FF00000});  // v_cvt_f32_f64_e32 v0, 0x3ff00000
  EXPECT_EQ(f64.src[0].value, 0x3FF0000000000000ull);
  DecodedInst b64 = dec({0xBE8001FF, 0x80000000});  // s_mov_b64 s[0:1], 0x80000000
  EXPECT_EQ(b64.src[0].value, 0x80000000ull);
  DecodedInst madak = dec({0x30020702, 0x41200000});  // v_madak_f32 v1, v2, v3, 10.0: D = S0 * S1 + K
  EXPECT_EQ(madak.src[2].kind, OperandKind::Const);
  EXPECT_EQ(madak.src[2].value, 0x41200000u);
  EXPECT_EQ(madak.src[1].reg, 3);
  DecodedInst madmk = dec({0x2E020702, 0x41200000});  // v_madmk_f32 v1, v2, 10.0, v3: D = S0 * K + S1
  EXPECT_EQ(madmk.src[1].value, 0x41200000u);
  EXPECT_EQ(madmk.src[2].reg, 3);
}

TEST(Gfx9Decoder, SdwaFieldsAreDecoded) {
  // v_mov_b32_sdwa v0, v1 dst_sel:WORD_1 dst_unused:UNUSED_PRESERVE src0_sel:BYTE_2
  DecodedInst d = dec({0x7E0002F9, 0x00021501});
  EXPECT_TRUE(d.flags & kFlagSdwa);
  EXPECT_EQ(d.src[0].reg, 1);
  EXPECT_EQ(d.src[0].sel, spec::isa::BYTE_2);
  EXPECT_EQ(d.dst_sel, spec::isa::WORD_1);
  EXPECT_EQ(d.dst_unused, spec::isa::UNUSED_PRESERVE);
}

TEST(Gfx9Decoder, MemoryOperandsAndOffsets) {
  DecodedInst g = dec({0xDC509FF8, 0x02000001});  // global_load_dword v2, v1, s[0:1] offset:-8
  EXPECT_EQ(g.enc, Encoding::GLOBAL);
  EXPECT_EQ(g.imm, -8);
  EXPECT_EQ(g.src[2].kind, OperandKind::Sgpr);
  EXPECT_EQ(g.vdst, 2);
  DecodedInst s = dec({0xC0060101, 0x00000010});  // s_load_dwordx2 s[4:5], s[2:3], 0x10
  EXPECT_EQ(s.src[0].reg, 2);
  EXPECT_EQ(s.sdst, 4);
  EXPECT_EQ(s.imm, 0x10);
  DecodedInst ds = dec({0xD86E2004, 0x02000001});  // ds_read2_b32 v[2:3], v1 offset0:4 offset1:32
  EXPECT_EQ(ds.imm, 4);
  EXPECT_EQ(ds.imm2, 32u);
  DecodedInst b = dec({0xE070100C, 0x03010102});  // buffer_store_dword v1, v2, s[4:7], s3 offen offset:12
  EXPECT_EQ(b.sdst, 4);
  EXPECT_EQ(b.imm, 12);
  EXPECT_TRUE(b.flags & kFlagOffen);
  EXPECT_EQ(b.src[2].reg, 3);
}

TEST(Gfx9Decoder, UnknownOpcodesAndOutOfRangeRegistersAreIllegal) {
  DecodedInst u = dec({0xBE80FF80});  // SOP1 opcode 0xff
  EXPECT_EQ(u.info, nullptr);
  EXPECT_EQ(u.handler, kIllegalHandler);
  DecodedInst v = dec({0x7E500280}, 32);  // v_mov_b32 v40, 0 with 32 VGPRs
  EXPECT_NE(v.info, nullptr);
  EXPECT_EQ(v.handler, kIllegalHandler);
  ASSERT_NE(v.invalid, nullptr);
  DecodedInst ok = dec({0x7E500280}, 64);
  EXPECT_NE(ok.handler, kIllegalHandler);
  DecodedInst dpp = dec({0x020004FA, 0xFF00B101});  // v_add_f32_dpp quad_perm: runs the add through DPP
  EXPECT_EQ(dpp.length, 8);
  EXPECT_NE(dpp.handler, kIllegalHandler);
  EXPECT_EQ(dpp.base_handler, handler_index("v_add_f32"));
  DecodedInst row_shl0 = dec({0x020004FA, 0xFF010001});  // DPP_CTRL 0x100 (row_shl:0) is reserved
  EXPECT_EQ(row_shl0.length, 8);
  EXPECT_EQ(row_shl0.handler, kIllegalHandler);
  ASSERT_NE(row_shl0.invalid, nullptr);
  DecodedInst share = dec({0x020004FA, 0xFF015001});  // row_share is gfx10-only
  EXPECT_EQ(share.handler, kIllegalHandler);
}

// 64-bit scalar operands name a register pair: an odd general SGPR or TTMP means the aligned pair (its low bit is
// ignored); an odd named register, M0 and the reserved code 125 name nothing and make the instruction illegal.
TEST(Gfx9Decoder, SixtyFourBitScalarOperandsNameAlignedPairs) {
  DecodedInst xnor = dec({0x8D8DBE8A});  // s_xnor_b64 s[12:13], 10, 62 with SDST 13
  ASSERT_NE(xnor.info, nullptr);
  EXPECT_EQ(xnor.info->mnemonic, "s_xnor_b64");
  EXPECT_EQ(xnor.sdst, 12);
  EXPECT_NE(xnor.handler, kIllegalHandler);
  DecodedInst mov = dec({0xBE800103});  // s_mov_b64 s[0:1], s[2:3] with SSRC0 3
  EXPECT_EQ(mov.src[0].reg, 2);
  EXPECT_EQ(mov.src[0].code, 2);
  EXPECT_EQ(dec({0xBE80016D}).src[0].reg, spec::isa::src::TTMP0);  // ttmp1 as a pair: ttmp[0:1]
  EXPECT_EQ(dec({0xBE81017E}).sdst, 0);                            // s_mov_b64 s[0:1], exec with SDST 1
  EXPECT_EQ(dec({0xD2800000, 0x00020403}).src[0].reg, 2);          // v_add_f64 v[0:1], s[2:3] (SRC0 3), v[2:3]
  EXPECT_EQ(dec({0xD0410009, 0x00020501}).sdst, 8);                // v_cmp_lt_f32_e64 s[8:9] (SDST 9): wave64 mask
  EXPECT_EQ(dec({0xD1190701, 0x00020702}).sdst, 6);                // v_add_co_u32_e64 carry-out s[6:7] (SDST 7)
  EXPECT_EQ(dec({0xD1000000, 0x00160501}).src[2].reg, 4);          // v_cndmask_b32_e64 select s[4:5] (SRC2 5)
  EXPECT_EQ(dec({0xBE800104}).src[0].reg, 4);                      // an even pair is unchanged
  EXPECT_NE(dec({0xBE800166}).handler, kIllegalHandler);           // flat_scratch
  // Codes with no 64-bit meaning: exec_hi (s_orn2_b64 s[0:1], exec_hi, -1), vcc_hi, flat_scratch_hi, m0, reserved
  // 125, and exec_hi as a destination.
  for (uint32_t w : {0x8A81BF7Fu, 0xBE80016Bu, 0xBE800167u, 0xBE80017Cu, 0xBE80007Du, 0xBEFF0100u}) {
    DecodedInst d = dec({w});
    ASSERT_NE(d.info, nullptr) << std::hex << w;
    EXPECT_EQ(d.handler, kIllegalHandler) << std::hex << w;
    EXPECT_NE(d.invalid, nullptr) << std::hex << w;
  }
  EXPECT_NE(dec({0xBE80007C}).handler, kIllegalHandler);  // s_mov_b32 s0, m0: M0 is a 32-bit operand
  EXPECT_EQ(dec({0xD0410080, 0x00020501}).handler, kIllegalHandler);  // v_cmp_lt_f32_e64 with SDST 128 (a constant)
}

// DPP neg/abs bits modify float sources; llvm refuses them on integer and bit operands, and so does the decoder.
TEST(Gfx9Decoder, DppNegAbsOnlyOnFloatOperands) {
  EXPECT_NE(dec({0x1A1A1AFA, 0xFA08FA02}).handler, kIllegalHandler);  // v_max_i32_dpp v13, v2, v13 ...
  for (uint32_t s : {0xFAFAFAFAu, 0xFA1AFAFAu, 0xFA2AFAFAu, 0xFA4AFAFAu, 0xFA8AFAFAu}) {
    DecodedInst d = dec({0x1A1A1AFA, s});  // the same with src0/src1 neg/abs bits
    ASSERT_NE(d.info, nullptr);
    EXPECT_EQ(d.handler, kIllegalHandler) << std::hex << s;
    EXPECT_NE(d.invalid, nullptr);
  }
  DecodedInst mul = dec({0x0A1A1AFA, 0xFA90FA02});  // v_mul_f32_dpp v13, -v2, |v13|
  EXPECT_NE(mul.handler, kIllegalHandler);
  EXPECT_EQ(mul.src[0].mods, kModNeg);
  EXPECT_EQ(mul.src[1].mods, kModAbs);
}

// v_swap_b32 exchanges two VGPRs: an SRC0 code that is not a VGPR (llvm prints it as one) is refused.
TEST(Gfx9Decoder, SwapTakesOnlyVgprs) {
  EXPECT_NE(dec({0x7E02A302}).handler, kIllegalHandler);  // v_swap_b32 v1, v2
  DecodedInst s = dec({0x7E02A202});                      // SRC0 = 2: s2
  ASSERT_NE(s.info, nullptr);
  EXPECT_EQ(s.handler, kIllegalHandler);
  EXPECT_NE(s.invalid, nullptr);
}

// v_nop reads nothing: the hardware ignores its VDST and SRC0 fields (llvm-objdump wants them zero).
TEST(Gfx9Decoder, NopIgnoresItsOperandFields) {
  for (uint32_t w : {0x7E000000u, 0x7F000006u, 0x7E0001FFu}) {
    DecodedInst d = dec({w}, 16);
    ASSERT_NE(d.info, nullptr);
    EXPECT_EQ(d.info->mnemonic, "v_nop");
    EXPECT_NE(d.handler, kIllegalHandler) << std::hex << w;
    EXPECT_EQ(d.src[0].kind, OperandKind::None);
  }
}

TEST(Gfx9Decoder, EveryTableRowIsAValidEncodingOfItsFamily) {
  for (auto e : {Encoding::SOP2, Encoding::SOPK, Encoding::SOP1, Encoding::SOPC, Encoding::SOPP, Encoding::SMEM,
                 Encoding::VOP2, Encoding::VOP1, Encoding::VOPC, Encoding::VOP3, Encoding::DS, Encoding::MUBUF,
                 Encoding::MTBUF, Encoding::FLAT, Encoding::GLOBAL, Encoding::SCRATCH}) {
    auto ops = spec::isa::gfx9::opcodes(e);
    ASSERT_FALSE(ops.empty()) << spec::isa::encoding_name(e);
    for (size_t i = 1; i < ops.size(); ++i) EXPECT_LT(ops[i - 1].opcode, ops[i].opcode) << ops[i].mnemonic;
  }
}

}  // namespace
}  // namespace sporkle::sim::isa::gfx9
