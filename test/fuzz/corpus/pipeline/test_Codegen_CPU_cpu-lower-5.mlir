func.func @no_config(%x: memref<1x3x8x8xf32>, %rois: memref<4x5xf32>, %out: memref<4x3x2x2xf32>) {
  deform.roi_pool mmcv ins(%x, %rois : memref<1x3x8x8xf32>, memref<4x5xf32>) outs(%out : memref<4x3x2x2xf32>) {spatial_scale = 0.5 : f64}
  return
}
