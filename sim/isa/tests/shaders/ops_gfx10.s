// gfx1030 wave32 test shaders (see gfx10_macros.inc); run with 64 work-items, i.e. two waves.
.text
.include "gfx10_macros.inc"

TEST t10_vop3_literal
  v_add_nc_u32_e64 v6, 0x12345678, v2
  v_fma_f32 v7, v2, 0x40490fdb, v3
  v_lshl_add_u32 v8, v2, 4, 0x1000
  v_med3_i32 v9, v2, -5, 0x1234
END

TEST t10_cmp_wave32
  s_mov_b32 vcc_hi, 0xdeadbeef
  v_cmp_gt_u32_e32 vcc_lo, v2, v3
  v_cndmask_b32_e64 v6, 0, 1, vcc_lo
  v_mov_b32_e32 v7, vcc_lo
  v_cmp_lt_i32_e64 s5, v2, v3
  v_mov_b32_e32 v8, s5
  v_mov_b32_e32 v9, vcc_hi
END

TEST t10_cmpx_exec_only
  s_mov_b32 vcc_lo, 0x55
  v_cmpx_gt_u32_e32 v2, v3
  v_mov_b32_e32 v6, 1
  v_cmpx_lt_u32_e64 v2, 100
  v_mov_b32_e32 v7, 2
  s_mov_b32 exec_lo, -1
  v_mov_b32_e32 v8, vcc_lo
END

TEST t10_saveexec_b32
  v_cmp_gt_u32_e32 vcc_lo, 8, v0
  s_and_saveexec_b32 s4, vcc_lo
  v_mov_b32_e32 v6, 7
  s_cselect_b32 s5, 1, 0
  s_or_b32 exec_lo, exec_lo, s4
  v_mov_b32_e32 v7, s4
  v_mov_b32_e32 v8, s5
  s_mov_b32 s6, 0
  s_and_saveexec_b32 s6, s6
  s_cselect_b32 s7, 1, 0
  s_mov_b32 exec_lo, s6
  v_mov_b32_e32 v9, s7
END

TEST t10_null
  s_mov_b32 s4, 5
  s_add_u32 s4, null, s4
  s_mov_b32 null, s0
  s_and_saveexec_b64 null, -1
  v_add_co_u32 v6, null, v2, v3
  v_mov_b32_e32 v7, s4
  v_cmp_eq_u32_e64 null, v2, v3
  v_mov_b32_e32 v8, exec_lo
END

TEST t10_add_co_ci
  v_add_co_u32 v6, vcc_lo, v2, v4
  v_add_co_ci_u32_e32 v7, vcc_lo, v3, v5, vcc_lo
  v_cndmask_b32_e64 v8, 0, 1, vcc_lo
  v_sub_co_u32 v9, s4, v2, v4
END

TEST t10_fmac
  v_mov_b32_e32 v6, v4
  v_fmac_f32_e32 v6, v2, v3
  v_fmamk_f32 v7, v2, 0x40400000, v3
  v_fmaak_f32 v8, v2, v3, 0x3f800000
  v_mul_legacy_f32_e32 v9, v2, v3
END

TEST t10_f16_keeps_high_half
  v_mov_b32_e32 v6, v4
  v_add_f16_e32 v6, v2, v3
  v_mov_b32_e32 v7, v4
  v_mul_lo_u16 v7, v2, v3
  v_mov_b32_e32 v8, v4
  v_cvt_f16_f32_e32 v8, v2
END

TEST t10_dot
  v_dot4_i32_i8 v6, v2, v3, v4
  v_dot2_u32_u16 v7, v2, v3, v4
  v_dot8_u32_u4 v8, v2, v3, v4
  v_mov_b32_e32 v9, v4
  v_dot4c_i32_i8_e32 v9, v2, v3
END

TEST t10_smem_offsets
  s_add_u32 s6, s0, 0x20
  s_addc_u32 s7, s1, 0
  s_load_dword s4, s[6:7], -0x1c
  s_mov_b32 s8, 8
  // s_load_dword s5, s[6:7], s8 with OFFSET -0x20 as well: the address adds both.
  .long 0xF4000143, 0x101FFFE0
  s_waitcnt lgkmcnt(0)
  v_mov_b32_e32 v6, s4
  v_mov_b32_e32 v7, s5
END

TEST t10_global_offset
  s_add_u32 s6, s0, 0x800
  s_addc_u32 s7, s1, 0
  global_load_dword v6, v1, s[6:7] offset:-2048
  global_load_dword v7, v1, s[0:1] offset:4 glc dlc
  s_waitcnt vmcnt(0)
END

TEST t10_hwreg_mode
  s_mov_b32 s4, 0x12345678
  s_setreg_b32 hwreg(HW_REG_FLAT_SCR_LO), s4
  s_setreg_imm32_b32 hwreg(HW_REG_FLAT_SCR_HI), 0x9abc
  s_getreg_b32 s5, hwreg(HW_REG_FLAT_SCR_LO)
  s_getreg_b32 s6, hwreg(HW_REG_FLAT_SCR_HI)
  s_round_mode 0x5
  s_denorm_mode 0x5
  s_getreg_b32 s7, hwreg(HW_REG_MODE, 0, 8)
  v_mov_b32_e32 v6, s5
  v_mov_b32_e32 v7, s6
  v_mov_b32_e32 v8, s7
  s_round_mode 0x0
END

// Scratch through FLAT_SCRATCH: the out buffer's second KiB holds one wave's swizzled dwords.
TEST t10_scratch
  s_add_u32 s4, s2, 0x800
  s_addc_u32 s5, s3, 0
  s_setreg_b32 hwreg(HW_REG_FLAT_SCR_LO), s4
  s_setreg_b32 hwreg(HW_REG_FLAT_SCR_HI), s5
  s_mov_b32 s6, 4
  scratch_store_dword off, v2, s6 offset:4
  scratch_load_dword v6, off, s6 offset:4
  v_mov_b32_e32 v9, 8
  scratch_store_dword v9, v3, off
  scratch_load_dword v7, v9, off
  s_waitcnt vmcnt(0)
END

// A buffer over out + 2 KiB with NUM_RECORDS 256 and OOB_SELECT raw: lanes past 256 bytes store nothing and load 0.
TEST t10_buffer_raw_oob
  s_add_u32 s8, s2, 0x800
  s_addc_u32 s9, s3, 0
  s_movk_i32 s10, 0x100
  s_mov_b32 s11, 0x31016fac
  buffer_store_dword v2, v1, s[8:11], 0 offen
  buffer_load_dword v6, v1, s[8:11], 0 offen glc dlc
  buffer_gl0_inv
  buffer_gl1_inv
  s_waitcnt vmcnt(0)
END

TEST t10_readlane_wraps
  v_readlane_b32 s4, v2, 33
  v_mov_b32_e32 v6, s4
  v_writelane_b32 v7, s4, 34
END

TEST t10_hints_are_nops
  s_clause 0x1
  s_inst_prefetch 0x1
  s_waitcnt_vscnt null, 0x0
  s_waitcnt_depctr 0xffe3
  s_nop 0
  v_mov_b32_e32 v6, 3
  s_branch skip
  s_code_end
skip:
  v_mov_b32_e32 v7, 4
END
