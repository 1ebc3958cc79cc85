func.func @nhwc(%x: tensor<1x8x8x4xf32>, %off: tensor<1x6x6x36xf32>, %w: tensor<3x3x4x4xf32>,
                %init: tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x4xf32>, tensor<1x6x6x36xf32>, tensor<3x3x4x4xf32>)
       outs(%init : tensor<1x6x6x4xf32>) {data_layout = #deform.layout<nhwc>, offset_layout = #deform.offset_layout<interleaved>,
       offset_groups = 2, weight_layout = #deform.weight_layout<hwoi>,
       config = #deform.cpu_config<tile = [1, 4, 3, 2], reduction = 2, vector = 8, register_tile = [4, 1]>} -> tensor<1x6x6x4xf32>
  return %r : tensor<1x6x6x4xf32>
}
