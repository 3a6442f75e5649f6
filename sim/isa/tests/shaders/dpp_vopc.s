// VOPC with a DPP dword, which llvm-mc 14 neither assembles nor disassembles (so this object stays out of the
// decoder differential test): hand-encoded v_cmp_gt_u32_dpp vcc, v2, v3 row_shr:1 (bound_ctrl off), then VCC to
// v6/v7. Lanes with v4 != 0 are active during the compare.
.text
.globl d9_vopc
.p2align 8
d9_vopc:
  v_lshlrev_b32_e32 v1, 5, v0
  global_load_dwordx4 v[2:5], v1, s[0:1]
  s_waitcnt vmcnt(0)
  v_cmp_ne_u32_e32 vcc, 0, v4
  s_and_saveexec_b64 s[8:9], vcc
  s_mov_b64 vcc, -1
  .long 0x7D9806FA, 0xFF011102
  s_mov_b64 exec, s[8:9]
  v_mov_b32_e32 v6, vcc_lo
  v_mov_b32_e32 v7, vcc_hi
  v_mov_b32_e32 v8, 0
  v_mov_b32_e32 v9, 0
  v_lshlrev_b32_e32 v1, 4, v0
  global_store_dwordx4 v1, v[6:9], s[2:3]
  s_endpgm
