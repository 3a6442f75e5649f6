// Fills 1 KiB per workgroup of 64: work-item t of group g stores s2 four times at s[0:1] + g * 1024 + t * 16.
// RSRC2: USER_SGPR = 4, TGID_X_EN (s4). Assembles for gfx900 and gfx1030 alike.
.text
.globl memset
.p2align 8
memset:
  v_lshlrev_b32 v1, 4, v0
  v_lshl_or_b32 v1, s4, 10, v1
  v_mov_b32 v2, s2
  v_mov_b32 v3, s2
  v_mov_b32 v4, s2
  v_mov_b32 v5, s2
  global_store_dwordx4 v1, v[2:5], s[0:1]
  s_endpgm
