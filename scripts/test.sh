#!/usr/bin/env bash
# Sets up (scripts/setup.sh), then runs every test: lit/FileCheck tests of the
# dialect and passes, and the unit tests of the float64 reference, through
# ctest. Prints one summary; exits non-zero if anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cd "${BUILD_DIR:-build}"
ctest --output-on-failure
