// The ops' TilingInterface also serves the transform dialect: a schedule
// can tile a deform op like any linalg op (here into a parallel scf.forall
// over 2-row tiles), instead of deform-tile.
// RUN: deform-opt %s -transform-interpreter -canonicalize | FileCheck %s

// CHECK-LABEL: func @conv
// CHECK: scf.forall (%[[I:.*]]) in (4) shared_outs(%[[OUT:.*]] = %{{.*}})
// CHECK:   %[[Y:.*]] = affine.apply #{{.*}}(%[[I]])
// CHECK:   %[[OFF:.*]] = tensor.extract_slice %{{.*}}[0, 0, %[[Y]], 0] [1, 18, 2, 8]
// CHECK:   deform.conv2d ins(%{{.*}}, %[[OFF]], %{{.*}} : tensor<1x4x8x8xf32>, tensor<1x18x2x8xf32>, tensor<6x4x3x3xf32>) outs(%{{.*}} : tensor<1x6x2x8xf32>) origin(%[[Y]], %{{.*}})
// CHECK:   tensor.parallel_insert_slice
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
    %tiled, %loop = transform.structured.tile_using_forall %conv tile_sizes [0, 2, 0]
      : (!transform.any_op) -> (!transform.any_op, !transform.any_op)
    transform.yield
  }
}
