// Per-instruction scalar ALU tests (ops_scalar.s): results and SCC for edge values.
#include <gtest/gtest.h>

#include <bit>

#include "ops_runner.h"

namespace sporkle::sim::isa::test {
namespace {

TEST(Salu, UnsignedAddSubSetCarryAndBorrow) {
  auto r = run_scalar("s_add_sub", {0xFFFFFFFFu, 2, 0, 0});
  EXPECT_EQ(r[0], 1u);
  EXPECT_EQ(r[1], 1u);  // carry
  EXPECT_EQ(r[2], 0xFFFFFFFDu);
  EXPECT_EQ(r[3], 0u);  // no borrow
  r = run_scalar("s_add_sub", {1, 2, 0, 0});
  EXPECT_EQ(r[1], 0u);
  EXPECT_EQ(r[2], 0xFFFFFFFFu);
  EXPECT_EQ(r[3], 1u);  // borrow
}

TEST(Salu, SignedAddSubSetOverflow) {
  auto r = run_scalar("s_add_sub_i32", {0x7FFFFFFFu, 1, 0, 0});
  EXPECT_EQ(r[0], 0x80000000u);
  EXPECT_EQ(r[1], 1u);
  EXPECT_EQ(r[2], 0x7FFFFFFEu);
  EXPECT_EQ(r[3], 0u);
  r = run_scalar("s_add_sub_i32", {0x80000000u, 1, 0, 0});
  EXPECT_EQ(r[1], 0u);
  EXPECT_EQ(r[2], 0x7FFFFFFFu);
  EXPECT_EQ(r[3], 1u);
}

TEST(Salu, CarryInFromScc) {
  auto r = run_scalar("s_addc", {0xFFFFFFFFu, 0, 1, 0});
  EXPECT_EQ(r[0], 0u);
  EXPECT_EQ(r[1], 1u);
  EXPECT_EQ(r[2], 0xFFFFFFFEu);
  EXPECT_EQ(r[3], 0u);
  r = run_scalar("s_addc", {5, 3, 0, 0});
  EXPECT_EQ(r[0], 8u);
  EXPECT_EQ(r[2], 2u);
  r = run_scalar("s_addc", {0, 0, 1, 0});
  EXPECT_EQ(r[2], 0xFFFFFFFFu);
  EXPECT_EQ(r[3], 1u);
}

TEST(Salu, Shifts) {
  auto r = run_scalar("s_shifts", {0x80000010u, 36, 33, 0});
  EXPECT_EQ(r[0], uint32_t(int32_t(0x80000010u) >> 4));
  EXPECT_EQ(r[1], 0x80000010u << 4);
  uint64_t v = 0x80000010u | uint64_t(36) << 32;
  EXPECT_EQ(uint64_t(r[2]) | uint64_t(r[3]) << 32, v >> 33);
}

TEST(Salu, BitFieldExtract) {
  // offset 4, width 8 in S1[22:16]
  auto r = run_scalar("s_bfe", {0xABCDEF12u, 4 | 8 << 16, 0, 0});
  EXPECT_EQ(r[0], 0xF1u);
  EXPECT_EQ(r[1], 1u);
  EXPECT_EQ(r[2], 0xFFFFFFF1u);
  r = run_scalar("s_bfe", {0xABCDEF12u, 0x80000000u | 28 | 4 << 16, 0, 0});
  EXPECT_EQ(r[0], 0xAu);
  EXPECT_EQ(r[3], 0xFFFFFFFFu);  // s_bfe_i64 high half of a sign-extended field
  r = run_scalar("s_bfe", {0xABCDEF12u, 0, 0, 0});
  EXPECT_EQ(r[0], 0u);
  EXPECT_EQ(r[1], 0u);  // SCC = result != 0
}

TEST(Salu, BitCounts) {
  auto r = run_scalar("s_bit_count", {0, 0x00010000u, 0, 0});
  EXPECT_EQ(r[0], 48u);          // first one in the 64-bit pair
  EXPECT_EQ(r[1], 0xFFFFFFFFu);  // flbit of 0
  EXPECT_EQ(r[2], 1u);
  EXPECT_EQ(r[3], 0xFFFFFFFFu);
  r = run_scalar("s_bit_count", {0xFFFF0000u, 0xFFFFFFFFu, 0, 0});
  EXPECT_EQ(r[0], 16u);
  EXPECT_EQ(r[1], 0u);
  EXPECT_EQ(r[2], 48u);
  EXPECT_EQ(r[3], 16u);  // leading sign bits of a negative value
}

TEST(Salu, Multiplies) {
  auto r = run_scalar("s_mul", {0xFFFFFFFEu, 3, 0, 0});
  EXPECT_EQ(r[0], 0xFFFFFFFAu);
  EXPECT_EQ(r[1], 2u);
  EXPECT_EQ(r[2], 0xFFFFFFFFu);  // -2 * 3 = -6, high half -1
  EXPECT_EQ(r[3], 2u);           // |-2|
  r = run_scalar("s_mul", {0x80000000u, 2, 0, 0});
  EXPECT_EQ(r[3], 0x80000000u);  // |INT_MIN| wraps
}

TEST(Salu, MinMaxSetSccWhenTheFirstOperandWins) {
  auto r = run_scalar("s_minmax", {0xFFFFFFFFu, 1, 0, 0});
  EXPECT_EQ(r[0], 0xFFFFFFFFu);  // -1 < 1 signed
  EXPECT_EQ(r[1], 1u);
  EXPECT_EQ(r[2], 0xFFFFFFFFu);  // unsigned max
  EXPECT_EQ(r[3], 1u);
}

TEST(Salu, SaveExecReturnsTheOldMaskAndSetsSccFromTheNewOne) {
  auto r = run_scalar("s_saveexec", {0xFFFF00FFu, 0, 1 | 0x100, 0});  // S0 = 0xFFFF00FF, EXEC = 0x101
  EXPECT_EQ(r[0], 0x101u);
  EXPECT_EQ(r[1], 0u);
  EXPECT_EQ(r[2], 1u);
  EXPECT_EQ(r[3], 0x1u);
  r = run_scalar("s_saveexec", {0xFFFF0000u, 0, 1, 0});
  EXPECT_EQ(r[2], 0u);
  EXPECT_EQ(r[3], 0u);
}

TEST(Salu, SopkImmediatesAreSignOrZeroExtended) {
  auto r = run_scalar("s_sopk", {0xFFFFFFF0u, 0, 0, 0});  // -16
  EXPECT_EQ(r[0], 1u);            // -16 < -5
  EXPECT_EQ(r[1], 1u);            // 0xFFFFFFF0 > 0xFFF0 unsigned
  EXPECT_EQ(r[2], 0xFFFF8000u);   // s_movk_i32 sign-extends
  EXPECT_EQ(r[3], 0xFFFFFFF0u + 0x7FFFu);
  r = run_scalar("s_sopk", {3, 0, 0, 0});
  EXPECT_EQ(r[0], 0u);
  EXPECT_EQ(r[1], 0u);
}

TEST(Salu, MiscUnaryOperations) {
  auto r = run_scalar("s_misc", {0x00018001u, 0, 0, 0});
  EXPECT_EQ(r[0], 0xFFFF8001u);
  EXPECT_EQ(r[1], 0x80018000u);
  EXPECT_EQ(r[2], ~0x00018001u);
  EXPECT_EQ(r[3], 1u);
  r = run_scalar("s_misc", {0xFFFFFFFFu, 0, 0, 0});
  EXPECT_EQ(r[3], 0u);
}

TEST(Salu, SelectsBitsetAndModeRegister) {
  auto r = run_scalar("s_select64", {0x11111111u, 0x22222222u, 1, 5});
  EXPECT_EQ(r[0], 0x11111111u);
  EXPECT_EQ(r[1], 0x22222222u);
  EXPECT_EQ(r[2], 1u << 5);
  // MODE[9:0] from RSRC1: FLOAT_MODE 0xF0, DX10_CLAMP, IEEE.
  EXPECT_EQ(r[3], 0xF0u | 1u << 8 | 1u << 9);
  r = run_scalar("s_select64", {1, 2, 0, 0});
  EXPECT_EQ(r[0], 0xFFFFFFFFu);  // -1 sign-extends to 64 bits
  EXPECT_EQ(r[1], 0xFFFFFFFFu);
}

TEST(Salu, ConditionalBranches) {
  EXPECT_EQ(run_scalar("s_branches", {5, 3, 5, 3})[0], 1u);  // 5 > 3; vccz branches over bit 1; equal skips bit 2
  EXPECT_EQ(run_scalar("s_branches", {1, 3, 0, 0})[0], 4u);
}

}  // namespace
}  // namespace sporkle::sim::isa::test
