// RUN: deform-opt %s -split-input-file -deform-gpu-map-launch -verify-diagnostics

func.func @tensors(%o: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'scf.forall' op is still on tensors; deform-gpu-map-launch needs buffers (run one-shot-bufferize first)}}
  %r = scf.forall (%i) in (4) shared_outs(%s = %o) -> tensor<4xf32> {
    scf.forall.in_parallel {
    }
  } {mapping = [#gpu.block<x>]}
  return %r : tensor<4xf32>
}

// -----

func.func @nothing_inside(%o: memref<4xf32>) {
  // expected-error @+1 {{'scf.forall' op is mapped to GPU workgroups but holds no deform op whose configuration gives the workgroup size}}
  scf.forall (%i) in (4) {
    %c = arith.constant 0.0 : f32
    memref.store %c, %o[%i] : memref<4xf32>
  } {mapping = [#gpu.block<x>]}
  return
}

// -----

func.func @cpu_config(%x: memref<1x8x10x10xf32>, %rois: memref<6x5xf32>, %o: memref<6x8x2x2xf32>) {
  scf.forall (%i) in (1) {
    // expected-error @+1 {{'deform.roi_pool' op has configuration #deform.cpu_config<tile = [4, 4], vector = 4>; the GPU pipeline needs a #deform.gpu_config (run deform-configure-gpu)}}
    deform.roi_pool mmcv ins(%x, %rois : memref<1x8x10x10xf32>, memref<6x5xf32>) outs(%o : memref<6x8x2x2xf32>)
        {spatial_scale = 0.5 : f64, config = #deform.cpu_config<tile = [4, 4], vector = 4>}
  } {mapping = [#gpu.block<x>]}
  return
}

// -----

func.func @dynamic(%x: memref<1x8x10x10xf32>, %rois: memref<6x5xf32>, %o: memref<6x8x2x2xf32>, %n: index) {
  // expected-error @+1 {{'scf.forall' op has dynamic bounds; a GPU workgroup loop needs static shapes (the GPU pipeline compiles static shapes only)}}
  scf.forall (%i) in (%n) {
    deform.roi_pool mmcv ins(%x, %rois : memref<1x8x10x10xf32>, memref<6x5xf32>) outs(%o : memref<6x8x2x2xf32>)
        {spatial_scale = 0.5 : f64, config = #deform.gpu_config<tile = [6, 8], thread_tile = [1, 1], workgroup = [64, 1, 1]>}
  } {mapping = [#gpu.block<x>]}
  return
}

// -----

func.func @thread_rank(%x: memref<1x8x10x10xf32>, %rois: memref<6x5xf32>, %o: memref<6x8x2x2xf32>) {
  scf.forall (%i) in (1) {
    // expected-error @+1 {{'scf.forall' op has 1 dimensions, its configuration #deform.gpu_config<tile = [6, 8], thread_tile = [1, 1], workgroup = [64, 1, 1]> tiles 2}}
    scf.forall (%j) in (6) {
      deform.roi_pool mmcv ins(%x, %rois : memref<1x8x10x10xf32>, memref<6x5xf32>) outs(%o : memref<6x8x2x2xf32>)
          {spatial_scale = 0.5 : f64, config = #deform.gpu_config<tile = [6, 8], thread_tile = [1, 1], workgroup = [64, 1, 1]>}
    } {mapping = [#gpu.thread<x>]}
  } {mapping = [#gpu.block<x>]}
  return
}
