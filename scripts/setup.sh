#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks for building and testing sporkle.
set -euo pipefail
packages=(cmake ninja-build pkg-config g++ clang-14 llvm-14 lld-14 libclang-rt-14-dev
          libdrm-dev libdrm-tests libgtest-dev libgmock-dev googletest libbenchmark-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
