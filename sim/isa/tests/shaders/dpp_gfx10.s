// gfx1030 DPP16, DPP8 and v_permlane(x)16, assembled twice: wave32 and (with W64 defined) wave64. Macros as in
// dpp.s: lanes with v4 != 0 are active during the operation; v6 and v7 start as v3.
.text
.macro SAVE_EXEC
.ifdef W64
  v_cmp_ne_u32_e32 vcc, 0, v4
  s_and_saveexec_b64 s[8:9], vcc
.else
  v_cmp_ne_u32_e32 vcc_lo, 0, v4
  s_and_saveexec_b32 s8, vcc_lo
.endif
.endm
.macro RESTORE_EXEC
.ifdef W64
  s_mov_b64 exec, s[8:9]
.else
  s_mov_b32 exec_lo, s8
.endif
.endm
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
  v_mov_b32_e32 v8, v3
  v_mov_b32_e32 v9, v3
  SAVE_EXEC
.endm
.macro END
  RESTORE_EXEC
  v_lshlrev_b32_e32 v1, 4, v0
  global_store_dwordx4 v1, v[6:9], s[2:3]
  s_endpgm
.endm
// v6: plain, v7: bound_ctrl, v8: fi, v9: both.
.macro MOV name, ctrl:vararg
TEST \name
  v_mov_b32_dpp v6, v2 \ctrl
  v_mov_b32_dpp v7, v2 \ctrl bound_ctrl:0
  v_mov_b32_dpp v8, v2 \ctrl fi:1
  v_mov_b32_dpp v9, v2 \ctrl bound_ctrl:0 fi:1
END
.endm

MOV d10_quad_perm, quad_perm:[2,3,0,0] row_mask:0xf bank_mask:0xf
MOV d10_row_shr4, row_shr:4 row_mask:0xf bank_mask:0xf
MOV d10_row_shl7, row_shl:7 row_mask:0xf bank_mask:0xf
MOV d10_row_ror9, row_ror:9 row_mask:0xf bank_mask:0xf
MOV d10_row_mirror, row_mirror row_mask:0xf bank_mask:0xf
MOV d10_row_share5, row_share:5 row_mask:0xf bank_mask:0xf
MOV d10_row_xmask9, row_xmask:9 row_mask:0xf bank_mask:0xf
MOV d10_masks, row_share:0 row_mask:0x2 bank_mask:0xa

// DPP8: v6 plain, v7 fi:1; v8 an f32 add with DPP8.
TEST d10_dpp8
  v_mov_b32_dpp v6, v2 dpp8:[7,6,5,4,3,2,1,0]
  v_mov_b32_dpp v7, v2 dpp8:[1,1,0,7,2,6,5,3] fi:1
  v_add_f32_dpp v8, v5, v10 dpp8:[3,3,3,3,0,0,0,0]
END

// Selects in s[4:5] from the second input dword of lane 0 and 1 (readfirstlane of v12/v13).
.macro PERMLANE name, op, opsel:vararg
TEST \name
  RESTORE_EXEC
  v_readlane_b32 s4, v12, 0
  v_readlane_b32 s5, v13, 0
  SAVE_EXEC
  \op v6, v2, s4, s5 \opsel
  s_mov_b32 s6, 0x76543210
  \op v7, v2, s6, 7 \opsel
END
.endm
PERMLANE d10_permlane16, v_permlane16_b32, op_sel:[0,0]
PERMLANE d10_permlane16_fi, v_permlane16_b32, op_sel:[1,0]
PERMLANE d10_permlane16_bc, v_permlane16_b32, op_sel:[0,1]
PERMLANE d10_permlanex16, v_permlanex16_b32, op_sel:[0,0]
PERMLANE d10_permlanex16_fi_bc, v_permlanex16_b32, op_sel:[1,1]

// 16-bit DPP results keep the high half on gfx10; the row scan of a compiled reduction.
TEST d10_vop2
  v_add_f16_dpp v6, -v2, v5 row_xmask:1 row_mask:0xf bank_mask:0xf bound_ctrl:0
  v_add_nc_u32_dpp v7, v2, v2 row_shr:1 row_mask:0xf bank_mask:0xf bound_ctrl:0
  v_fmac_f32_dpp v8, v10, v11 row_share:15 row_mask:0xf bank_mask:0xf
END
