#!/usr/bin/env bash
# Installs what is missing, builds the default preset and runs the conformance suite on the simulator, both personalities.
# Extra arguments go to sporkle-conformance (e.g. --gtest_filter=ioctl/Gem*).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake --preset default
cmake --build --preset default --target sporkle-conformance
SPORKLE_BACKEND=sim SPORKLE_DEVICES=gfx900,gfx1030 \
  build/default/conformance/sporkle-conformance \
  --gtest_output=xml:build/default/conformance/conformance.xml "$@"
