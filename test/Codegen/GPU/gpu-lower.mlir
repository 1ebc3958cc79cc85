// RUN: deform-opt %s -split-input-file -deform-gpu-lower -canonicalize -cse | FileCheck %s

// COM: The fused kernel of a conv2d tile: 8 output channels x 10 x 12
// COM: pixels, 30 threads of 8 channels x 4 pixels, 2 input channels (18
// COM: columns) per chunk. Shared: the columns (18 x 120) and the chunk's
// COM: weights (8 rows of 18, padded to 20). Per chunk: the weights staged
// COM: and the columns sampled by all threads (strided loops from the
// COM: thread id; per (tap, pixel) the corners once, then each channel),
// COM: a barrier, the register tile's FMAs from shared memory (2 columns
// COM: per step: 18 is no multiple of 4), a barrier. The accumulators are
// COM: the chunk loop's iter_args. Then bias and the stores of the
// COM: thread's real pixels.
// CHECK-LABEL: func @conv
// CHECK: gpu.launch
// CHECK-DAG: %[[PX:.*]] = arith.muli %{{.*}}, %c4 : index
// CHECK-DAG: %[[COLS:.*]] = memref.alloc() : memref<18x120xf32, #gpu.address_space<workgroup>>
// CHECK-DAG: %[[W:.*]] = memref.alloc() : memref<8x20xf32, #gpu.address_space<workgroup>>
// CHECK: %[[ACC:.*]]:8 = scf.for %[[C:.*]] = %c0 to %c4 step %c2 iter_args({{.*}}) -> (vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>) {
// CHECK:   scf.for %{{.*}} = %[[TID:.*]] to %c144 step %[[COUNT:.*]] {
// CHECK:     memref.store %{{.*}}, %[[W]][%{{.*}}, %{{.*}}] : memref<8x20xf32, #gpu.address_space<workgroup>>
// CHECK:   scf.for %{{.*}} = %[[TID]] to %c1080 step %[[COUNT]] {
// CHECK:     math.floor
// CHECK:     scf.for %{{.*}} = %c0 to %c2 step %c1 {
// CHECK:       math.fma
// CHECK:       memref.store %{{.*}}, %[[COLS]][%{{.*}}, %{{.*}}] : memref<18x120xf32, #gpu.address_space<workgroup>>
// CHECK:   gpu.barrier
// CHECK:   scf.for %{{.*}} = %c0 to %c18 step %c2 iter_args
// CHECK:     vector.load %[[COLS]][%{{.*}}, %[[PX]]] {alignment = 16 : i64} : memref<18x120xf32, #gpu.address_space<workgroup>>, vector<4xf32>
// CHECK:     vector.load %[[W]][%{{.*}}, %{{.*}}] {alignment = 8 : i64} : memref<8x20xf32, #gpu.address_space<workgroup>>, vector<2xf32>
// CHECK:     vector.fma
// CHECK:   gpu.barrier
// CHECK: memref.load %{{.*}} : memref<8xf32>
// CHECK: scf.if
// CHECK:   vector.extract %[[ACC]]#0[0]
// CHECK:   memref.store %{{.*}}, %{{.*}} : memref<1x8x10x10xf32>
func.func @conv(%x: memref<1x4x12x12xf32>, %off: memref<1x18x10x10xf32>, %w: memref<8x4x3x3xf32>, %b: memref<8xf32>, %o: memref<1x8x10x10xf32>) {
  %c1 = arith.constant 1 : index
  %c40 = arith.constant 30 : index
  %c0 = arith.constant 0 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1) threads(%tx, %ty, %tz) in (%sx = %c40, %sy = %c1, %sz = %c1) {
    deform.conv2d ins(%x, %off, %w : memref<1x4x12x12xf32>, memref<1x18x10x10xf32>, memref<8x4x3x3xf32>) bias(%b : memref<8xf32>)
        outs(%o : memref<1x8x10x10xf32>) origin(%c0, %c0, %c0, %c0)
        {config = #deform.gpu_config<tile = [1, 8, 10, 12], thread_tile = [1, 8, 1, 4], reduction = 2, workgroup = [30, 1, 1], staging = columns_weights>}
    gpu.terminator
  }
  return
}

// -----

// COM: deform.sample_columns in a workgroup: the (tap, pixel) pairs shared
// COM: by the threads; the mask read once per pair.
// CHECK-LABEL: func @sample
// CHECK: gpu.launch
// CHECK: scf.for %{{.*}} = %{{.*}} to %c72 step %{{.*}} {
// CHECK:   memref.load {{.*}} : memref<{{.*}}xf32, strided<[1]>>
// CHECK:   math.floor
// CHECK:   scf.for %{{.*}} = %c0 to %c2 step %c1 {
// CHECK:     arith.mulf
// CHECK:     memref.store {{.*}} : memref<18x8xf32, #gpu.address_space<workgroup>>
func.func @sample(%x: memref<1x4x8x8xf32>, %off: memref<1x18x2x4xf32>, %m: memref<1x9x2x4xf32>,
                  %cols: memref<18x8xf32, #gpu.address_space<workgroup>>) {
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c0 = arith.constant 0 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1) threads(%tx, %ty, %tz) in (%sx = %c64, %sy = %c1, %sz = %c1) {
    deform.sample_columns ins(%x, %off : memref<1x4x8x8xf32>, memref<1x18x2x4xf32>) mask(%m : memref<1x9x2x4xf32>)
        outs(%cols : memref<18x8xf32, #gpu.address_space<workgroup>>) at(%c0, %c0, %c0, %c0, %c0, %c0)
        {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>}
    gpu.terminator
  }
  return
}

// -----

// COM: roi_pool: the tile's (roi, channel, bin) outputs spread over the
// COM: threads, one bin each.
// CHECK-LABEL: func @rois
// CHECK: gpu.launch
// CHECK: scf.for %{{.*}} = %{{.*}} to %c64 step %{{.*}} {
// CHECK:   arith.remui %{{.*}}, %c4
// CHECK:   memref.store %{{.*}} : memref<2x8x2x2xf32>
func.func @rois(%x: memref<1x8x10x10xf32>, %rois: memref<2x5xf32>, %o: memref<2x8x2x2xf32>) {
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1) threads(%tx, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1) {
    deform.roi_pool mmcv ins(%x, %rois : memref<1x8x10x10xf32>, memref<2x5xf32>) outs(%o : memref<2x8x2x2xf32>)
        {spatial_scale = 0.5 : f64, config = #deform.gpu_config<tile = [2, 8], thread_tile = [1, 1], workgroup = [32, 1, 1]>}
    gpu.terminator
  }
  return
}
