// A float64 reference past float32's range (two terms of 3e38: 6e38) is
// +inf once rounded to float32, so the kernel's +inf is the correct result,
// and -inf for the negated input (kernels fuzz finding kernels-10; the same
// rule in deform-run --check, the sweep and the kernels harness).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; x = np.full((1, 2, 3, 3), 3e38, np.float32); x[0, :, 0, 0] = -3e38; np.save('%t/x.npy', x); np.save('%t/off.npy', np.zeros((1, 2, 3, 3), np.float32)); np.save('%t/w.npy', np.ones((1, 2, 1, 1), np.float32))"
// RUN: deform-run %s --input=@%t/x.npy --input=@%t/off.npy --input=@%t/w.npy --check | FileCheck %s
// CHECK: check: result 0: relative L2 error 0{{.*}} vs the float64 reference {{.*}}: PASS

func.func @main(%x: tensor<1x2x3x3xf32>, %off: tensor<1x2x3x3xf32>, %w: tensor<1x2x1x1xf32>) -> tensor<1x1x3x3xf32> {
  %init = tensor.empty() : tensor<1x1x3x3xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>)
       outs(%init : tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  return %r : tensor<1x1x3x3xf32>
}
