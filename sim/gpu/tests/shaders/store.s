// Stores s2 to the address in s[0:1] (user SGPRs 0-2); with an unmapped address the wave VM-faults.
.text
.p2align 8
store:
  v_mov_b32 v0, 0
  v_mov_b32 v1, s2
  global_store_dword v0, v1, s[0:1]
  s_endpgm
