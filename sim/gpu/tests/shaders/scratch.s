// Stores the scratch wave offset SGPR (s3) of work-item t of group g at s[0:1][g * 128 + t].
// RSRC2: SCRATCH_EN, USER_SGPR = 2, TGID_X_EN; 128 work-items per group.
.text
.p2align 8
scratch:
  s_lshl_b32 s4, s2, 7
  v_add_u32 v1, s4, v0
  v_lshlrev_b32 v1, 2, v1
  v_mov_b32 v2, s3
  global_store_dword v1, v2, s[0:1]
  s_endpgm
