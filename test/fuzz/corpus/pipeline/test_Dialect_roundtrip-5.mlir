func.func @interleaved_mask(%x: tensor<1x4x5x5xf16>, %off: tensor<1x5x5x36xf16>,
    %w: tensor<4x4x3x3xf16>, %m: tensor<1x5x5x18xf16>, %init: tensor<1x4x5x5xf16>) -> tensor<1x4x5x5xf16> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x5x5xf16>, tensor<1x5x5x36xf16>, tensor<4x4x3x3xf16>)
       mask(%m : tensor<1x5x5x18xf16>) outs(%init : tensor<1x4x5x5xf16>) {
         offset_layout = #deform.offset_layout<interleaved>, offset_groups = 2, pads = array<i64: 1, 1, 1, 1>}
       -> tensor<1x4x5x5xf16>
  return %r : tensor<1x4x5x5xf16>
}
