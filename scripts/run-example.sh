#!/usr/bin/env bash
# The main job: set up (scripts/setup.sh), then compile and run real layers
# end to end on random data drawn like the benchmark suite, checking each
# against the float64 reference and timing it:
#   - the TensorFlow deformable layer at its own shape (NHWC, tf_clamp,
#     16 offset groups over the output filters),
#   - a torchvision/mmcv DCNv2 layer (NCHW, mask, bias),
#   - mmcv modulated deformable RoI pooling.
# Exits non-zero if any result is off by more than 1e-5 (relative L2).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
run="${BUILD_DIR:-build}/bin/deform-run"
for example in tf_layer dcnv2 mmcv_roi_pool; do
  echo "== examples/$example.mlir"
  "$run" "examples/$example.mlir" --random-inputs --seed=1 --check --benchmark=5
done
