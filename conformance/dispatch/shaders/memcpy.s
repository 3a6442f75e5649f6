// Copies 1 KiB per workgroup of 64 from s[0:1] to s[2:3]: 16 bytes per work-item.
// RSRC2: USER_SGPR = 4, TGID_X_EN (s4). Assembles for gfx900 and gfx1030 alike.
.text
.globl memcpy
.p2align 8
memcpy:
  v_lshlrev_b32 v1, 4, v0
  v_lshl_or_b32 v1, s4, 10, v1
  global_load_dwordx4 v[2:5], v1, s[0:1]
  s_waitcnt vmcnt(0)
  global_store_dwordx4 v1, v[2:5], s[2:3]
  s_endpgm
