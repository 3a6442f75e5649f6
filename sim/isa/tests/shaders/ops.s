// One VALU operation per test, run by one wave64. s[0:1]: 32 input bytes per lane (v[2:5] and v[10:13]);
// s[2:3]: 16 output bytes per lane (v[6:9], zeroed first).
.text
.macro TEST name
.globl \name
.p2align 8
\name:
  v_lshlrev_b32_e32 v1, 5, v0
  global_load_dwordx4 v[2:5], v1, s[0:1]
  global_load_dwordx4 v[10:13], v1, s[0:1] offset:16
  v_mov_b32_e32 v6, 0
  v_mov_b32_e32 v7, 0
  v_mov_b32_e32 v8, 0
  v_mov_b32_e32 v9, 0
  s_waitcnt vmcnt(0)
.endm
.macro END
  v_lshlrev_b32_e32 v1, 4, v0
  global_store_dwordx4 v1, v[6:9], s[2:3]
  s_endpgm
.endm

TEST t_add_f32
  v_add_f32_e32 v6, v2, v3
END
TEST t_mul_f32
  v_mul_f32_e32 v6, v2, v3
END
TEST t_sub_f32
  v_sub_f32_e32 v6, v2, v3
END
TEST t_min_f32
  v_min_f32_e32 v6, v2, v3
END
TEST t_max_f32
  v_max_f32_e32 v6, v2, v3
END
TEST t_fma_f32
  v_fma_f32 v6, v2, v3, v4
END
TEST t_mac_f32
  v_mov_b32_e32 v6, v4
  v_mac_f32_e32 v6, v2, v3
END
TEST t_vop3_modifiers
  v_add_f32_e64 v6, -v2, |v3|
  v_mul_f32_e64 v7, v2, v3 clamp
  v_add_f32_e64 v8, v2, v3 mul:2
  v_add_f32_e64 v9, v2, v3 div:2
END
TEST t_constants
  v_add_f32_e32 v6, 0.5, v2
  v_add_u32_e32 v7, -16, v2
  v_mul_f32_e32 v8, 0x40490fdb, v2
  v_add_u32_e32 v9, 64, v2
END
TEST t_f64_constant
  v_add_f64 v[6:7], 1.0, v[2:3]
  v_mul_f64 v[8:9], -4.0, v[2:3]
END
TEST t_rcp_sqrt_f32
  v_rcp_f32_e32 v6, v2
  v_sqrt_f32_e32 v7, v2
  v_rsq_f32_e32 v8, v2
  v_frexp_mant_f32_e32 v9, v2
END
TEST t_round_f32
  v_floor_f32_e32 v6, v2
  v_trunc_f32_e32 v7, v2
  v_rndne_f32_e32 v8, v2
  v_fract_f32_e32 v9, v2
END
TEST t_cvt_f32
  v_cvt_i32_f32_e32 v6, v2
  v_cvt_u32_f32_e32 v7, v2
  v_cvt_f32_i32_e32 v8, v3
  v_cvt_f32_u32_e32 v9, v3
END
TEST t_cvt_f16
  v_cvt_f16_f32_e32 v6, v2
  v_cvt_f32_f16_e32 v7, v3
  v_add_f16_e32 v8, v3, v4
  v_fma_f16 v9, v3, v4, v5
END
TEST t_div_fixup_f32
  v_div_fixup_f32 v6, v2, v3, v4
END
TEST t_fdiv_f32
  // The f32 division clang emits with denormals enabled: v6 = v2 / v3.
  v_div_scale_f32 v7, s[4:5], v3, v3, v2
  v_div_scale_f32 v8, vcc, v2, v3, v2
  v_rcp_f32_e32 v9, v7
  v_fma_f32 v10, -v7, v9, 1.0
  v_fma_f32 v9, v10, v9, v9
  v_mul_f32_e32 v10, v8, v9
  v_fma_f32 v11, -v7, v10, v8
  v_fma_f32 v10, v11, v9, v10
  v_fma_f32 v7, -v7, v10, v8
  v_div_fmas_f32 v7, v7, v9, v10
  v_div_fixup_f32 v6, v7, v3, v2
  v_mov_b32_e32 v7, 0
  v_mov_b32_e32 v8, 0
  v_mov_b32_e32 v9, 0
END
TEST t_fdiv_f64
  // The f64 division clang emits: v[6:7] = v[2:3] / v[4:5].
  v_div_scale_f64 v[6:7], s[4:5], v[4:5], v[4:5], v[2:3]
  v_rcp_f64_e32 v[8:9], v[6:7]
  v_fma_f64 v[10:11], -v[6:7], v[8:9], 1.0
  v_fma_f64 v[8:9], v[8:9], v[10:11], v[8:9]
  v_fma_f64 v[10:11], -v[6:7], v[8:9], 1.0
  v_fma_f64 v[8:9], v[8:9], v[10:11], v[8:9]
  v_div_scale_f64 v[10:11], vcc, v[2:3], v[4:5], v[2:3]
  v_mul_f64 v[12:13], v[10:11], v[8:9]
  v_fma_f64 v[6:7], -v[6:7], v[12:13], v[10:11]
  v_div_fmas_f64 v[6:7], v[6:7], v[8:9], v[12:13]
  v_div_fixup_f64 v[6:7], v[6:7], v[4:5], v[2:3]
  v_mov_b32_e32 v8, 0
  v_mov_b32_e32 v9, 0
END
TEST t_f64_arith
  v_add_f64 v[6:7], v[2:3], v[4:5]
  v_fma_f64 v[8:9], v[2:3], v[4:5], v[10:11]
END
TEST t_f64_convert
  v_cvt_f64_i32_e32 v[6:7], v4
  v_cvt_f32_f64_e32 v8, v[2:3]
  v_cvt_i32_f64_e32 v9, v[2:3]
END
TEST t_int_arith
  v_add_u32_e32 v6, v2, v3
  v_sub_u32_e32 v7, v2, v3
  v_mul_lo_u32 v8, v2, v3
  v_mul_hi_u32 v9, v2, v3
END
TEST t_int_arith2
  v_mul_hi_i32 v6, v2, v3
  v_mul_u32_u24_e32 v7, v2, v3
  v_mul_i32_i24_e32 v8, v2, v3
  v_add_u32_e64 v9, v2, v3 clamp
END
TEST t_shifts
  v_lshlrev_b32_e32 v6, v3, v2
  v_lshrrev_b32_e32 v7, v3, v2
  v_ashrrev_i32_e32 v8, v3, v2
  v_lshlrev_b16_e32 v9, v3, v2
END
TEST t_carry
  v_add_co_u32_e32 v6, vcc, v2, v3
  v_addc_co_u32_e32 v7, vcc, v4, v5, vcc
  v_cndmask_b32_e64 v8, 0, 1, vcc
  v_sub_co_u32_e64 v9, s[4:5], v2, v3
  v_subb_co_u32_e64 v9, s[4:5], v9, v4, s[4:5]
END
TEST t_int64
  v_lshlrev_b64 v[6:7], v4, v[2:3]
  v_ashrrev_i64 v[8:9], v4, v[2:3]
END
TEST t_mad64
  v_mad_u64_u32 v[6:7], s[4:5], v2, v3, v[4:5]
  v_cndmask_b32_e64 v8, 0, 1, s[4:5]
  v_mad_i64_i32 v[10:11], s[4:5], v2, v3, 0
  v_mov_b32_e32 v9, v11
END
TEST t_bits
  v_bfe_u32 v6, v2, v3, v4
  v_bfe_i32 v7, v2, v3, v4
  v_alignbit_b32 v8, v2, v3, v4
  v_perm_b32 v9, v2, v3, v4
END
TEST t_bits2
  v_ffbh_u32_e32 v6, v2
  v_bfrev_b32_e32 v7, v2
  v_bcnt_u32_b32 v8, v2, v3
  v_med3_i32 v9, v2, v3, v4
END
TEST t_three_op
  v_lshl_add_u32 v6, v2, v3, v4
  v_add3_u32 v7, v2, v3, v4
  v_or3_b32 v8, v2, v3, v4
  v_mad_u32_u24 v9, v2, v3, v4
END
TEST t_compare
  v_cmp_lt_f32_e32 vcc, v2, v3
  v_cndmask_b32_e64 v6, 0, 1, vcc
  v_cmp_nge_f32_e64 s[4:5], v2, v3
  v_cndmask_b32_e64 v7, 0, 1, s[4:5]
  v_cmp_gt_i32_e32 vcc, v2, v3
  v_cndmask_b32_e64 v8, 0, 1, vcc
  v_cmp_class_f32_e64 s[4:5], v2, v4
  v_cndmask_b32_e64 v9, 0, 1, s[4:5]
END
TEST t_sdwa
  v_add_u32_sdwa v6, v2, v3 dst_sel:WORD_1 dst_unused:UNUSED_PRESERVE src0_sel:BYTE_1 src1_sel:WORD_0
  v_mov_b32_e32 v7, v4
  v_lshlrev_b32_sdwa v7, v3, v2 dst_sel:DWORD dst_unused:UNUSED_PAD src0_sel:BYTE_0 src1_sel:BYTE_2
  v_mov_b32_sdwa v8, sext(v2) dst_sel:DWORD dst_unused:UNUSED_PAD src0_sel:WORD_1
  v_mov_b32_e32 v9, v4
  v_mov_b32_sdwa v9, v2 dst_sel:BYTE_2 dst_unused:UNUSED_SEXT src0_sel:BYTE_0
END
// EXEC from the first 8 input bytes: inactive lanes keep v6 = 0xdead; VOPC bits of inactive lanes are 0;
// v_cmpx narrows EXEC.
TEST t_exec_mask
  s_load_dwordx2 s[4:5], s[0:1], 0x0
  v_mov_b32_e32 v6, 0xdead
  s_mov_b64 s[6:7], exec
  s_waitcnt lgkmcnt(0)
  s_mov_b64 exec, s[4:5]
  v_add_u32_e32 v6, v0, v0
  v_cmp_le_u32_e32 vcc, 0, v0
  s_mov_b64 s[8:9], vcc
  v_cmpx_gt_u32_e64 s[10:11], 40, v0
  s_mov_b64 s[12:13], exec
  s_mov_b64 exec, s[6:7]
  v_mov_b32_e32 v7, s8
  v_mov_b32_e32 v8, s9
  v_mov_b32_e32 v9, s13
END
TEST t_lanes
  v_readlane_b32 s4, v0, 37
  v_readfirstlane_b32 s5, v0
  v_mov_b32_e32 v6, s4
  v_mov_b32_e32 v7, s5
  v_mbcnt_lo_u32_b32 v8, -1, 0
  v_mbcnt_hi_u32_b32 v8, -1, v8
  v_mov_b32_e32 v9, 0
  v_writelane_b32 v9, s4, 3
END
