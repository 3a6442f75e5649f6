// One scalar operation group per test, run by one work-item. s[0:1]: 16 input bytes (s[4:7]); s[2:3]: 16 output
// bytes (s[8:11], zeroed first). SCC results are captured with s_cselect_b32.
.text
.macro STEST name
.globl \name
.p2align 8
\name:
  s_load_dwordx4 s[4:7], s[0:1], 0x0
  s_mov_b32 s8, 0
  s_mov_b32 s9, 0
  s_mov_b32 s10, 0
  s_mov_b32 s11, 0
  s_waitcnt lgkmcnt(0)
.endm
.macro SEND
  v_mov_b32_e32 v1, s8
  v_mov_b32_e32 v2, s9
  v_mov_b32_e32 v3, s10
  v_mov_b32_e32 v4, s11
  v_mov_b32_e32 v0, 0
  global_store_dwordx4 v0, v[1:4], s[2:3]
  s_endpgm
.endm

STEST s_add_sub
  s_add_u32 s8, s4, s5
  s_cselect_b32 s9, 1, 0
  s_sub_u32 s10, s4, s5
  s_cselect_b32 s11, 1, 0
SEND
STEST s_add_sub_i32
  s_add_i32 s8, s4, s5
  s_cselect_b32 s9, 1, 0
  s_sub_i32 s10, s4, s5
  s_cselect_b32 s11, 1, 0
SEND
STEST s_addc
  s_cmp_eq_u32 s6, 1
  s_addc_u32 s8, s4, s5
  s_cselect_b32 s9, 1, 0
  s_cmp_eq_u32 s6, 1
  s_subb_u32 s10, s4, s5
  s_cselect_b32 s11, 1, 0
SEND
STEST s_shifts
  s_ashr_i32 s8, s4, s5
  s_lshr_b64 s[10:11], s[4:5], s6
  s_lshl_b32 s9, s4, s5
SEND
STEST s_bfe
  s_bfe_u32 s8, s4, s5
  s_cselect_b32 s9, 1, 0
  s_bfe_i32 s10, s4, s5
  s_bfe_i64 s[12:13], s[4:5], s5
  s_mov_b32 s11, s13
SEND
STEST s_bit_count
  s_ff1_i32_b64 s8, s[4:5]
  s_flbit_i32_b32 s9, s4
  s_bcnt1_i32_b64 s10, s[4:5]
  s_flbit_i32 s11, s4
SEND
STEST s_mul
  s_mul_i32 s8, s4, s5
  s_mul_hi_u32 s9, s4, s5
  s_mul_hi_i32 s10, s4, s5
  s_abs_i32 s11, s4
SEND
STEST s_minmax
  s_min_i32 s8, s4, s5
  s_cselect_b32 s9, 1, 0
  s_max_u32 s10, s4, s5
  s_cselect_b32 s11, 1, 0
SEND
STEST s_saveexec
  s_mov_b64 s[12:13], exec
  s_mov_b64 exec, s[6:7]
  s_and_saveexec_b64 s[8:9], s[4:5]
  s_cselect_b32 s10, 1, 0
  s_mov_b64 s[14:15], exec
  s_mov_b64 exec, s[12:13]
  s_mov_b32 s11, s14
SEND
STEST s_sopk
  s_mov_b32 s12, s4
  s_cmpk_lt_i32 s12, 0xfffb
  s_cselect_b32 s8, 1, 0
  s_cmpk_gt_u32 s12, 0xfff0
  s_cselect_b32 s9, 1, 0
  s_movk_i32 s10, 0x8000
  s_mov_b32 s11, s4
  s_addk_i32 s11, 0x7fff
SEND
STEST s_misc
  s_sext_i32_i16 s8, s4
  s_brev_b32 s9, s4
  s_not_b32 s10, s4
  s_cselect_b32 s11, 1, 0
SEND
STEST s_select64
  s_cmp_lg_u32 s6, 0
  s_cselect_b64 s[8:9], s[4:5], -1
  s_bitset1_b32 s10, s7
  s_getreg_b32 s11, hwreg(HW_REG_MODE, 0, 10)
SEND
STEST s_branches
  s_mov_b32 s8, 0
  s_cmp_gt_i32 s4, s5
  s_cbranch_scc0 skip1
  s_or_b32 s8, s8, 1
skip1:
  s_mov_b64 vcc, 0
  s_cbranch_vccz skip2
  s_or_b32 s8, s8, 2
skip2:
  s_cmp_eq_u64 s[4:5], s[6:7]
  s_cbranch_scc1 skip3
  s_or_b32 s8, s8, 4
skip3:
SEND
