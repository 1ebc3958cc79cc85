// deform-run owns only the result buffers the function allocated: a
// returned constant, an argument returned as it is and one value returned
// twice are written out and never freed twice (SIGSEGV / double free before).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.arange(4, dtype=np.float32).reshape(2,2)); np.save('%t/empty.npy', np.zeros((0,), np.float32))"
// RUN: deform-run %s --function=constant_and_argument --input=@%t/x.npy --output=@%t/c.npy --output=@%t/a.npy
// RUN: deform-run %s --function=twice --random-inputs --output=@%t/t0.npy --output=@%t/t1.npy
// RUN: %python -c "import numpy as np; l=lambda n: np.load('%t/'+n+'.npy'); print(l('c').tolist(), l('a').tolist(), np.array_equal(l('t0'), l('t1')), bool(np.abs(l('t0')).sum() > 0))" | FileCheck %s
// CHECK: {{\[\[}}1.0, 1.0], [1.0, 1.0]] {{\[\[}}0.0, 1.0], [2.0, 3.0]] True True

// --check compares result by result and refuses a count or size that differs.
// RUN: not deform-run %s --function=twice --random-inputs --check 2>&1 | FileCheck %s --check-prefix=COUNT
// COUNT: deform-run: --check: @twice returns 2 result(s), the reference 1

// A given input is used, never replaced by random data, even when it is empty.
// RUN: not deform-run %s --function=twice --random-inputs --input=@%t/empty.npy 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: deform-run: @twice argument 0: expected tensor<1x4x8x8xf32>, given a float32 array of shape [0]

// An unknown CPU is one clear error.
// RUN: not deform-run %s --function=twice --random-inputs --cpu=bogus 2>&1 | FileCheck %s --check-prefix=CPU
// CPU: error: deform-cpu-target: unknown CPU 'bogus'
// CPU-NOT: error
// CPU-NOT: see current operation

func.func @constant_and_argument(%x: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>) {
  %c = arith.constant dense<1.0> : tensor<2x2xf32>
  return %c, %x : tensor<2x2xf32>, tensor<2x2xf32>
}

func.func @twice(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x3x3xf32>) -> (tensor<1x6x6x6xf32>, tensor<1x6x6x6xf32>) {
  %init = tensor.empty() : tensor<1x6x6x6xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x3x3xf32>)
       outs(%init : tensor<1x6x6x6xf32>) -> tensor<1x6x6x6xf32>
  return %r, %r : tensor<1x6x6x6xf32>, tensor<1x6x6x6xf32>
}
