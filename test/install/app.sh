#!/usr/bin/env bash
# Installs the build into a fresh prefix, then configures, builds and runs
# examples/app (C++) and examples/app_c (a project that enables only C) from
# clean build trees through find_package(DeformMLIR).
# Usage: app.sh BUILD_DIR SOURCE_DIR CXX_COMPILER C_COMPILER
set -euo pipefail
build=$1 src=$2 cxx=$3 cc=$4
work="$build/test/install-app"
rm -rf "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$src/examples/app" -B "$work/app" -G Ninja \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_C_COMPILER="$cc" >/dev/null
cmake --build "$work/app"
ls -l "$work/app/deform_kernels/dcn_block/"
# Compiled kernels need the deform runtime only: no OpenMP, no LLVM.
if ldd "$work/app/dcn_block" | grep -Ei 'omp|LLVM|MLIR'; then
  echo "app.sh: dcn_block links OpenMP or LLVM" >&2
  exit 1
fi
"$work/app/dcn_block"

cmake -S "$src/examples/app_c" -B "$work/app_c" -G Ninja \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_C_COMPILER="$cc" >/dev/null
cmake --build "$work/app_c"
"$work/app_c/dcn_c"
