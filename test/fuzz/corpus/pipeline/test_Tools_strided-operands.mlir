func.func @dense(%x: tensor<1x4x10x10xf32>, %off: tensor<1x18x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x8x8xf32> {
  %init = tensor.empty() : tensor<1x6x8x8xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x10x10xf32>, tensor<1x18x8x8xf32>, tensor<6x4x3x3xf32>)
       outs(%init : tensor<1x6x8x8xf32>) -> tensor<1x6x8x8xf32>
  return %r : tensor<1x6x8x8xf32>
}

func.func @crop(%x: tensor<1x4x20x20xf32>, %off: tensor<1x18x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x8x8xf32> {
  %crop = tensor.extract_slice %x[0, 0, 1, 1] [1, 4, 10, 10] [1, 1, 1, 1] : tensor<1x4x20x20xf32> to tensor<1x4x10x10xf32>
  %init = tensor.empty() : tensor<1x6x8x8xf32>
  %r = deform.conv2d ins(%crop, %off, %w : tensor<1x4x10x10xf32>, tensor<1x18x8x8xf32>, tensor<6x4x3x3xf32>)
       outs(%init : tensor<1x6x8x8xf32>) -> tensor<1x6x8x8xf32>
  return %r : tensor<1x6x8x8xf32>
}

func.func @step(%x: tensor<1x4x20x20xf32>, %off: tensor<1x18x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x8x8xf32> {
  %s = tensor.extract_slice %x[0, 0, 0, 0] [1, 4, 10, 10] [1, 1, 2, 2] : tensor<1x4x20x20xf32> to tensor<1x4x10x10xf32>
  %init = tensor.empty() : tensor<1x6x8x8xf32>
  %r = deform.conv2d ins(%s, %off, %w : tensor<1x4x10x10xf32>, tensor<1x18x8x8xf32>, tensor<6x4x3x3xf32>)
       outs(%init : tensor<1x6x8x8xf32>) -> tensor<1x6x8x8xf32>
  return %r : tensor<1x6x8x8xf32>
}

func.func @window(%x: tensor<1x4x10x10xf32>, %off: tensor<1x18x8x8xf32>, %w: tensor<6x4x3x3xf32>, %y: tensor<1x6x10x10xf32>) -> tensor<1x6x10x10xf32> {
  %dst = tensor.extract_slice %y[0, 0, 1, 2] [1, 6, 8, 8] [1, 1, 1, 1] : tensor<1x6x10x10xf32> to tensor<1x6x8x8xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x10x10xf32>, tensor<1x18x8x8xf32>, tensor<6x4x3x3xf32>)
       outs(%dst : tensor<1x6x8x8xf32>) -> tensor<1x6x8x8xf32>
  %out = tensor.insert_slice %r into %y[0, 0, 1, 2] [1, 6, 8, 8] [1, 1, 1, 1] : tensor<1x6x8x8xf32> into tensor<1x6x10x10xf32>
  return %out : tensor<1x6x10x10xf32>
}

func.func @roi_dense(%x: tensor<1x4x10x10xf32>, %rois: tensor<2x5xf32>) -> tensor<2x4x3x3xf32> {
  %init = tensor.empty() : tensor<2x4x3x3xf32>
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<1x4x10x10xf32>, tensor<2x5xf32>)
       outs(%init : tensor<2x4x3x3xf32>) {spatial_scale = 1.0 : f64, sampling_ratio = 2 : i64, gamma = 0.1 : f64}
       -> tensor<2x4x3x3xf32>
  return %r : tensor<2x4x3x3xf32>
}

func.func @roi_crop(%x: tensor<1x4x20x20xf32>, %rois: tensor<2x5xf32>) -> tensor<2x4x3x3xf32> {
  %crop = tensor.extract_slice %x[0, 0, 1, 1] [1, 4, 10, 10] [1, 1, 1, 1] : tensor<1x4x20x20xf32> to tensor<1x4x10x10xf32>
  %init = tensor.empty() : tensor<2x4x3x3xf32>
  %r = deform.roi_pool mmcv ins(%crop, %rois : tensor<1x4x10x10xf32>, tensor<2x5xf32>)
       outs(%init : tensor<2x4x3x3xf32>) {spatial_scale = 1.0 : f64, sampling_ratio = 2 : i64, gamma = 0.1 : f64}
       -> tensor<2x4x3x3xf32>
  return %r : tensor<2x4x3x3xf32>
}
