#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build: the fuzz targets with the infrastructure's compiler, sanitizer and engine
# flags ($CC, $CXX, $CFLAGS, $CXXFLAGS, $LIB_FUZZING_ENGINE), installed in $OUT with their seed corpora and
# dictionaries as <target>_seed_corpus.zip and <target>.dict. The runner image has no libdrm: the targets find
# the build image's copies in $OUT/lib through their RUNPATH.
build=$WORK/sporkle-build
cmake -S "$SRC/sporkle" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
  -DCMAKE_BUILD_RPATH='$ORIGIN/lib' \
  -DSPORKLE_FUZZ=ON -DSPORKLE_BENCH=OFF -DBUILD_TESTING=OFF \
  -DSPORKLE_FUZZING_ENGINE="$LIB_FUZZING_ENGINE"
targets="fuzz_pm4 fuzz_sdma fuzz_ioctl fuzz_code_object fuzz_isa"
cmake --build "$build" --target $targets

mkdir -p "$OUT/lib"
for target in $targets; do
  surface=${target#fuzz_}
  cp "$build/fuzz/$target" "$OUT/"
  for lib in $(ldd "$build/fuzz/$target" | awk '/libdrm/ { print $3 }'); do
    cp -L "$lib" "$OUT/lib/"
  done
  rm -f "$OUT/${target}_seed_corpus.zip"
  (cd "$SRC/sporkle/fuzz/corpus/$surface" && zip -q -r "$OUT/${target}_seed_corpus.zip" .)
  if [ -f "$SRC/sporkle/fuzz/dict/$surface.dict" ]; then
    cp "$SRC/sporkle/fuzz/dict/$surface.dict" "$OUT/$target.dict"
  fi
done
