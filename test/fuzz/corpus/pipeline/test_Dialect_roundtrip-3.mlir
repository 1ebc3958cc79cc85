func.func @mxnet_dcnv1(%x: tensor<1x4x8x8xf64>, %off: tensor<1x18x8x8xf64>,
    %w: tensor<4x4x3x3xf64>, %init: tensor<1x4x8x8xf64>) -> tensor<1x4x8x8xf64> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf64>, tensor<1x18x8x8xf64>, tensor<4x4x3x3xf64>)
       outs(%init : tensor<1x4x8x8xf64>) {boundary = #deform.boundary<dcnv1>, pads = array<i64: 1, 1, 1, 1>}
       -> tensor<1x4x8x8xf64>
  return %r : tensor<1x4x8x8xf64>
}
