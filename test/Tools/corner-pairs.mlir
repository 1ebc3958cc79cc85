// Corner pairs (NCHW, contiguous columns: each corner row is one
// 2-element load) at the image's left and right edges, where a pair holds
// one column the sample does not read. Every interior column is +Inf and
// every sample sits on an edge: x = -0.5 (zero and dcnv1: the right corner
// is column 0; not for tf_clamp, see the .py) or x = W - 0.75 (the left
// corner is column W - 1; dcnv1 and tf_clamp replicate it), so an unread element that leaked in would make
// the result Inf or NaN where the float64 reference is finite. 2 channels
// keep the corners in registers, 5 go through memory; three boundary rules.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %s.py %t
// RUN: for f in zero_2 zero_5 dcnv1_2 dcnv1_5; do c=${f##*_}; deform-run %s --function=$f --input=@%t/x$c.npy --input=@%t/off.npy --input=@%t/w$c.npy --input=@%t/init.npy --check --num-threads=1 --output=@%t/$f.npy; done | FileCheck %s
// RUN: for f in tf_clamp_2 tf_clamp_5; do c=${f##*_}; deform-run %s --function=$f --input=@%t/x$c.npy --input=@%t/off_tf_clamp.npy --input=@%t/w$c.npy --input=@%t/init_tf_clamp.npy --check --num-threads=1 --output=@%t/$f.npy; done | FileCheck %s --check-prefix=TF
// CHECK-COUNT-4: check: result 0: relative L2 error {{[0-9.e-]+}} vs the float64 reference (max abs {{.*}}, 0 non-finite mismatches): PASS
// TF-COUNT-2: check: result 0: relative L2 error {{[0-9.e-]+}} vs the float64 reference (max abs {{.*}}, 0 non-finite mismatches): PASS
// Every result finite and not all zero (the check alone would pass NaN
// where the reference has NaN too):
// RUN: %python -c "import numpy as np, sys; r = [np.load('%t/%%s.npy' %% f) for f in sys.argv[1:]]; print('finite' if all(np.isfinite(a).all() and np.abs(a).max() > 0.1 for a in r) else 'NOT FINITE')" zero_2 zero_5 dcnv1_2 dcnv1_5 tf_clamp_2 tf_clamp_5 | FileCheck %s --check-prefix=FINITE
// FINITE: {{^}}finite

#cfg2 = #deform.cpu_config<tile = [1, 3, 3, 20], reduction = 2, vector = 16, register_tile = [3, 2]>
#tf2 = #deform.cpu_config<tile = [1, 3, 5, 22], reduction = 2, vector = 16, register_tile = [3, 2]>
#tf5 = #deform.cpu_config<tile = [1, 3, 5, 22], reduction = 5, vector = 16, register_tile = [3, 2]>
#cfg5 = #deform.cpu_config<tile = [1, 3, 3, 20], reduction = 5, vector = 16, register_tile = [3, 2]>
func.func @zero_2(%x: tensor<1x2x3x20xf32>, %off: tensor<1x2x3x20xf32>, %w: tensor<3x2x1x1xf32>, %init: tensor<1x3x3x20xf32>) -> tensor<1x3x3x20xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x2x3x20xf32>, tensor<1x2x3x20xf32>, tensor<3x2x1x1xf32>) outs(%init : tensor<1x3x3x20xf32>)
       {boundary = #deform.boundary<zero>, config = #cfg2} -> tensor<1x3x3x20xf32>
  return %r : tensor<1x3x3x20xf32>
}
func.func @zero_5(%x: tensor<1x5x3x20xf32>, %off: tensor<1x2x3x20xf32>, %w: tensor<3x5x1x1xf32>, %init: tensor<1x3x3x20xf32>) -> tensor<1x3x3x20xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x5x3x20xf32>, tensor<1x2x3x20xf32>, tensor<3x5x1x1xf32>) outs(%init : tensor<1x3x3x20xf32>)
       {boundary = #deform.boundary<zero>, config = #cfg5} -> tensor<1x3x3x20xf32>
  return %r : tensor<1x3x3x20xf32>
}
func.func @dcnv1_2(%x: tensor<1x2x3x20xf32>, %off: tensor<1x2x3x20xf32>, %w: tensor<3x2x1x1xf32>, %init: tensor<1x3x3x20xf32>) -> tensor<1x3x3x20xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x2x3x20xf32>, tensor<1x2x3x20xf32>, tensor<3x2x1x1xf32>) outs(%init : tensor<1x3x3x20xf32>)
       {boundary = #deform.boundary<dcnv1>, config = #cfg2} -> tensor<1x3x3x20xf32>
  return %r : tensor<1x3x3x20xf32>
}
func.func @dcnv1_5(%x: tensor<1x5x3x20xf32>, %off: tensor<1x2x3x20xf32>, %w: tensor<3x5x1x1xf32>, %init: tensor<1x3x3x20xf32>) -> tensor<1x3x3x20xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x5x3x20xf32>, tensor<1x2x3x20xf32>, tensor<3x5x1x1xf32>) outs(%init : tensor<1x3x3x20xf32>)
       {boundary = #deform.boundary<dcnv1>, config = #cfg5} -> tensor<1x3x3x20xf32>
  return %r : tensor<1x3x3x20xf32>
}
func.func @tf_clamp_2(%x: tensor<1x2x3x20xf32>, %off: tensor<1x2x5x22xf32>, %w: tensor<3x2x1x1xf32>, %init: tensor<1x3x5x22xf32>) -> tensor<1x3x5x22xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x2x3x20xf32>, tensor<1x2x5x22xf32>, tensor<3x2x1x1xf32>) outs(%init : tensor<1x3x5x22xf32>)
       {boundary = #deform.boundary<tf_clamp>, pads = array<i64: 1, 1, 1, 1>, config = #tf2} -> tensor<1x3x5x22xf32>
  return %r : tensor<1x3x5x22xf32>
}
func.func @tf_clamp_5(%x: tensor<1x5x3x20xf32>, %off: tensor<1x2x5x22xf32>, %w: tensor<3x5x1x1xf32>, %init: tensor<1x3x5x22xf32>) -> tensor<1x3x5x22xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x5x3x20xf32>, tensor<1x2x5x22xf32>, tensor<3x5x1x1xf32>) outs(%init : tensor<1x3x5x22xf32>)
       {boundary = #deform.boundary<tf_clamp>, pads = array<i64: 1, 1, 1, 1>, config = #tf5} -> tensor<1x3x5x22xf32>
  return %r : tensor<1x3x5x22xf32>
}
