// The scalar path (deform-lower-to-loops) on dynamic sizes, for every
// boundary rule and data layout, against the float64 reference on random
// inputs. LLVM's O3 turned the tf_clamp clip of this path into <2 x i64>
// SLP-vectorized code that LLVM 22's X86 back end miscompiles on AVX-512
// CPUs (the column fraction was lost: relative L2 error 1.37; kernels fuzz
// finding kernels-4); the scalar path is now optimized without the SLP
// vectorizer (lib/Compiler/LLVMOptimize.cpp).
// RUN: deform-run %s --function=nhwc_tf_clamp --scalar --random-inputs --shape=2x9x7x3 --shape=2x18x9x7 --shape=4x3x3x3 --check | FileCheck %s
// RUN: deform-run %s --function=nhwc_tf_clamp --random-inputs --shape=2x9x7x3 --shape=2x18x9x7 --shape=4x3x3x3 --check | FileCheck %s
// RUN: deform-run %s --function=nhwc_zero --scalar --random-inputs --shape=2x9x7x3 --shape=2x18x9x7 --shape=4x3x3x3 --check | FileCheck %s
// RUN: deform-run %s --function=nhwc_dcnv1 --scalar --random-inputs --shape=2x9x7x3 --shape=2x18x9x7 --shape=4x3x3x3 --check | FileCheck %s
// RUN: deform-run %s --function=nchw_tf_clamp --scalar --random-inputs --shape=2x3x9x7 --shape=2x18x9x7 --shape=4x3x3x3 --check | FileCheck %s
// RUN: deform-run %s --function=nchw_zero --scalar --random-inputs --shape=2x3x9x7 --shape=2x18x9x7 --shape=4x3x3x3 --check | FileCheck %s
// A 1x1 kernel on a 3x4 image, one tile per row pair: the smallest case
// that showed it.
// RUN: deform-run %s --function=small_tf_clamp --scalar --random-inputs --shape=1x3x4x1 --shape=1x2x3x4 --shape=1x1x1x1 --check | FileCheck %s
// CHECK: check: result 0: relative L2 error {{[0-9.e-]+}} vs the float64 reference {{.*}}: PASS

func.func @nhwc_tf_clamp(%x: tensor<?x?x?x3xf32>, %off: tensor<?x18x?x?xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<?x?x?x4xf32> {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %n = tensor.dim %off, %c0 : tensor<?x18x?x?xf32>
  %ho = tensor.dim %off, %c2 : tensor<?x18x?x?xf32>
  %wo = tensor.dim %off, %c3 : tensor<?x18x?x?xf32>
  %init = tensor.empty(%n, %ho, %wo) : tensor<?x?x?x4xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<?x?x?x3xf32>, tensor<?x18x?x?xf32>, tensor<4x3x3x3xf32>) outs(%init : tensor<?x?x?x4xf32>) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, groups = 1, offset_groups = 1, data_layout = #deform.layout<nhwc>, boundary = #deform.boundary<tf_clamp>} -> tensor<?x?x?x4xf32>
  return %r : tensor<?x?x?x4xf32>
}

func.func @nhwc_zero(%x: tensor<?x?x?x3xf32>, %off: tensor<?x18x?x?xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<?x?x?x4xf32> {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %n = tensor.dim %off, %c0 : tensor<?x18x?x?xf32>
  %ho = tensor.dim %off, %c2 : tensor<?x18x?x?xf32>
  %wo = tensor.dim %off, %c3 : tensor<?x18x?x?xf32>
  %init = tensor.empty(%n, %ho, %wo) : tensor<?x?x?x4xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<?x?x?x3xf32>, tensor<?x18x?x?xf32>, tensor<4x3x3x3xf32>) outs(%init : tensor<?x?x?x4xf32>) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, groups = 1, offset_groups = 1, data_layout = #deform.layout<nhwc>, boundary = #deform.boundary<zero>} -> tensor<?x?x?x4xf32>
  return %r : tensor<?x?x?x4xf32>
}

func.func @nhwc_dcnv1(%x: tensor<?x?x?x3xf32>, %off: tensor<?x18x?x?xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<?x?x?x4xf32> {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %n = tensor.dim %off, %c0 : tensor<?x18x?x?xf32>
  %ho = tensor.dim %off, %c2 : tensor<?x18x?x?xf32>
  %wo = tensor.dim %off, %c3 : tensor<?x18x?x?xf32>
  %init = tensor.empty(%n, %ho, %wo) : tensor<?x?x?x4xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<?x?x?x3xf32>, tensor<?x18x?x?xf32>, tensor<4x3x3x3xf32>) outs(%init : tensor<?x?x?x4xf32>) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, groups = 1, offset_groups = 1, data_layout = #deform.layout<nhwc>, boundary = #deform.boundary<dcnv1>} -> tensor<?x?x?x4xf32>
  return %r : tensor<?x?x?x4xf32>
}

func.func @nchw_tf_clamp(%x: tensor<?x3x?x?xf32>, %off: tensor<?x18x?x?xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<?x4x?x?xf32> {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %n = tensor.dim %off, %c0 : tensor<?x18x?x?xf32>
  %ho = tensor.dim %off, %c2 : tensor<?x18x?x?xf32>
  %wo = tensor.dim %off, %c3 : tensor<?x18x?x?xf32>
  %init = tensor.empty(%n, %ho, %wo) : tensor<?x4x?x?xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<?x3x?x?xf32>, tensor<?x18x?x?xf32>, tensor<4x3x3x3xf32>) outs(%init : tensor<?x4x?x?xf32>) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, groups = 1, offset_groups = 1, data_layout = #deform.layout<nchw>, boundary = #deform.boundary<tf_clamp>} -> tensor<?x4x?x?xf32>
  return %r : tensor<?x4x?x?xf32>
}

func.func @nchw_zero(%x: tensor<?x3x?x?xf32>, %off: tensor<?x18x?x?xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<?x4x?x?xf32> {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %n = tensor.dim %off, %c0 : tensor<?x18x?x?xf32>
  %ho = tensor.dim %off, %c2 : tensor<?x18x?x?xf32>
  %wo = tensor.dim %off, %c3 : tensor<?x18x?x?xf32>
  %init = tensor.empty(%n, %ho, %wo) : tensor<?x4x?x?xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<?x3x?x?xf32>, tensor<?x18x?x?xf32>, tensor<4x3x3x3xf32>) outs(%init : tensor<?x4x?x?xf32>) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, groups = 1, offset_groups = 1, data_layout = #deform.layout<nchw>, boundary = #deform.boundary<zero>} -> tensor<?x4x?x?xf32>
  return %r : tensor<?x4x?x?xf32>
}

func.func @small_tf_clamp(%x: tensor<?x?x?x1xf32>, %off: tensor<?x2x?x?xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<?x?x?x1xf32> {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %n = tensor.dim %off, %c0 : tensor<?x2x?x?xf32>
  %ho = tensor.dim %off, %c2 : tensor<?x2x?x?xf32>
  %wo = tensor.dim %off, %c3 : tensor<?x2x?x?xf32>
  %init = tensor.empty(%n, %ho, %wo) : tensor<?x?x?x1xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<?x?x?x1xf32>, tensor<?x2x?x?xf32>, tensor<1x1x1x1xf32>) outs(%init : tensor<?x?x?x1xf32>) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, groups = 1, offset_groups = 1, data_layout = #deform.layout<nhwc>, boundary = #deform.boundary<tf_clamp>} -> tensor<?x?x?x1xf32>
  return %r : tensor<?x?x?x1xf32>
}
