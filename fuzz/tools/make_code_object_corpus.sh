#!/bin/sh
# Writes fuzz_code_object's seed corpus (fuzz/corpus/code_object): small real code objects built from
# driver/tests/kernels with clang-14 / llvm-mc-14 and ld.lld-14, one per kernel kind and target. Rerun after
# changing those kernels.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
src=$root/driver/tests/kernels
out=$root/fuzz/corpus/code_object
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
for gpu in gfx900 gfx1030; do
  for name in vadd block_sum private_array; do
    clang-14 -x cl -cl-std=CL2.0 -target amdgcn-amd-amdhsa -mcpu=$gpu -nogpulib -O2 -c "$src/$name.cl" -o "$tmp/$name.o"
    ld.lld-14 -shared --strip-all "$tmp/$name.o" -o "$out/$name-$gpu.co"
  done
done
llvm-mc-14 -triple=amdgcn-amd-amdhsa -mcpu=gfx900 -filetype=obj "$src/fill.s" -o "$tmp/fill.o"
ld.lld-14 -shared --strip-all "$tmp/fill.o" -o "$out/fill-gfx900.co"
