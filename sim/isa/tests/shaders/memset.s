// The libdrm/IGT compute shaders for gfx9 as llvm-objdump shows them (pm4-isa.md 4.6): a buffer clear and a buffer
// copy through buffer_*_format_xyzw with idxen. User SGPRs: s[0:3] destination (clear) or source (copy) V#,
// s[4:7] the fill value (clear) or destination V# (copy); s8 = workgroup id x; 64 work-items per group.
.text
.globl bufferclear
.p2align 8
bufferclear:
  v_and_b32_e32 v0, 0x3ff, v0
  v_lshl_add_u32 v0, s8, 6, v0
  v_mov_b32_e32 v1, 0
  v_mov_b32_e32 v2, s4
  v_mov_b32_e32 v3, s5
  v_mov_b32_e32 v4, s6
  v_mov_b32_e32 v5, s7
  buffer_store_format_xyzw v[2:5], v0, s[0:3], 0 idxen
  s_waitcnt 0
  s_endpgm

.globl buffercopy
.p2align 8
buffercopy:
  v_and_b32_e32 v0, 0x3ff, v0
  v_lshl_add_u32 v0, s8, 6, v0
  v_mov_b32_e32 v1, 0
  buffer_load_format_xyzw v[2:5], v0, s[0:3], 0 idxen
  s_waitcnt vmcnt(0)
  buffer_store_format_xyzw v[2:5], v0, s[4:7], 0 idxen
  s_endpgm

// Dword memcpy with global loads/stores and a 24-bit multiply-add for the index, as hand-written tests do:
// s[0:1] source, s[2:3] destination, s4 = workgroup id.
.globl memcpy_global
.p2align 8
memcpy_global:
  v_mad_u32_u24 v1, s4, 64, v0
  v_lshlrev_b32_e32 v1, 2, v1
  global_load_dword v2, v1, s[0:1]
  s_waitcnt vmcnt(0)
  global_store_dword v1, v2, s[2:3]
  s_endpgm
