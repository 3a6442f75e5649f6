// Every work-item appends a record of what it was launched with: a global atomic on the counter at s[0:1]
// picks its slot, then 8 dwords at s[0:1] + 64 + slot * 32: workitem id x, y, z (v0-v2), workgroup id x, y, z
// (s4-s6), user SGPR s3 and the workgroup-info SGPR s7.
// RSRC2: USER_SGPR = 4, TGID_X/Y/Z_EN, TG_SIZE_EN, TIDIG_COMP_CNT = 2.
.text
.p2align 8
ids:
  v_mov_b32 v10, 1
  v_mov_b32 v11, 0
  global_atomic_add v12, v11, v10, s[0:1] glc
  s_waitcnt vmcnt(0)
  v_lshlrev_b32 v12, 5, v12
  v_mov_b32 v3, s4
  v_mov_b32 v4, s5
  v_mov_b32 v5, s6
  v_mov_b32 v6, s3
  v_mov_b32 v7, s7
  global_store_dwordx4 v12, v[0:3], s[0:1] offset:64
  global_store_dwordx4 v12, v[4:7], s[0:1] offset:80
  s_endpgm
