#!/usr/bin/env bash
# Installs every dependency of deform-mlir on a fresh Debian 12 (or newer)
# machine and builds the project into build/. Safe to run again: apt-get skips
# what is installed and ninja rebuilds only what changed.
#
#   scripts/setup.sh            # release build in build/
#   BUILD_DIR=build-asan DEFORM_ASAN=ON DEFORM_TARGETS="a b" scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
DEFORM_ASAN=${DEFORM_ASAN:-OFF}
LLVM_VERSION=22
PACKAGES=(
  cmake ninja-build python3 python3-numpy libgtest-dev
  clang-$LLVM_VERSION lld-$LLVM_VERSION llvm-$LLVM_VERSION-dev
  llvm-$LLVM_VERSION-tools libmlir-$LLVM_VERSION-dev mlir-$LLVM_VERSION-tools
  libclang-rt-$LLVM_VERSION-dev
)

SUDO=
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to apt-get install" >&2; exit 1; }
  SUDO=sudo
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  # Read the whole policy first: `cmd | grep -q` under pipefail fails with
  # SIGPIPE (141) when grep exits at its first match.
  policy=$(apt-cache policy "libmlir-$LLVM_VERSION-dev")
  if ! grep -q 'Candidate: [0-9]' <<<"$policy"; then
    cat >&2 <<MSG
setup: no libmlir-$LLVM_VERSION-dev in this machine's apt sources.
  Debian 12 carries LLVM/MLIR $LLVM_VERSION in bookworm-security; on other Debian or
  Ubuntu releases add LLVM's own apt repository (apt.llvm.org, llvm-toolchain-$LLVM_VERSION)
  and run this script again.
MSG
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

LLVM_PREFIX=/usr/lib/llvm-$LLVM_VERSION
cmake -G Ninja -S . -B "$BUILD_DIR" \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER="$LLVM_PREFIX/bin/clang" \
  -DCMAKE_CXX_COMPILER="$LLVM_PREFIX/bin/clang++" \
  -DLLVM_ENABLE_LLD=ON \
  -DMLIR_DIR="$LLVM_PREFIX/lib/cmake/mlir" \
  -DDEFORM_ENABLE_ASAN="$DEFORM_ASAN" \
  -DDEFORM_ENABLE_FUZZERS="${DEFORM_FUZZ:-OFF}" >/dev/null
# Two parallel jobs keep the link of the MLIR tools within a small machine's memory.
# DEFORM_TARGETS limits the build (the ASan tree builds only the tests).
ninja -C "$BUILD_DIR" -j "${DEFORM_JOBS:-$(nproc)}" ${DEFORM_TARGETS:-}
echo "setup: built into $BUILD_DIR/"
