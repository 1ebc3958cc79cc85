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
