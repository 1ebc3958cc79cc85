// RUN: deform-opt %s -split-input-file -deform-gpu-lower -verify-diagnostics

func.func @outside(%x: memref<1x8x10x10xf32>, %rois: memref<2x5xf32>, %o: memref<2x8x2x2xf32>) {
  // expected-error @+1 {{'deform.roi_pool' op is not inside a gpu.launch (run deform-gpu-map-launch first)}}
  deform.roi_pool mmcv ins(%x, %rois : memref<1x8x10x10xf32>, memref<2x5xf32>) outs(%o : memref<2x8x2x2xf32>)
      {spatial_scale = 0.5 : f64, config = #deform.gpu_config<tile = [2, 8], thread_tile = [1, 1], workgroup = [32, 1, 1]>}
  return
}

// -----

func.func @cpu(%x: memref<1x8x10x10xf32>, %rois: memref<2x5xf32>, %o: memref<2x8x2x2xf32>) {
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1) threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    // expected-error @+1 {{'deform.roi_pool' op has configuration #deform.cpu_config<tile = [4, 4], vector = 4>; the GPU lowering needs a #deform.gpu_config (run deform-configure-gpu)}}
    deform.roi_pool mmcv ins(%x, %rois : memref<1x8x10x10xf32>, memref<2x5xf32>) outs(%o : memref<2x8x2x2xf32>)
        {spatial_scale = 0.5 : f64, config = #deform.cpu_config<tile = [4, 4], vector = 4>}
    gpu.terminator
  }
  return
}

// -----

func.func @threads(%x: memref<1x4x12x12xf32>, %off: memref<1x18x10x10xf32>, %w: memref<8x4x3x3xf32>, %o: memref<1x8x10x10xf32>) {
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1) threads(%tx, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1) {
    // expected-error @+1 {{'deform.conv2d' op is in a gpu.launch whose workgroup size is not the configuration's 30 threads (one per thread tile of the fused kernel)}}
    deform.conv2d ins(%x, %off, %w : memref<1x4x12x12xf32>, memref<1x18x10x10xf32>, memref<8x4x3x3xf32>) outs(%o : memref<1x8x10x10xf32>)
        {config = #deform.gpu_config<tile = [1, 8, 10, 12], thread_tile = [1, 8, 1, 4], reduction = 2, workgroup = [30, 1, 1], staging = columns>}
    gpu.terminator
  }
  return
}

// -----

func.func @channels(%x: memref<1x4x12x12xf32>, %off: memref<1x18x10x10xf32>, %w: memref<8x4x3x3xf32>, %o: memref<1x8x10x10xf32>) {
  %c1 = arith.constant 1 : index
  %c15 = arith.constant 30 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1) threads(%tx, %ty, %tz) in (%sx = %c15, %sy = %c1, %sz = %c1) {
    // expected-error @+1 {{'deform.conv2d' op operand 'init' has type 'memref<1x8x10x10xf32>'; the fused GPU kernel needs tiles of exactly 4 output channels (the configuration's tile)}}
    deform.conv2d ins(%x, %off, %w : memref<1x4x12x12xf32>, memref<1x18x10x10xf32>, memref<8x4x3x3xf32>) outs(%o : memref<1x8x10x10xf32>)
        {config = #deform.gpu_config<tile = [1, 4, 10, 12], thread_tile = [1, 4, 1, 4], reduction = 2, workgroup = [30, 1, 1], staging = columns>}
    gpu.terminator
  }
  return
}

// -----

func.func @origin(%x: memref<1x4x12x12xf32>, %off: memref<1x18x10x10xf32>, %w: memref<8x4x3x3xf32>, %o: memref<1x4x10x10xf32>, %oc: index) {
  %c1 = arith.constant 1 : index
  %c0 = arith.constant 0 : index
  %c15 = arith.constant 30 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1) threads(%tx, %ty, %tz) in (%sx = %c15, %sy = %c1, %sz = %c1) {
    // expected-error @+1 {{'deform.conv2d' op is a tile whose first output channel is not provably a multiple of 4 (the configuration's tile): its channels could straddle a weight or offset group}}
    deform.conv2d ins(%x, %off, %w : memref<1x4x12x12xf32>, memref<1x18x10x10xf32>, memref<8x4x3x3xf32>) outs(%o : memref<1x4x10x10xf32>)
        origin(%oc, %c0, %c0, %c0)
        {config = #deform.gpu_config<tile = [1, 4, 10, 12], thread_tile = [1, 4, 1, 4], reduction = 2, workgroup = [30, 1, 1], staging = columns>}
    gpu.terminator
  }
  return
}
