#!/usr/bin/env bash
# Sets up (scripts/setup.sh), then runs every test through ctest:
#  1. the release build: lit/FileCheck tests of the dialect, passes and tools,
#     unit tests of the float64 reference, the .npy reader and the runtime,
#     the randomized sweep of compiled code against the reference, the
#     generated docs' freshness, and the installed-package example app;
#  2. an AddressSanitizer+UBSan build of everything (the tools themselves,
#     not only the libraries) running the same tests: the lit tests of every
#     tool, the unit tests and the sweep (whose adversarial cases feed
#     NaN/Inf/huge offsets and rois with every input placed against guard
#     pages); LeakSanitizer checks every tool's exit;
#  3. a short run of each libFuzzer harness (test/fuzz/: modules through every
#     pipeline, .npy files, runtime call sequences, compiled kernels against
#     the reference), DEFORM_FUZZ_SECONDS (default 45) each, from the
#     committed seed corpora with a fixed libFuzzer seed, so that a run is
#     reproducible (scripts/fuzz.sh; DEFORM_FUZZ_SECONDS=0 skips it; longer,
#     randomly seeded runs: scripts/fuzz.sh SECONDS).
# Exits non-zero if anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
(cd "${BUILD_DIR:-build}" && ctest --output-on-failure)

# The generated docs are the release tree's; the installed example app is
# built by a plain compiler against the (instrumented) package.
BUILD_DIR=build-asan DEFORM_ASAN=ON DEFORM_TARGETS= scripts/setup.sh
(cd build-asan && ctest --output-on-failure -E '^(docs-.*|install-example-app)$')

if [ "${DEFORM_FUZZ_SECONDS:-45}" != 0 ]; then
  FUZZ_SEED=${FUZZ_SEED:-1} scripts/fuzz.sh "${DEFORM_FUZZ_SECONDS:-45}"
fi
