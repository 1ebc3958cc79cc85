// Functions with dynamic batch and image sizes run at any size: one compiled
// module, two sizes each, checked against the float64 reference; sizes that
// do not fit together are refused by the function's size checks with the
// op, the operand, the dimension and both values.
// RUN: deform-run %s --random-inputs --shape=2x6x11x9 --shape=2x18x11x9 --check | FileCheck %s
// RUN: deform-run %s --random-inputs --shape=1x6x30x4 --shape=1x18x30x4 --check --num-threads=1 | FileCheck %s
// CHECK: check: result 0: relative L2 error {{.*}}: PASS
// RUN: deform-run %S/Inputs/dynamic-roi.mlir --random-inputs --shape=2x8x20x30 --shape=7x5 --shape=7x2x3x3 --shape=7x1x3x3 --check | FileCheck %s
// RUN: deform-run %S/Inputs/dynamic-roi.mlir --random-inputs --shape=1x8x5x9 --shape=30x5 --shape=30x2x3x3 --shape=30x1x3x3 --check | FileCheck %s

// RUN: not deform-run %s --random-inputs --shape=2x6x11x9 --shape=2x18x11x8 2>&1 | FileCheck %s --check-prefix=MISMATCH
// MISMATCH: deform-run: @main: 'deform.conv2d' at {{.*}}deform-run-dynamic.mlir:{{[0-9]+}}:8: operand 'init' dimension 3 (output width) is 8, expected 9
// RUN: not deform-run %s --random-inputs --shape=2x6x0x9 --shape=2x18x0x9 2>&1 | FileCheck %s --check-prefix=SMALL
// SMALL: deform-run: @main: 'deform.conv2d' at {{.*}}: operand 'input' dimension 2 (height) is 0, expected at least 1 (the dilated kernel height less the pads)
// RUN: not deform-run %S/Inputs/dynamic-roi.mlir --random-inputs --shape=2x8x20x30 --shape=7x5 --shape=6x2x3x3 --shape=7x1x3x3 2>&1 | FileCheck %s --check-prefix=ROIS
// ROIS: deform-run: @main: 'deform.roi_pool' at {{.*}}: operand 'offset' dimension 0 (rois) is 6, expected 7
// A padded side past 2^24 - 1 (sampling's i32 coordinates): sparse inputs
// of 2^24 rows, checked before anything runs.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; f=lambda n, c: np.lib.format.open_memmap('%t/'+n, mode='w+', dtype=np.float32, shape=(1, c, 1 << 24, 1)); f('x.npy', 1); f('off.npy', 2); np.save('%t/w.npy', np.ones((1,1,1,1), np.float32))"
// RUN: not deform-run %S/Inputs/dynamic-1x1.mlir --input=@%t/x.npy --input=@%t/off.npy --input=@%t/w.npy 2>&1 | FileCheck %s --check-prefix=TALL
// TALL: deform-run: @main: 'deform.conv2d' at {{.*}}: operand 'input' dimension 2 (height) is 16777216, expected at most 16777215 (a padded side of at most 2^24 - 1)
// RUN: not deform-run %s --random-inputs --shape=2x6x11x9 2>&1 | FileCheck %s --check-prefix=NOSHAPE
// NOSHAPE: deform-run: --random-inputs: argument 1 needs a shape [-1, 18, -1, -1] (-1: any size), give it with --shape
// RUN: not deform-run %s --random-inputs --shape=2x5x11x9 --shape=2x18x11x9 2>&1 | FileCheck %s --check-prefix=STATIC
// STATIC: deform-run: --random-inputs: argument 0 needs a shape [-1, 6, -1, -1] (-1: any size), --shape gave [2, 5, 11, 9]

func.func @main(%x: tensor<?x6x?x?xf32>, %off: tensor<?x18x?x?xf32>, %w: tensor<4x6x3x3xf32>) -> tensor<?x4x?x?xf32> {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %n = tensor.dim %off, %c0 : tensor<?x18x?x?xf32>
  %h = tensor.dim %off, %c2 : tensor<?x18x?x?xf32>
  %wo = tensor.dim %off, %c3 : tensor<?x18x?x?xf32>
  %init = tensor.empty(%n, %h, %wo) : tensor<?x4x?x?xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<?x6x?x?xf32>, tensor<?x18x?x?xf32>, tensor<4x6x3x3xf32>)
       outs(%init : tensor<?x4x?x?xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<?x4x?x?xf32>
  return %r : tensor<?x4x?x?xf32>
}
