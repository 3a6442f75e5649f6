// gfx1030 wave64 test shaders (see gfx10_macros.inc); run with 64 work-items, one wave.
.text
.include "gfx10_macros.inc"

TEST t10w64_cmp
  v_cmp_gt_u32_e32 vcc, v2, v3
  v_mov_b32_e32 v6, vcc_lo
  v_mov_b32_e32 v7, vcc_hi
  v_cmp_lt_u32_e64 s[4:5], v2, v3
  v_mov_b32_e32 v8, s5
  v_readlane_b32 s6, v2, 40
  v_mov_b32_e32 v9, s6
END

TEST t10w64_saveexec_cmpx
  s_mov_b64 vcc, 0x55
  v_cmp_gt_u32_e32 vcc, 40, v0
  s_and_saveexec_b64 s[4:5], vcc
  v_cmpx_lt_u32_e32 3, v0
  v_mov_b32_e32 v6, 1
  s_mov_b64 exec, s[4:5]
  v_mov_b32_e32 v7, vcc_lo
  v_mov_b32_e32 v8, vcc_hi
  v_add_co_u32 v9, s[6:7], v2, v3
  v_cndmask_b32_e64 v9, 0, 1, s[6:7]
END
