#!/usr/bin/env bash
# Every test: unit, conformance and end-to-end tests on the default build, the unit and end-to-end tests again
# under ASan+UBSan, and the libFuzzer build with a short run of each fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
jobs=$(nproc)

step() { printf '\n==== %s ====\n' "$*"; }

step "default build"
cmake --preset default >/dev/null
cmake --build --preset default -j "$jobs"
step "default tests (unit, conformance, e2e)"
ctest --preset default -j "$jobs"

step "asan build"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs"
step "asan tests (unit, e2e)"
ctest --preset asan -j "$jobs"

step "fuzz build"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs"
if ctest --preset fuzz -N 2>/dev/null | grep -q 'Total Tests: [1-9]'; then
  step "fuzz smoke runs"
  ctest --preset fuzz
fi
