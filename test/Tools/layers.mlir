// Whole layers in one function (Inputs/layers.mlir): the offset convolution
// runs on deform's own machinery, fused into the deformable convolution's
// tiles by default. Every layer, fused (default), unfused (--fuse=false) and
// through the scalar loops (--scalar: upstream's loops for linalg, the
// scalar implementation for deform ops), agrees to 1e-5 relative L2 on
// random inputs whose offsets (about N(0, 2^2)) leave the image.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/layer_inputs.py %t
// RUN: deform-run %S/Inputs/layers.mlir --function=dcnv1 --input=@%t/dcnv1_x.npy --input=@%t/dcnv1_woff.npy --input=@%t/dcnv1_w.npy --output=@%t/dcnv1_fused.npy
// RUN: deform-run %S/Inputs/layers.mlir --function=dcnv1 --fuse=false --input=@%t/dcnv1_x.npy --input=@%t/dcnv1_woff.npy --input=@%t/dcnv1_w.npy --output=@%t/dcnv1_whole.npy
// RUN: deform-run %S/Inputs/layers.mlir --function=dcnv1 --scalar --input=@%t/dcnv1_x.npy --input=@%t/dcnv1_woff.npy --input=@%t/dcnv1_w.npy --output=@%t/dcnv1_scalar.npy
// RUN: deform-run %S/Inputs/layers.mlir --function=modulated --input=@%t/modulated_x.npy --input=@%t/modulated_woff.npy --input=@%t/modulated_w.npy --input=@%t/modulated_b.npy --output=@%t/modulated_fused.npy
// RUN: deform-run %S/Inputs/layers.mlir --function=modulated --fuse=false --input=@%t/modulated_x.npy --input=@%t/modulated_woff.npy --input=@%t/modulated_w.npy --input=@%t/modulated_b.npy --output=@%t/modulated_whole.npy
// RUN: deform-run %S/Inputs/layers.mlir --function=modulated --scalar --input=@%t/modulated_x.npy --input=@%t/modulated_woff.npy --input=@%t/modulated_w.npy --input=@%t/modulated_b.npy --output=@%t/modulated_scalar.npy
// RUN: deform-run %S/Inputs/layers.mlir --function=tf_layer --input=@%t/tf_layer_x.npy --input=@%t/tf_layer_woff.npy --input=@%t/tf_layer_w.npy --input=@%t/tf_layer_b.npy --output=@%t/tf_layer_fused.npy
// RUN: deform-run %S/Inputs/layers.mlir --function=tf_layer --fuse=false --input=@%t/tf_layer_x.npy --input=@%t/tf_layer_woff.npy --input=@%t/tf_layer_w.npy --input=@%t/tf_layer_b.npy --output=@%t/tf_layer_whole.npy
// RUN: deform-run %S/Inputs/layers.mlir --function=tf_layer --scalar --input=@%t/tf_layer_x.npy --input=@%t/tf_layer_woff.npy --input=@%t/tf_layer_w.npy --input=@%t/tf_layer_b.npy --output=@%t/tf_layer_scalar.npy
// RUN: deform-run %S/Inputs/layers.mlir --function=wide --input=@%t/wide_x.npy --input=@%t/wide_woff.npy --input=@%t/wide_w.npy --output=@%t/wide_fused.npy
// RUN: deform-run %S/Inputs/layers.mlir --function=wide --fuse=false --input=@%t/wide_x.npy --input=@%t/wide_woff.npy --input=@%t/wide_w.npy --output=@%t/wide_whole.npy
// RUN: deform-run %S/Inputs/layers.mlir --function=wide --scalar --input=@%t/wide_x.npy --input=@%t/wide_woff.npy --input=@%t/wide_w.npy --output=@%t/wide_scalar.npy
// RUN: %python %S/Inputs/layer_inputs.py %t --compare dcnv1 modulated tf_layer wide | FileCheck %s
// The wide layer on AVX2 (8-pixel vectors) as well:
// RUN: deform-run %S/Inputs/layers.mlir --function=wide --cpu=x86-64-v3 --input=@%t/wide_x.npy --input=@%t/wide_woff.npy --input=@%t/wide_w.npy --output=@%t/wide_fused.npy
// RUN: deform-run %S/Inputs/layers.mlir --function=wide --cpu=x86-64-v3 --fuse=false --input=@%t/wide_x.npy --input=@%t/wide_woff.npy --input=@%t/wide_w.npy --output=@%t/wide_whole.npy
// RUN: %python %S/Inputs/layer_inputs.py %t --compare wide | FileCheck %s --check-prefix=AVX2
// AVX2: wide: fused PASS, whole PASS
// CHECK: dcnv1: fused PASS, whole PASS
// CHECK: modulated: fused PASS, whole PASS
// CHECK: tf_layer: fused PASS, whole PASS
// CHECK: wide: fused PASS, whole PASS

// The fused offset convolution, as deform-tile leaves it: inside the
// deformable convolution's tiles, on a tile-sized buffer.
// RUN: deform-opt %S/Inputs/layers.mlir --pass-pipeline="builtin.module(deform-cpu-target,deform-configure-cpu,deform-tile,canonicalize)" | FileCheck %s --check-prefix=TILE
// TILE-LABEL: func.func @dcnv1
// TILE: scf.forall
// TILE: tensor.empty() : tensor<1x18x3x10xf32>
// TILE: linalg.fill
// TILE: linalg.conv_2d_nchw_fchw {deform.config = #deform.cpu_config<
// TILE: deform.conv2d
// TILE: scf.forall.in_parallel
// TILE-LABEL: func.func @tf_layer
// TILE: scf.forall
// TILE: linalg.conv_2d_nhwc_hwcf {deform.config = #deform.cpu_config<
// TILE: deform.conv2d
