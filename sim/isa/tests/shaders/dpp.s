// gfx900 DPP forms, one wave64 per test (macros as in ops.s). Lanes with v4 != 0 are active while the DPP
// instruction runs; v6 starts as v3 so lanes left unwritten show their old value.
.text
.macro TEST name
.globl \name
.p2align 8
\name:
  v_lshlrev_b32_e32 v1, 5, v0
  global_load_dwordx4 v[2:5], v1, s[0:1]
  global_load_dwordx4 v[10:13], v1, s[0:1] offset:16
  s_waitcnt vmcnt(0)
  v_mov_b32_e32 v6, v3
  v_mov_b32_e32 v7, v3
  v_mov_b32_e32 v8, 0
  v_mov_b32_e32 v9, 0
  v_cmp_ne_u32_e32 vcc, 0, v4
  s_and_saveexec_b64 s[8:9], vcc
  s_nop 1
.endm
.macro END
  s_mov_b64 exec, s[8:9]
  v_lshlrev_b32_e32 v1, 4, v0
  global_store_dwordx4 v1, v[6:9], s[2:3]
  s_endpgm
.endm
// v6: bound_ctrl off, v7: bound_ctrl on.
.macro MOV name, ctrl:vararg
TEST \name
  v_mov_b32_dpp v6, v2 \ctrl
  v_mov_b32_dpp v7, v2 \ctrl bound_ctrl:0
END
.endm

MOV d9_quad_perm, quad_perm:[3,0,2,1] row_mask:0xf bank_mask:0xf
MOV d9_row_shl1, row_shl:1 row_mask:0xf bank_mask:0xf
MOV d9_row_shl15, row_shl:15 row_mask:0xf bank_mask:0xf
MOV d9_row_shr3, row_shr:3 row_mask:0xf bank_mask:0xf
MOV d9_row_ror5, row_ror:5 row_mask:0xf bank_mask:0xf
MOV d9_wave_shl1, wave_shl:1 row_mask:0xf bank_mask:0xf
MOV d9_wave_rol1, wave_rol:1 row_mask:0xf bank_mask:0xf
MOV d9_wave_shr1, wave_shr:1 row_mask:0xf bank_mask:0xf
MOV d9_wave_ror1, wave_ror:1 row_mask:0xf bank_mask:0xf
MOV d9_row_mirror, row_mirror row_mask:0xf bank_mask:0xf
MOV d9_row_half_mirror, row_half_mirror row_mask:0xf bank_mask:0xf
MOV d9_row_bcast15, row_bcast:15 row_mask:0xa bank_mask:0xf
MOV d9_row_bcast31, row_bcast:31 row_mask:0xc bank_mask:0xf
MOV d9_masks, row_shr:1 row_mask:0x9 bank_mask:0x5

// VOP2 forms: v8 = the carry-out of v_add_co_u32_dpp (VCC) broadcast through readlane of lanes 0 and 63.
TEST d9_vop2
  v_add_f32_dpp v6, -v2, |v5| row_shr:1 row_mask:0xf bank_mask:0xf bound_ctrl:0
  v_add_co_u32_dpp v7, vcc, v2, v5 row_shl:2 row_mask:0xf bank_mask:0xf
  s_mov_b64 exec, s[8:9]
  v_mov_b32_e32 v8, vcc_lo
  v_mov_b32_e32 v9, vcc_hi
END
TEST d9_vop2_16
  v_mov_b32_e32 v8, v10
  v_sub_f16_dpp v6, v2, v5 quad_perm:[1,1,2,2] row_mask:0xf bank_mask:0xf
  v_mac_f32_dpp v8, v11, v12 row_ror:15 row_mask:0xf bank_mask:0xf
  v_cndmask_b32_dpp v7, v2, v5, vcc row_mirror row_mask:0xf bank_mask:0xf
END
// The operation reads the moved src0 and the unmoved src1 of the same register.
TEST d9_scan
  v_add_u32_dpp v6, v2, v2 row_shr:1 row_mask:0xf bank_mask:0xf bound_ctrl:0
  s_nop 1
  v_add_u32_dpp v6, v6, v6 row_shr:2 row_mask:0xf bank_mask:0xf bound_ctrl:0
  s_nop 1
  v_add_u32_dpp v6, v6, v6 row_shr:4 row_mask:0xf bank_mask:0xf bound_ctrl:0
  s_nop 1
  v_add_u32_dpp v6, v6, v6 row_shr:8 row_mask:0xf bank_mask:0xf bound_ctrl:0
  s_nop 1
  v_add_u32_dpp v6, v6, v6 row_bcast:15 row_mask:0xa bank_mask:0xf
  s_nop 1
  v_add_u32_dpp v6, v6, v6 row_bcast:31 row_mask:0xc bank_mask:0xf
END
