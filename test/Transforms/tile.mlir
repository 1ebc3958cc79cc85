// RUN: deform-opt %s -split-input-file -deform-tile -canonicalize -verify-diagnostics | FileCheck %s
// RUN: deform-opt %s -split-input-file -deform-tile="fuse=false" -canonicalize -verify-diagnostics | FileCheck %s --check-prefix=UNFUSED

// COM: conv2d tiles (batch, output channel, row, column) with its
// COM: configuration's tile sizes; the reduction over input channels stays
// COM: whole. Offset, mask and output are sliced to the tile, the input
// COM: keeps its image, the weight and bias all output channels, and origin
// COM: records the tile's absolute output channel, row, column and input
// COM: channel. 10 rows by 4 leave a partial last tile.
// CHECK-LABEL: func @conv
// CHECK: scf.forall (%[[B:.*]], %[[OC:.*]], %[[Y:.*]]) = (0, 0, 0) to (2, 6, 10) step (1, 3, 4) shared_outs(%[[OUT:.*]] = %{{.*}})
// CHECK:   %[[H:.*]] = affine.min
// CHECK:   %[[X:.*]] = tensor.extract_slice %{{.*}}[%[[B]], 0, 0, 0] [1, 4, 12, 12] [1, 1, 1, 1] : tensor<2x4x12x12xf32> to tensor<1x4x12x12xf32>
// CHECK:   %[[OFF:.*]] = tensor.extract_slice %{{.*}}[%[[B]], 0, %[[Y]], 0] [1, 18, %[[H]], 10] [1, 1, 1, 1] : tensor<2x18x10x10xf32> to tensor<1x18x?x10xf32>
// CHECK:   %[[M:.*]] = tensor.extract_slice %{{.*}}[%[[B]], 0, %[[Y]], 0] [1, 9, %[[H]], 10]
// CHECK:   %[[INIT:.*]] = tensor.extract_slice %[[OUT]][%[[B]], %[[OC]], %[[Y]], 0] [1, 3, %[[H]], 10]
// CHECK:   %[[T:.*]] = deform.conv2d ins(%[[X]], %[[OFF]], %{{.*}} : tensor<1x4x12x12xf32>, tensor<1x18x?x10xf32>, tensor<6x4x3x3xf32>) mask(%[[M]] : tensor<1x9x?x10xf32>) bias(%{{.*}} : tensor<6xf32>) outs(%[[INIT]] : tensor<1x3x?x10xf32>) origin(%[[OC]], %[[Y]], %{{.*}}, %{{.*}}) {config = #deform.cpu_config<{{.*}}>} -> tensor<1x3x?x10xf32>
// CHECK:   scf.forall.in_parallel
// CHECK:     tensor.parallel_insert_slice %[[T]] into %[[OUT]][%[[B]], %[[OC]], %[[Y]], 0] [1, 3, %[[H]], 10]
func.func @conv(%x: tensor<2x4x12x12xf32>, %off: tensor<2x18x10x10xf32>, %w: tensor<6x4x3x3xf32>,
                %m: tensor<2x9x10x10xf32>, %b: tensor<6xf32>, %init: tensor<2x6x10x10xf32>) -> tensor<2x6x10x10xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<2x4x12x12xf32>, tensor<2x18x10x10xf32>, tensor<6x4x3x3xf32>)
       mask(%m : tensor<2x9x10x10xf32>) bias(%b : tensor<6xf32>) outs(%init : tensor<2x6x10x10xf32>)
       {config = #deform.cpu_config<tile = [1, 3, 4, 16], reduction = 2, vector = 16, register_tile = [4, 1]>} -> tensor<2x6x10x10xf32>
  return %r : tensor<2x6x10x10xf32>
}

// -----

// COM: NHWC with interleaved offsets: spatial dims come first.
// CHECK-LABEL: func @nhwc
// CHECK: scf.forall (%[[Y:.*]], %[[X:.*]]) = (0, 0) to (6, 6) step (3, 2)
// CHECK: tensor.extract_slice %{{.*}}[0, %[[Y]], %[[X]], 0] [1, 3, 2, 36] [1, 1, 1, 1] : tensor<1x6x6x36xf32> to tensor<1x3x2x36xf32>
// CHECK: deform.conv2d {{.*}} outs(%{{.*}} : tensor<1x3x2x4xf32>) origin(%{{.*}}, %[[Y]], %[[X]], %{{.*}})
func.func @nhwc(%x: tensor<1x8x8x4xf32>, %off: tensor<1x6x6x36xf32>, %w: tensor<3x3x4x4xf32>,
                %init: tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x4xf32>, tensor<1x6x6x36xf32>, tensor<3x3x4x4xf32>)
       outs(%init : tensor<1x6x6x4xf32>) {data_layout = #deform.layout<nhwc>, offset_layout = #deform.offset_layout<interleaved>,
       offset_groups = 2, weight_layout = #deform.weight_layout<hwoi>,
       config = #deform.cpu_config<tile = [1, 4, 3, 2], reduction = 2, vector = 8, register_tile = [4, 1]>} -> tensor<1x6x6x4xf32>
  return %r : tensor<1x6x6x4xf32>
}

// -----

// COM: mmcv roi_pool tiles rois and channels (input channels follow);
// COM: dcn_psroi tiles rois only, both destinations.
// CHECK-LABEL: func @rois
// CHECK: scf.forall (%[[R:.*]], %[[C:.*]]) = (0, 0) to (6, 8) step (4, 4)
// CHECK:   tensor.extract_slice %{{.*}}[0, %[[C]], 0, 0] [1, 4, 10, 10]
// CHECK:   deform.roi_pool mmcv ins(%{{.*}}, %{{.*}} : tensor<1x4x10x10xf32>, tensor<?x5xf32>) outs(%{{.*}} : tensor<?x4x2x2xf32>)
// CHECK: scf.forall (%[[R2:.*]]) = (0) to (6) step (4)
// CHECK:   deform.roi_pool dcn_psroi ins(%{{.*}}, %{{.*}} : tensor<1x8x10x10xf32>, tensor<?x5xf32>) outs(%{{.*}}, %{{.*}} : tensor<?x2x2x2xf32>, tensor<?x2x2x2xf32>)
func.func @rois(%x: tensor<1x8x10x10xf32>, %rois: tensor<6x5xf32>, %o: tensor<6x8x2x2xf32>, %p: tensor<6x2x2x2xf32>, %n: tensor<6x2x2x2xf32>)
    -> (tensor<6x8x2x2xf32>, tensor<6x2x2x2xf32>, tensor<6x2x2x2xf32>) {
  %a = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<6x5xf32>) outs(%o : tensor<6x8x2x2xf32>)
       {spatial_scale = 0.5 : f64, config = #deform.cpu_config<tile = [4, 4], vector = 4>} -> tensor<6x8x2x2xf32>
  %b:2 = deform.roi_pool dcn_psroi ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<6x5xf32>) outs(%p, %n : tensor<6x2x2x2xf32>, tensor<6x2x2x2xf32>)
       {spatial_scale = 0.5 : f64, group_size = 2, part_size = 2, sample_per_part = 2, config = #deform.cpu_config<tile = [4], vector = 1>}
       -> tensor<6x2x2x2xf32>, tensor<6x2x2x2xf32>
  return %a, %b#0, %b#1 : tensor<6x8x2x2xf32>, tensor<6x2x2x2xf32>, tensor<6x2x2x2xf32>
}

// -----

func.func @missing_config(%x: tensor<1x8x10x10xf32>, %rois: tensor<6x5xf32>, %o: tensor<6x8x2x2xf32>) -> tensor<6x8x2x2xf32> {
  // expected-error @+1 {{'deform.roi_pool' op has no 'config' attribute: run a configure pass first (deform-configure-cpu or deform-configure-gpu), or write one}}
  %a = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<6x5xf32>) outs(%o : tensor<6x8x2x2xf32>)
       {spatial_scale = 0.5 : f64} -> tensor<6x8x2x2xf32>
  return %a : tensor<6x8x2x2xf32>
}

// -----

// COM: The regular convolution that computes the offsets is fused into the
// COM: conv2d's tiles: each tile computes its 18 offset channels on its
// COM: window of the input, into a tile-sized tensor. With fuse=false it is
// COM: tiled on its own (batch, channel, row, column) and computed whole.
// CHECK-LABEL: func @fused_offsets
// CHECK: scf.forall (%[[Y:.*]]) = (0) to (8) step (2)
// CHECK:   %[[WIN:.*]] = tensor.extract_slice %{{.*}}[0, 0, %[[Y]], 0] [1, 4, 4, 10] [1, 1, 1, 1] : tensor<1x4x10x10xf32> to tensor<1x4x4x10xf32>
// CHECK:   %[[E:.*]] = tensor.empty() : tensor<1x18x2x8xf32>
// CHECK:   %[[F:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E]] : tensor<1x18x2x8xf32>)
// CHECK:   %[[O:.*]] = linalg.conv_2d_nchw_fchw {deform.config = #deform.cpu_config<{{.*}}>} ins(%[[WIN]], %{{.*}} : tensor<1x4x4x10xf32>, tensor<18x4x3x3xf32>) outs(%[[F]] : tensor<1x18x2x8xf32>)
// CHECK:   deform.conv2d ins(%{{.*}}, %[[O]], %{{.*}} : tensor<1x4x10x10xf32>, tensor<1x18x2x8xf32>, tensor<6x4x3x3xf32>)
// CHECK-NOT: linalg.conv_2d_nchw_fchw
// UNFUSED-LABEL: func @fused_offsets
// UNFUSED: scf.forall
// UNFUSED:   linalg.conv_2d_nchw_fchw {deform.config
// UNFUSED: scf.forall
// UNFUSED:   deform.conv2d
func.func @fused_offsets(%x: tensor<1x4x10x10xf32>, %w_off: tensor<18x4x3x3xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x8x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x18x8x8xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x18x8x8xf32>) -> tensor<1x18x8x8xf32>
  %off = linalg.conv_2d_nchw_fchw {deform.config = #deform.cpu_config<tile = [1, 18, 4, 8], reduction = 4, vector = 16, register_tile = [6, 4]>}
         ins(%x, %w_off : tensor<1x4x10x10xf32>, tensor<18x4x3x3xf32>) outs(%z : tensor<1x18x8x8xf32>) -> tensor<1x18x8x8xf32>
  %init = tensor.empty() : tensor<1x6x8x8xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x10x10xf32>, tensor<1x18x8x8xf32>, tensor<6x4x3x3xf32>)
       outs(%init : tensor<1x6x8x8xf32>)
       {config = #deform.cpu_config<tile = [1, 6, 2, 8], reduction = 4, vector = 16, register_tile = [6, 4]>} -> tensor<1x6x8x8xf32>
  return %r : tensor<1x6x8x8xf32>
}

// -----

// COM: An empty domain (no rois): nothing to compute, the result is the
// COM: destination as it is.
// CHECK-LABEL: func @no_rois
// CHECK-NOT: scf.forall
// CHECK-NOT: deform.roi_pool
// CHECK: %[[E:.*]] = tensor.empty() : tensor<0x4x3x5xf32>
// CHECK: return %[[E]]
func.func @no_rois(%x: tensor<1x4x16x1xf32>, %rois: tensor<0x5xf32>) -> tensor<0x4x3x5xf32> {
  %init = tensor.empty() : tensor<0x4x3x5xf32>
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<1x4x16x1xf32>, tensor<0x5xf32>) outs(%init : tensor<0x4x3x5xf32>) {config = #deform.cpu_config<tile = [3, 2], vector = 1>, spatial_scale = 0.5 : f64} -> tensor<0x4x3x5xf32>
  return %r : tensor<0x4x3x5xf32>
}
