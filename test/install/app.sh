#!/usr/bin/env bash
# Installs the build into a fresh prefix, then configures, builds and runs
# examples/app from a clean build tree through find_package(DeformMLIR).
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
"$work/app/dcn_block"
