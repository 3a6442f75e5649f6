#!/bin/sh
# Writes fuzz_isa's seed corpus (fuzz/corpus/isa): short real instruction streams assembled with llvm-mc-14, each
# prefixed with fuzz_isa's config byte (0: gfx900; 0x29: gfx1030 wave32, 64 work-items, 512 bytes of LDS; 0x2a:
# gfx1030 wave64, 64 work-items, 512 bytes of LDS). s[0:1] is the data buffer, s[2:3] the read-only page, s[4:7] a
# V# over the data buffer.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/fuzz/corpus/isa
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

# seed <name> <config byte, octal> <mcpu> [mattr]: assembles stdin.
seed() {
  cat > "$tmp/$1.s"
  llvm-mc-14 -arch=amdgcn -mcpu=$3 ${4:-} -filetype=obj "$tmp/$1.s" -o "$tmp/$1.o"
  llvm-objcopy-14 -O binary --only-section=.text "$tmp/$1.o" "$tmp/$1.bin"
  { printf "\\$2"; cat "$tmp/$1.bin"; } > "$out/$1"
}

# Store each work-item's id to the data buffer, load it back, add, store again.
seed global_store-gfx900 000 gfx900 <<'S'
  v_lshlrev_b32 v1, 2, v0
  global_store_dword v1, v0, s[0:1]
  s_waitcnt vmcnt(0)
  global_load_dword v2, v1, s[0:1]
  s_waitcnt vmcnt(0)
  v_add_u32 v2, v2, v0
  global_store_dword v1, v2, s[0:1] offset:256
  s_endpgm
S
# Scalar loads from the read-only page and a buffer store through the V#; a loop on SCC.
seed smem_buffer_loop-gfx900 000 gfx900 <<'S'
  s_load_dwordx2 s[8:9], s[2:3], 0x0
  s_waitcnt lgkmcnt(0)
  s_mov_b32 s10, 5
loop:
  s_sub_u32 s10, s10, 1
  s_cmp_lg_u32 s10, 0
  s_cbranch_scc1 loop
  v_mov_b32 v1, s8
  v_lshlrev_b32 v2, 2, v0
  buffer_store_dword v1, v2, s[4:7], 0 offen
  s_endpgm
S
# LDS through DS instructions and a barrier between the waves, then a store past the data buffer (a VM fault).
seed lds_barrier_fault-gfx1030w32 051 gfx1030 <<'S'
  v_lshlrev_b32 v1, 2, v0
  ds_write_b32 v1, v0
  s_waitcnt lgkmcnt(0)
  s_barrier
  ds_read_b32 v2, v1 offset:4
  s_waitcnt lgkmcnt(0)
  v_mov_b32 v3, 0x4000
  global_store_dword v3, v2, s[0:1]
  s_endpgm
S
# VALU compare into VCC, EXEC masking, float math with a literal, store to the read-only page (a VM fault).
seed valu_exec-gfx1030w64 052 gfx1030 -mattr=+wavefrontsize64 <<'S'
  v_cmp_gt_u32 vcc, 16, v0
  s_and_saveexec_b64 s[10:11], vcc
  v_cvt_f32_u32 v1, v0
  v_fma_f32 v1, v1, 0.5, 1.0
  v_mul_f32 v1, 0x40490fdb, v1
  s_or_b64 exec, exec, s[10:11]
  v_lshlrev_b32 v2, 2, v0
  global_store_dword v2, v1, s[0:1]
  global_store_dword v2, v1, s[2:3]
  s_endpgm
S
