#!/usr/bin/env bash
# Sets up (scripts/setup.sh), then runs every test through ctest:
#  1. the release build: lit/FileCheck tests of the dialect, passes and tools,
#     unit tests of the float64 reference, the .npy reader and the runtime,
#     the randomized sweep of compiled code against the reference, the
#     generated docs' freshness, and the installed-package example app;
#  2. an AddressSanitizer+UBSan build of the unit tests and of the sweep
#     (whose adversarial cases feed NaN/Inf/huge offsets and rois with every
#     input placed against guard pages).
# Exits non-zero if anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
(cd "${BUILD_DIR:-build}" && ctest --output-on-failure)

asan_tests="deform-sweep-tests deform-reference-tests deform-npy-tests"
[ -f test/runtime/RuntimeTest.cpp ] && asan_tests="$asan_tests deform-runtime-tests"
BUILD_DIR=build-asan DEFORM_ASAN=ON DEFORM_TARGETS="$asan_tests" scripts/setup.sh
(cd build-asan && ctest --output-on-failure -R '^(sweep|reference-unit|npy-unit|runtime-unit)$')
