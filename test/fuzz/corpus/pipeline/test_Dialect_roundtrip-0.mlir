func.func @torchvision_dcnv2(%x: tensor<2x8x16x16xf32>, %off: tensor<2x18x16x16xf32>,
    %w: tensor<8x8x3x3xf32>, %m: tensor<2x9x16x16xf32>, %b: tensor<8xf32>,
    %init: tensor<2x8x16x16xf32>) -> tensor<2x8x16x16xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<2x8x16x16xf32>, tensor<2x18x16x16xf32>, tensor<8x8x3x3xf32>)
       mask(%m : tensor<2x9x16x16xf32>) bias(%b : tensor<8xf32>)
       outs(%init : tensor<2x8x16x16xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<2x8x16x16xf32>
  return %r : tensor<2x8x16x16xf32>
}
