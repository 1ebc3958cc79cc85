// An intermediate buffer that cannot be allocated (4 TB) stops the
// generated code early and is reported, not used: deform-run fails with a
// message, no crash.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.ones(4, np.float32))"
// RUN: not deform-run %s --input=@%t/x.npy 2>&1 | FileCheck %s
// CHECK: deform-run: @main: the generated code could not allocate its buffers (out of memory); its results are not valid
func.func @main(%x: tensor<?xf32>) -> tensor<1xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf32>
  %huge = arith.constant 1000000000000 : index
  %size = arith.muli %n, %huge : index
  %cst = arith.constant 1.0 : f32
  %e = tensor.empty(%size) : tensor<?xf32>
  %f = linalg.fill ins(%cst : f32) outs(%e : tensor<?xf32>) -> tensor<?xf32>
  %s = tensor.extract_slice %f[0] [1] [1] : tensor<?xf32> to tensor<1xf32>
  return %s : tensor<1xf32>
}
