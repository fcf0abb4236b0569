#!/usr/bin/env bash
# tools/setup.sh — installs the Debian packages gml's build and tests need, if missing.
# Idempotent and quiet when everything is there. Needs root or sudo to install.
set -euo pipefail

# Cross compilers and qemu for the embedded builds (tools/embedded-build.sh)
# and the microkernel checks (tools/microkernel-check.sh: 32-bit Arm for
# the Cortex-M DSP kernels); Graphviz, whose `dot` checks `gml inspect
# --dot` in the tests.
packages=(
  flatbuffers-compiler libflatbuffers-dev zlib1g-dev g++
  gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user gcc-arm-none-eabi qemu-system-arm
  gcc-arm-linux-gnueabihf libc6-dev-armhf-cross
  graphviz
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
