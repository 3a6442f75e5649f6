// VOP3P: packed 16-bit and mixed-precision operations, one wave64 (gfx900) or two wave32s (pk_gfx10.s includes
// this file with GFX10 set). Inputs v[2:5] and v[10:13], outputs v[6:9] (macros as in ops.s).
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

TEST pk_add_u16
  v_pk_add_u16 v6, v2, v3
  v_pk_add_u16 v7, v2, v3 clamp
  v_pk_add_u16 v8, v2, v3 op_sel:[1,0] op_sel_hi:[0,1]
  v_pk_add_u16 v9, v2, -1
END
TEST pk_add_i16
  v_pk_sub_i16 v6, v2, v3
  v_pk_sub_i16 v7, v2, v3 clamp
  v_pk_add_i16 v8, v2, v3 op_sel:[0,1] op_sel_hi:[1,0] clamp
  v_pk_add_i16 v9, v2, 5
END
TEST pk_mad
  v_pk_mad_u16 v6, v2, v3, v4
  v_pk_mad_i16 v7, v2, v3, v4 clamp
  v_pk_mul_lo_u16 v8, v2, v3 op_sel_hi:[0,0]
  v_pk_mad_u16 v9, v2, v3, v4 op_sel:[1,1,1] clamp
END
TEST pk_shift
  v_pk_lshlrev_b16 v6, v2, v3
  v_pk_lshrrev_b16 v7, v2, v3
  v_pk_ashrrev_i16 v8, v2, v3
  v_pk_ashrrev_i16 v9, v2, v3 op_sel:[1,0] op_sel_hi:[0,1]
END
TEST pk_minmax_int
  v_pk_max_i16 v6, v2, v3
  v_pk_min_i16 v7, v2, v3
  v_pk_max_u16 v8, v2, v3
  v_pk_min_u16 v9, v2, v3 op_sel:[1,1]
END
TEST pk_add_f16
  v_pk_add_f16 v6, v2, v3
  v_pk_add_f16 v7, v2, v3 neg_lo:[1,0] neg_hi:[0,1]
  v_pk_add_f16 v8, v2, v3 op_sel:[1,1] op_sel_hi:[0,0] clamp
  v_pk_add_f16 v9, v2, 1.0
END
TEST pk_mul_fma_f16
  v_pk_mul_f16 v6, v2, v3
  v_pk_fma_f16 v7, v2, v3, v4
  v_pk_fma_f16 v8, v2, v3, v4 op_sel:[0,1,0] neg_lo:[0,0,1] neg_hi:[1,0,0]
  s_mov_b32 s4, 0x3c00c000
  v_pk_mul_f16 v9, v2, s4 op_sel_hi:[1,0]
END
TEST pk_minmax_f16
  v_pk_min_f16 v6, v2, v3
  v_pk_max_f16 v7, v2, v3
  v_pk_min_f16 v8, v2, v3 op_sel:[1,0] op_sel_hi:[0,1]
  v_pk_max_f16 v9, v2, v3 neg_lo:[1,1] neg_hi:[1,1]
END

.ifdef GFX10
.macro MIX_F32 args:vararg
  v_fma_mix_f32 \args
.endm
.macro MIX_LO args:vararg
  v_fma_mixlo_f16 \args
.endm
.macro MIX_HI args:vararg
  v_fma_mixhi_f16 \args
.endm
.else
.macro MIX_F32 args:vararg
  v_mad_mix_f32 \args
.endm
.macro MIX_LO args:vararg
  v_mad_mixlo_f16 \args
.endm
.macro MIX_HI args:vararg
  v_mad_mixhi_f16 \args
.endm
.endif
// v6: all f32 sources; v7: f16 halves of v2 (high, |x|) and v3 (low, negated) with an f32 addend;
// v8, v9: f16 results into the low / high half of v5's value.
TEST pk_mix
  MIX_F32 v6, v2, v3, v4
  MIX_F32 v7, |v2|, -v3, v4 op_sel:[1,0,0] op_sel_hi:[1,1,0]
  v_mov_b32_e32 v8, v5
  v_mov_b32_e32 v9, v5
  MIX_LO v8, v2, v3, v4 op_sel_hi:[1,1,1]
  MIX_HI v9, v2, v3, v4 op_sel:[0,1,1] op_sel_hi:[1,1,1] clamp
END
.ifdef GFX10
TEST pk_fmac_f16
  v_mov_b32_e32 v6, v4
  v_pk_fmac_f16 v6, v2, v3
END
.endif
