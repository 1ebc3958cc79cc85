// The ops' TilingInterface also serves the transform dialect: a schedule
// can tile a deform op like any linalg op, over any of its loops, instead of
// deform-tile. Here: output channels into a parallel scf.forall, then the
// reduction over input channels into a serial scf.for whose tiles add their
// partial sums (origin's last value is the input-channel start).
// RUN: deform-opt %s -transform-interpreter -canonicalize | FileCheck %s

// CHECK-LABEL: func @conv
// CHECK: scf.forall (%[[I:.*]]) in (3) shared_outs(%[[OUT:.*]] = %{{.*}})
// CHECK:   %[[OC:.*]] = affine.apply #{{.*}}(%[[I]])
// CHECK:   %[[INIT:.*]] = tensor.extract_slice %[[OUT]][0, %[[OC]], 0, 0] [1, 2, 8, 8]
// CHECK:   %[[SUM:.*]] = scf.for %[[C:.*]] = %c0 to %c4 step %c2 iter_args(%[[ACC:.*]] = %[[INIT]])
// CHECK:     %[[W:.*]] = tensor.extract_slice %{{.*}}[0, %[[C]], 0, 0] [6, 2, 3, 3] [1, 1, 1, 1] : tensor<6x4x3x3xf32> to tensor<6x2x3x3xf32>
// CHECK:     deform.conv2d ins(%{{.*}}, %{{.*}}, %[[W]] : tensor<1x4x8x8xf32>, tensor<1x18x8x8xf32>, tensor<6x2x3x3xf32>) outs(%[[ACC]] : tensor<1x2x8x8xf32>) origin(%[[OC]], %c0, %c0, %[[C]])
// CHECK:   tensor.parallel_insert_slice %[[SUM]] into %[[OUT]][0, %[[OC]], 0, 0] [1, 2, 8, 8]
func.func @conv(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x8x8xf32>, %w: tensor<6x4x3x3xf32>,
                %init: tensor<1x6x8x8xf32>) -> tensor<1x6x8x8xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x8x8xf32>, tensor<6x4x3x3xf32>)
       outs(%init : tensor<1x6x8x8xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<1x6x8x8xf32>
  return %r : tensor<1x6x8x8xf32>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %conv = transform.structured.match ops{["deform.conv2d"]} in %root
      : (!transform.any_op) -> !transform.any_op
    %tiled, %loop = transform.structured.tile_using_forall %conv tile_sizes [0, 2, 0, 0]
      : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    %chunk, %loop2 = transform.structured.tile_using_for %tiled tile_sizes [0, 0, 0, 0, 2]
      : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}
