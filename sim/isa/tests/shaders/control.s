// Program control: endless loops, illegal instructions, faults, barriers and divergence.
// User SGPRs: s[0:1] = a buffer, s2 = workgroup id (when used).
.text
.globl spin
.p2align 8
spin:
  s_branch spin

// A counted loop: out[lane] = sum of 1..s3 (from the buffer's dword 0), with the loop in scalar registers.
.globl counted_loop
.p2align 8
counted_loop:
  s_load_dword s3, s[0:1], 0x0
  v_mov_b32_e32 v1, 0
  s_mov_b32 s4, 0
  s_waitcnt lgkmcnt(0)
loop:
  s_add_u32 s4, s4, 1
  v_add_u32_e32 v1, s4, v1
  s_cmp_lt_u32 s4, s3
  s_cbranch_scc1 loop
  v_lshlrev_b32_e32 v2, 2, v0
  global_store_dword v2, v1, s[0:1] offset:4
  s_endpgm

// SOP1 opcode 0xff is not an instruction.
.globl illegal
.p2align 8
illegal:
  s_mov_b32 s5, 1
  .long 0xbe80ff80
  s_endpgm

// Reads an unmapped address.
.globl fault_read
.p2align 8
fault_read:
  v_mov_b32_e32 v1, 0
  v_mov_b32_e32 v2, 0x10
  global_load_dword v3, v[1:2], off
  s_waitcnt vmcnt(0)
  s_endpgm

// Uses v40 while the dispatch allocates fewer VGPRs.
.globl vgpr_out_of_range
.p2align 8
vgpr_out_of_range:
  v_mov_b32_e32 v40, 0
  s_endpgm

// s_trap without a trap handler.
.globl trap
.p2align 8
trap:
  s_trap 2
  s_endpgm

// Each wave writes its lanes' ids to LDS, waits at the barrier, then reads the value of the mirrored work-item
// (size - 1 - id): data produced by other waves. s3 = group size, out[id] = mirrored id * 2.
.globl lds_mirror
.p2align 8
lds_mirror:
  s_load_dword s3, s[0:1], 0x0
  v_lshlrev_b32_e32 v1, 2, v0
  v_lshlrev_b32_e32 v2, 1, v0
  ds_write_b32 v1, v2
  s_waitcnt lgkmcnt(0)
  s_barrier
  v_sub_u32_e32 v3, s3, v0
  v_subrev_u32_e32 v3, 1, v3
  v_lshlrev_b32_e32 v3, 2, v3
  ds_read_b32 v4, v3
  s_waitcnt lgkmcnt(0)
  global_store_dword v1, v4, s[0:1] offset:16
  s_endpgm

// Divergent if/else with exec masking: odd lanes get lane * 3, even lanes lane + 100; lanes past a partial
// wave stay untouched.
.globl divergent
.p2align 8
divergent:
  v_and_b32_e32 v1, 1, v0
  v_cmp_eq_u32_e32 vcc, 1, v1
  s_and_saveexec_b64 s[4:5], vcc
  s_cbranch_execz else_part
  v_mul_u32_u24_e32 v2, 3, v0
else_part:
  s_xor_b64 exec, exec, s[4:5]
  s_cbranch_execz done
  v_add_u32_e32 v2, 0x64, v0
done:
  s_or_b64 exec, exec, s[4:5]
  v_lshlrev_b32_e32 v1, 2, v0
  global_store_dword v1, v2, s[0:1]
  s_endpgm

// Calls a subroutine with s_getpc/s_swappc and returns with s_setpc: out[lane] = lane + 7.
.globl call_return
.p2align 8
call_return:
  s_getpc_b64 s[4:5]
  s_add_u32 s4, s4, callee - call_return - 4
  s_addc_u32 s5, s5, 0
  s_swappc_b64 s[30:31], s[4:5]
  v_lshlrev_b32_e32 v1, 2, v0
  global_store_dword v1, v2, s[0:1]
  s_endpgm
callee:
  v_add_u32_e32 v2, 7, v0
  s_setpc_b64 s[30:31]

// Dumps the initial wave state of a 4x4x8 group with every system SGPR enabled: per work-item
// {v0, v1, v2, tgid.x, tgid.y, tgid.z, workgroup info, scratch wave offset} at s[0:1] + 32 * flat id.
.globl initial_state
.p2align 8
initial_state:
  v_mov_b32_e32 v3, s2
  v_mov_b32_e32 v4, s3
  v_mov_b32_e32 v5, s4
  v_mov_b32_e32 v6, s5
  v_mov_b32_e32 v7, s6
  v_lshlrev_b32_e32 v8, 2, v1
  v_lshlrev_b32_e32 v9, 4, v2
  v_add3_u32 v8, v0, v8, v9
  v_lshlrev_b32_e32 v8, 5, v8
  global_store_dwordx4 v8, v[0:3], s[0:1]
  global_store_dwordx4 v8, v[4:7], s[0:1] offset:16
  s_endpgm
