// Work-item t of group g writes t + 1000 g to LDS[t], waits at the barrier, and stores LDS[(t + 64) % 256] (a
// value another wave wrote) to s[0:1][g * 256 + t]. RSRC2: USER_SGPR = 2, TGID_X_EN, LDS_SIZE = 2 (1 KiB).
// Assembles for gfx900 and gfx1030 alike.
.text
.p2align 8
lds:
  s_mov_b32 m0, -1
  s_mul_i32 s3, s2, 1000
  v_add_lshl_u32 v1, s3, v0, 0
  v_lshlrev_b32 v2, 2, v0
  ds_write_b32 v2, v1
  s_waitcnt lgkmcnt(0)
  s_barrier
  v_add_lshl_u32 v3, v0, 64, 0
  v_and_b32 v3, 0xff, v3
  v_lshlrev_b32 v3, 2, v3
  ds_read_b32 v4, v3
  s_lshl_b32 s4, s2, 8
  v_add_lshl_u32 v5, s4, v0, 2
  s_waitcnt lgkmcnt(0)
  global_store_dword v5, v4, s[0:1]
  s_endpgm
