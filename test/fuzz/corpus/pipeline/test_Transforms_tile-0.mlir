func.func @conv(%x: tensor<2x4x12x12xf32>, %off: tensor<2x18x10x10xf32>, %w: tensor<6x4x3x3xf32>,
                %m: tensor<2x9x10x10xf32>, %b: tensor<6xf32>, %init: tensor<2x6x10x10xf32>) -> tensor<2x6x10x10xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<2x4x12x12xf32>, tensor<2x18x10x10xf32>, tensor<6x4x3x3xf32>)
       mask(%m : tensor<2x9x10x10xf32>) bias(%b : tensor<6xf32>) outs(%init : tensor<2x6x10x10xf32>)
       {config = #deform.cpu_config<tile = [1, 3, 4, 16], reduction = 2, vector = 16, register_tile = [4, 1]>} -> tensor<2x6x10x10xf32>
  return %r : tensor<2x6x10x10xf32>
}
