// RUN: deform-opt %s -split-input-file -deform-shape-checks -verify-diagnostics | FileCheck %s

// COM: A function with dynamic sizes gets @<fn>__shape_check: the padded
// COM: side bound, the least image (dilated kernel less the pads), the
// COM: output sizes from them, compared with init's and offset's; the
// COM: messages are in deform.shape_checks, the function is untouched.
// CHECK: module attributes {deform.shape_checks = {main = ["'deform.conv2d' at {{.*}}: operand 'input' dimension 2 (height) is %lld, expected at most %lld (a padded side of at most 2^24 - 1)", "'deform.conv2d' at {{.*}}: operand 'input' dimension 2 (height) is %lld, expected at least %lld (the dilated kernel height less the pads)"
// CHECK-SAME: operand 'init' dimension 3 (output width) is %lld, expected %lld
// CHECK-LABEL: func.func @main(
// CHECK: deform.conv2d
// CHECK-LABEL: func.func @main__shape_check(
// CHECK-SAME: -> (i64, i64, i64, index, index, index) attributes {deform.shape_check_of = @main, deform.sizes_only}
// CHECK-DAG: %[[H:.*]] = tensor.dim %arg0, %c2
// CHECK-DAG: %[[MOST:.*]] = arith.constant 16777213 : index
// CHECK: arith.cmpi sgt, %[[H]], %[[MOST]]
// CHECK-NOT: deform.conv2d
// CHECK: return
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

// -----

// COM: Static functions get none.
// CHECK-NOT: deform.shape_checks
// CHECK-LABEL: func.func @static(
// CHECK-NOT: __shape_check
func.func @static(%x: tensor<1x6x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<4x6x3x3xf32>, %init: tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x6x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x6x3x3xf32>)
       outs(%init : tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32>
  return %r : tensor<1x4x6x6xf32>
}

// -----

// COM: A dynamic kernel (fuzz finding pipeline-1: the size formulas used to
// COM: overflow on it): no checks for that op; the code generators refuse
// COM: it, naming the operand (configure-cpu.mlir).
// CHECK-LABEL: func.func @dynamic_kernel__shape_check(
// CHECK-NOT: arith.cmpi
// CHECK: return
func.func @dynamic_kernel(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>, %w: tensor<6x4x?x?xf32>, %init: tensor<1x6x6x6xf32>) -> tensor<1x6x6x6xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<6x4x?x?xf32>)
       outs(%init : tensor<1x6x6x6xf32>) -> tensor<1x6x6x6xf32>
  return %r : tensor<1x6x6x6xf32>
}

// -----

// COM: A dimension index outside the rank (undefined behaviour that
// COM: upstream's folders crash on) is refused, naming it.
func.func @bad_dim(%off: tensor<?x18x?x?xf32>) -> index {
  %c = arith.constant -2 : index
  // expected-error @+1 {{'tensor.dim' op index is -2, expected 0 to 3 (a dimension of 'tensor<?x18x?x?xf32>')}}
  %h = tensor.dim %off, %c : tensor<?x18x?x?xf32>
  return %h : index
}
