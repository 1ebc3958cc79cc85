// deform-run's errors name the argument, what it expected and what it got.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/f64.npy', np.ones((1,4,7,7))); np.save('%t/x.npy', np.ones((1,4,7,7), np.float32)); np.save('%t/small.npy', np.ones((1,4,7), np.float32))"
// RUN: not deform-run %s --function=nope 2>&1 | FileCheck %s --check-prefix=FUNC
// FUNC: deform-run: no public function @nope in the module (it has @main)
// RUN: not deform-run %s --input=@%t/missing.npy 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: deform-run: --input 0: '{{.*}}missing.npy': cannot open
// RUN: not deform-run %s --input=@%t/f64.npy 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: deform-run: @main takes 3 inputs, 1 given
// RUN: not deform-run %s --input=@%t/f64.npy --input=@%t/x.npy --input=@%t/x.npy 2>&1 | FileCheck %s --check-prefix=DTYPE2
// DTYPE2: deform-run: @main argument 0: expected tensor<1x4x7x7xf32>, given a float64 array of shape [1, 4, 7, 7]
// RUN: not deform-run %s --input=@%t/small.npy --input=@%t/x.npy --input=@%t/x.npy 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: deform-run: @main argument 0: expected tensor<1x4x7x7xf32>, given a float32 array of shape [1, 4, 7]
// RUN: not deform-run %t/nothere.mlir 2>&1 | FileCheck %s --check-prefix=FILE
// FILE: deform-run: cannot open '{{.*}}nothere.mlir'
// RUN: not deform-run %s --output=@%t/a.npy --output=@%t/b.npy 2>&1 | FileCheck %s --check-prefix=OUTS
// OUTS: deform-run: --output given 2 times but @main returns 1 result(s)

func.func @main(%x: tensor<1x4x7x7xf32>, %off: tensor<1x18x5x5xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x5x5xf32> {
  %init = tensor.empty() : tensor<1x6x5x5xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x7x7xf32>, tensor<1x18x5x5xf32>, tensor<6x4x3x3xf32>)
       outs(%init : tensor<1x6x5x5xf32>) -> tensor<1x6x5x5xf32>
  return %r : tensor<1x6x5x5xf32>
}

// -----
// A result larger than the machine's memory is refused, not a crash.
// RUN: not deform-run %S/Inputs/huge-result.mlir --random-inputs 2>&1 | FileCheck %s --check-prefix=HUGE
// HUGE: deform-run: @main result 1 (tensor<100000x100000x100xf32>) needs 3725.3 GiB, more than this machine's
