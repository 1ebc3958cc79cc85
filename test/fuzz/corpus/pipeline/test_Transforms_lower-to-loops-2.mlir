func.func @roi(%x: memref<1x3x8x8xf32>, %rois: memref<4x5xf32>, %off: memref<4x2x2x2xf32>, %out: memref<4x3x2x2xf32>,
               %px: memref<1x8x8x8xf32>, %pout: memref<4x2x2x2xf32>, %count: memref<4x2x2x2xf32>) {
  deform.roi_pool mmcv ins(%x, %rois : memref<1x3x8x8xf32>, memref<4x5xf32>) offset(%off : memref<4x2x2x2xf32>)
    outs(%out : memref<4x3x2x2xf32>) {spatial_scale = 0.5 : f64}
  deform.roi_pool dcn_psroi ins(%px, %rois : memref<1x8x8x8xf32>, memref<4x5xf32>)
    outs(%pout, %count : memref<4x2x2x2xf32>, memref<4x2x2x2xf32>) {spatial_scale = 0.5 : f64, group_size = 2, part_size = 2, sample_per_part = 2}
  return
}
