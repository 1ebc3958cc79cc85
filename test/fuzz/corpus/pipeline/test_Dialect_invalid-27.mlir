func.func @init_nhwc(%x: tensor<1x8x8x4xf32>, %off: tensor<1x4x4x18xf32>, %w: tensor<3x3x4x4xf32>, %init: tensor<1x4x4x4xf32>) {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x4xf32>, tensor<1x4x4x18xf32>, tensor<3x3x4x4xf32>) outs(%init : tensor<1x4x4x4xf32>) {strides = array<i64: 2, 2>, data_layout = #deform.layout<nhwc>, offset_layout = #deform.offset_layout<interleaved>, weight_layout = #deform.weight_layout<hwoi>} -> tensor<1x4x4x4xf32>
  return
}
