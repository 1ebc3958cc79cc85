// A reduction chunk that does not divide the input channels of a segment
// (weight group x offset group): the last chunk of each segment is shorter.
// 7 channels in chunks of 5 (5 + 2); 10 channels in 2 offset groups of
// 5, chunks of 2 (2 + 2 + 1 per group); NHWC; the mask and a weight group
// of 4 channels in chunks of 3. Chunks of up to 4 channels of NCHW keep
// the corners in registers, larger ones and NHWC go through memory: both
// are here. Against the float64 reference on random inputs whose offsets
// leave the image.
// RUN: deform-run %s --function=prime --random-inputs --offset-scale=4 --check | FileCheck %s
// RUN: deform-run %s --function=offset_groups --random-inputs --offset-scale=4 --check | FileCheck %s
// RUN: deform-run %s --function=nhwc --random-inputs --offset-scale=4 --check | FileCheck %s
// RUN: deform-run %s --function=weight_groups --random-inputs --offset-scale=4 --check | FileCheck %s
// CHECK: check: result 0: relative L2 error {{[0-9.e-]+}} vs the float64 reference {{.*}}: PASS
// A regular convolution on the same machinery (deform.im2col), 6 channels
// in chunks of 4, against upstream's loops (--scalar).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; r = np.random.default_rng(7); np.save('%t/x.npy', r.standard_normal((2, 6, 10, 10), dtype=np.float32)); np.save('%t/w.npy', r.standard_normal((18, 6, 3, 3), dtype=np.float32))"
// RUN: deform-run %s --function=regular --input=@%t/x.npy --input=@%t/w.npy --output=@%t/chunked.npy
// RUN: deform-run %s --function=regular --scalar --input=@%t/x.npy --input=@%t/w.npy --output=@%t/loops.npy
// RUN: %python -c "import numpy as np; a = np.load('%t/chunked.npy').astype(np.float64); b = np.load('%t/loops.npy').astype(np.float64); e = np.linalg.norm(a - b) / np.linalg.norm(b); print('regular: relative L2 %%.1e %%s' %% (e, 'PASS' if e < 1e-6 and np.abs(b).max() > 1 else 'FAIL'))" | FileCheck %s --check-prefix=REGULAR
// REGULAR: regular: relative L2 {{.*}} PASS

func.func @prime(%x: tensor<2x7x9x11xf32>, %off: tensor<2x18x9x11xf32>, %w: tensor<5x7x3x3xf32>,
                 %init: tensor<2x5x9x11xf32>) -> tensor<2x5x9x11xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<2x7x9x11xf32>, tensor<2x18x9x11xf32>, tensor<5x7x3x3xf32>)
       outs(%init : tensor<2x5x9x11xf32>)
       {pads = array<i64: 1, 1, 1, 1>,
        config = #deform.cpu_config<tile = [1, 5, 3, 11], reduction = 5, vector = 16, register_tile = [6, 4]>}
       -> tensor<2x5x9x11xf32>
  return %r : tensor<2x5x9x11xf32>
}

func.func @offset_groups(%x: tensor<1x10x8x8xf32>, %off: tensor<1x36x8x8xf32>, %w: tensor<6x10x3x3xf32>,
                         %m: tensor<1x18x8x8xf32>, %init: tensor<1x6x8x8xf32>) -> tensor<1x6x8x8xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x10x8x8xf32>, tensor<1x36x8x8xf32>, tensor<6x10x3x3xf32>)
       mask(%m : tensor<1x18x8x8xf32>) outs(%init : tensor<1x6x8x8xf32>)
       {pads = array<i64: 1, 1, 1, 1>, offset_groups = 2,
        config = #deform.cpu_config<tile = [1, 6, 4, 8], reduction = 2, vector = 8, register_tile = [3, 2]>}
       -> tensor<1x6x8x8xf32>
  return %r : tensor<1x6x8x8xf32>
}

func.func @nhwc(%x: tensor<2x9x7x7xf32>, %off: tensor<2x18x9x7xf32>, %w: tensor<4x7x3x3xf32>,
                %init: tensor<2x9x7x4xf32>) -> tensor<2x9x7x4xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<2x9x7x7xf32>, tensor<2x18x9x7xf32>, tensor<4x7x3x3xf32>)
       outs(%init : tensor<2x9x7x4xf32>)
       {pads = array<i64: 1, 1, 1, 1>, data_layout = #deform.layout<nhwc>,
        config = #deform.cpu_config<tile = [1, 4, 2, 7], reduction = 5, vector = 16, register_tile = [4, 1]>}
       -> tensor<2x9x7x4xf32>
  return %r : tensor<2x9x7x4xf32>
}

func.func @weight_groups(%x: tensor<1x8x8x8xf32>, %off: tensor<1x18x8x8xf32>, %w: tensor<6x4x3x3xf32>,
                         %m: tensor<1x9x8x8xf32>, %init: tensor<1x6x8x8xf32>) -> tensor<1x6x8x8xf32> {
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x8x8xf32>, tensor<1x18x8x8xf32>, tensor<6x4x3x3xf32>)
       mask(%m : tensor<1x9x8x8xf32>) outs(%init : tensor<1x6x8x8xf32>)
       {pads = array<i64: 1, 1, 1, 1>, groups = 2,
        config = #deform.cpu_config<tile = [1, 3, 2, 8], reduction = 3, vector = 8, register_tile = [4, 1]>}
       -> tensor<1x6x8x8xf32>
  return %r : tensor<1x6x8x8xf32>
}

func.func @regular(%x: tensor<2x6x10x10xf32>, %w: tensor<18x6x3x3xf32>) -> tensor<2x18x8x8xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x18x8x8xf32>
  %init = linalg.fill ins(%z : f32) outs(%e : tensor<2x18x8x8xf32>) -> tensor<2x18x8x8xf32>
  %r = linalg.conv_2d_nchw_fchw {deform.config = #deform.cpu_config<tile = [1, 18, 2, 8], reduction = 4, vector = 16, register_tile = [6, 4]>}
       ins(%x, %w : tensor<2x6x10x10xf32>, tensor<18x6x3x3xf32>) outs(%init : tensor<2x18x8x8xf32>) -> tensor<2x18x8x8xf32>
  return %r : tensor<2x18x8x8xf32>
}
