// out[i] = value + i for i = workgroup_id * 64 + workitem_id, written by hand: only the kernarg pointer
// (s[0:1]) and the workgroup id (s2) as user/system SGPRs, no dispatch packet.
  .amdgcn_target "amdgcn-amd-amdhsa--gfx900"
  .text
  .globl fill
  .p2align 8
  .type fill,@function
fill:
  s_load_dwordx2 s[4:5], s[0:1], 0x0
  s_load_dword s6, s[0:1], 0x8
  v_lshl_add_u32 v0, s2, 6, v0
  v_lshlrev_b32 v2, 2, v0
  s_waitcnt lgkmcnt(0)
  v_add_u32 v1, s6, v0
  global_store_dword v2, v1, s[4:5]
  s_endpgm
.Lfill_end:
  .size fill, .Lfill_end - fill

  .rodata
  .p2align 6
  .amdhsa_kernel fill
    .amdhsa_user_sgpr_kernarg_segment_ptr 1
    .amdhsa_system_sgpr_workgroup_id_x 1
    .amdhsa_kernarg_size 12
    .amdhsa_next_free_vgpr 3
    .amdhsa_next_free_sgpr 8
  .end_amdhsa_kernel

  .amdgpu_metadata
---
amdhsa.version: [ 1, 1 ]
amdhsa.target: amdgcn-amd-amdhsa--gfx900
amdhsa.kernels:
  - .name: fill
    .symbol: fill.kd
    .kernarg_segment_size: 12
    .kernarg_segment_align: 8
    .group_segment_fixed_size: 0
    .private_segment_fixed_size: 0
    .wavefront_size: 64
    .sgpr_count: 8
    .vgpr_count: 3
    .max_flat_workgroup_size: 64
    .args:
      - { .name: out, .offset: 0, .size: 8, .value_kind: global_buffer, .address_space: global }
      - { .name: value, .offset: 8, .size: 4, .value_kind: by_value }
...
  .end_amdgpu_metadata
