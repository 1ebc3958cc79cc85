func.func @explicit_defaults(%x: tensor<1x4x8x8xf32>, %off: tensor<1x18x6x6xf32>,
    %w: tensor<4x4x3x3xf32>, %init: tensor<1x4x6x6xf32>) -> tensor<1x4x6x6xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x8x8xf32>, tensor<1x18x6x6xf32>, tensor<4x4x3x3xf32>)
       outs(%init : tensor<1x4x6x6xf32>) {
         strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, groups = 1, offset_groups = 1,
         data_layout = #deform.layout<nchw>, offset_layout = #deform.offset_layout<planar>,
         offset_group_axis = #deform.offset_group_axis<input>,
         boundary = #deform.boundary<zero>, weight_layout = #deform.weight_layout<oihw>}
       -> tensor<1x4x6x6xf32>
  return %r : tensor<1x4x6x6xf32>
}
