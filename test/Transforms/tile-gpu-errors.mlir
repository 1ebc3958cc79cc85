// RUN: deform-opt %s -split-input-file -deform-tile=level=thread -verify-diagnostics

// COM: level=thread needs the configuration's thread tile: a CPU
// COM: configuration has none.
func.func @cpu_config(%x: tensor<1x8x10x10xf32>, %rois: tensor<6x5xf32>, %o: tensor<6x8x2x2xf32>) -> tensor<6x8x2x2xf32> {
  %c0 = arith.constant 0 : index
  %r = scf.forall (%i) in (1) shared_outs(%s = %o) -> tensor<6x8x2x2xf32> {
    // expected-error @+1 {{'deform.roi_pool' op has configuration #deform.cpu_config<tile = [4, 4], vector = 4> without thread tile sizes; deform-tile level=thread needs a GPU configuration}}
    %a = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x10x10xf32>, tensor<6x5xf32>) outs(%s : tensor<6x8x2x2xf32>)
         {spatial_scale = 0.5 : f64, config = #deform.cpu_config<tile = [4, 4], vector = 4>} -> tensor<6x8x2x2xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %a into %s[0, 0, 0, 0] [6, 8, 2, 2] [1, 1, 1, 1] : tensor<6x8x2x2xf32> into tensor<6x8x2x2xf32>
    }
  } {mapping = [#gpu.block<x>]}
  return %r : tensor<6x8x2x2xf32>
}
