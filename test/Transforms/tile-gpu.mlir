// RUN: deform-opt %s -split-input-file -deform-tile=level=workgroup -canonicalize -verify-diagnostics | FileCheck %s --check-prefix=WG
// RUN: deform-opt %s -split-input-file -deform-tile=level=workgroup -deform-tile=level=thread -canonicalize -verify-diagnostics | FileCheck %s --check-prefix=TH

// COM: level=workgroup: one GPU workgroup per configured tile, the loops
// COM: marked #gpu.block (the last one fastest, linear_dim_0). Columns
// COM: tiled by 12 over 10: one partial tile. level=thread then tiles each
// COM: workgroup tile again by the thread tile (1 x 4 output channels x 1
// COM: x 4 pixels), marked #gpu.thread, origins composed.
// WG-LABEL: func @conv
// WG: scf.forall (%{{.*}}, %{{.*}}, %[[Y:.*]], %{{.*}}) = (0, 0, 0, 0) to (1, 8, 10, 10) step (1, 8, 2, 12)
// WG:   deform.conv2d {{.*}} outs(%{{.*}} : tensor<1x8x2x10xf32>) origin(%{{.*}}, %[[Y]], %{{.*}}, %{{.*}})
// WG: } {mapping = [#gpu.block<linear_dim_3>, #gpu.block<linear_dim_2>, #gpu.block<linear_dim_1>, #gpu.block<linear_dim_0>]}
// TH-LABEL: func @conv
// TH: scf.forall (%{{.*}}, %{{.*}}, %[[Y:.*]], %{{.*}}) = (0, 0, 0, 0) to (1, 8, 10, 10) step (1, 8, 2, 12)
// TH:   scf.forall (%{{.*}}, %[[OC:.*]], %[[TY:.*]], %[[TX:.*]]) = (0, 0, 0, 0) to (1, 8, 2, 10) step (1, 4, 1, 4)
// TH:     %[[ABSY:.*]] = arith.addi %[[Y]], %[[TY]]
// TH:     deform.conv2d {{.*}} outs(%{{.*}} : tensor<1x4x1x?xf32>) origin(%[[OC]], %[[ABSY]], %[[TX]], %{{.*}})
// TH:   } {mapping = [#gpu.thread<linear_dim_3>, #gpu.thread<linear_dim_2>, #gpu.thread<linear_dim_1>, #gpu.thread<linear_dim_0>]}
// TH: } {mapping = [#gpu.block<linear_dim_3>, #gpu.block<linear_dim_2>, #gpu.block<linear_dim_1>, #gpu.block<linear_dim_0>]}
func.func @conv(%x: tensor<1x4x12x12xf32>, %off: tensor<1x18x10x10xf32>, %w: tensor<8x4x3x3xf32>,
                %init: tensor<1x8x10x10xf32>) -> tensor<1x8x10x10xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x12x12xf32>, tensor<1x18x10x10xf32>, tensor<8x4x3x3xf32>)
       outs(%init : tensor<1x8x10x10xf32>)
       {config = #deform.gpu_config<tile = [1, 8, 2, 12], thread_tile = [1, 4, 1, 4], reduction = 2, workgroup = [12, 1, 1], staging = columns_weights>} -> tensor<1x8x10x10xf32>
  return %r : tensor<1x8x10x10xf32>
}

// -----

// COM: roi_pool: (roi, channel) workgroups, one (roi, channel) per thread.
// WG-LABEL: func @rois
// WG: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (6, 8) step (2, 8)
// WG: } {mapping = [#gpu.block<linear_dim_1>, #gpu.block<linear_dim_0>]}
// TH-LABEL: func @rois
// TH: scf.forall (%{{.*}}, %{{.*}}) in (2, 8)
// TH: } {mapping = [#gpu.thread<linear_dim_1>, #gpu.thread<linear_dim_0>]}
func.func @rois(%x: tensor<1x8x10x10xf32>, %rois: tensor<6x5xf32>, %o: tensor<6x8x2x2xf32>) -> tensor<6x8x2x2xf32> {
  %a = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<6x5xf32>) outs(%o : tensor<6x8x2x2xf32>)
       {spatial_scale = 0.5 : f64, config = #deform.gpu_config<tile = [2, 8], thread_tile = [1, 1], workgroup = [32, 1, 1]>} -> tensor<6x8x2x2xf32>
  return %a : tensor<6x8x2x2xf32>
}
