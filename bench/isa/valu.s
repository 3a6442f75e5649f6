// VALU throughput: s0 iterations of 32 independent-ish f32 FMAs and integer adds on every lane.
// RSRC2: USER_SGPR = 1.
.text
.globl valu
.p2align 8
valu:
  v_cvt_f32_u32 v1, v0
  v_mov_b32 v2, 1.0
  v_mov_b32 v3, 0.5
  v_mov_b32 v4, v0
loop:
  .rept 8
  v_fma_f32 v1, v1, v3, v2
  v_add_u32 v4, v4, v0
  v_fma_f32 v2, v2, v3, v1
  v_xor_b32 v4, v4, v1
  .endr
  s_sub_u32 s0, s0, 1
  s_cmp_lg_u32 s0, 0
  s_cbranch_scc1 loop
  s_endpgm
