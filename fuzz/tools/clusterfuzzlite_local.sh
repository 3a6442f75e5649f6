#!/bin/bash
# Runs .clusterfuzzlite/build.sh outside Docker, in an emulation of OSS-Fuzz's base-builder environment
# (libFuzzer + ASan flags, $SRC/$OUT/$WORK), then checks $OUT the way the infrastructure uses it: every target,
# its <target>_seed_corpus.zip and <target>.dict (where fuzz/dict has one), the libdrm copies in $OUT/lib that
# the targets' RUNPATH names, and one pass of each target over its unzipped seeds.
#   fuzz/tools/clusterfuzzlite_local.sh [scratch dir]      (default /tmp/sporkle-cflite; -j2 unless
#                                                           CMAKE_BUILD_PARALLEL_LEVEL says otherwise)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
scratch=${1:-/tmp/sporkle-cflite}
mkdir -p "$scratch/src" "$scratch/out" "$scratch/work"
ln -sfn "$root" "$scratch/src/sporkle"

export CC=clang-14 CXX=clang++-14
export CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION \
-fsanitize=address -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link"
export CXXFLAGS="$CFLAGS"
export LIB_FUZZING_ENGINE=-fsanitize=fuzzer
export SRC=$scratch/src OUT=$scratch/out WORK=$scratch/work
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2}
(cd "$SRC/sporkle" && bash -eu .clusterfuzzlite/build.sh)

fail=0
for target in fuzz_pm4 fuzz_sdma fuzz_ioctl fuzz_code_object fuzz_isa; do
  surface=${target#fuzz_}
  [ -x "$OUT/$target" ] || { echo "missing $OUT/$target"; fail=1; continue; }
  [ -s "$OUT/${target}_seed_corpus.zip" ] || { echo "missing ${target}_seed_corpus.zip"; fail=1; }
  if [ -f "$root/fuzz/dict/$surface.dict" ] && ! cmp -s "$root/fuzz/dict/$surface.dict" "$OUT/$target.dict"; then
    echo "missing or stale $target.dict"; fail=1
  fi
  readelf -d "$OUT/$target" | grep -q 'R.*PATH.*\$ORIGIN/lib' || { echo "$target: no \$ORIGIN/lib RUNPATH"; fail=1; }
  for lib in $(readelf -d "$OUT/$target" | sed -n 's/.*Shared library: \[\(libdrm[^]]*\)\].*/\1/p'); do
    [ -f "$OUT/lib/$lib" ] || { echo "$target: $lib not in $OUT/lib"; fail=1; }
  done
  seeds=$WORK/seeds-$surface
  rm -rf "$seeds" && mkdir -p "$seeds" && (cd "$seeds" && unzip -q "$OUT/${target}_seed_corpus.zip")
  dict=
  [ -f "$OUT/$target.dict" ] && dict=-dict=$OUT/$target.dict
  if ! (cd "$OUT" && "./$target" -runs=0 $dict "$seeds" > "$WORK/$target.log" 2>&1); then
    echo "$target failed on its seeds ($WORK/$target.log)"; fail=1
  fi
done
[ $fail = 0 ] && echo "ClusterFuzzLite layout in $OUT: OK"
exit $fail
