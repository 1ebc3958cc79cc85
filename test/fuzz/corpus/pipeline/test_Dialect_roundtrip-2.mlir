func.func @onnx_asymmetric(%x: tensor<1x4x9x10xf32>, %off: tensor<1x24x4x4xf32>,
    %w: tensor<6x2x3x2xf32>, %init: tensor<1x6x4x4xf32>) -> tensor<1x6x4x4xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x9x10xf32>, tensor<1x24x4x4xf32>, tensor<6x2x3x2xf32>)
       outs(%init : tensor<1x6x4x4xf32>) {
         strides = array<i64: 2, 3>, dilations = array<i64: 2, 1>,
         pads = array<i64: 1, 0, 2, 3>, groups = 2, offset_groups = 2} -> tensor<1x6x4x4xf32>
  return %r : tensor<1x6x4x4xf32>
}
