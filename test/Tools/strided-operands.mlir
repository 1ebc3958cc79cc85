// Operands with non-contiguous layouts (a cropped or strided input, a
// destination that is a window of a larger tensor) bufferize to strided
// subviews; they lower and compute what the dense op computes on a copy.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; r=np.random.default_rng(3); f=lambda *s, k=1.0: (k*r.standard_normal(s)).astype(np.float32); np.save('%t/x.npy', f(1,4,20,20)); np.save('%t/off.npy', f(1,18,8,8,k=4.0)); np.save('%t/w.npy', f(6,4,3,3)); np.save('%t/y.npy', f(1,6,10,10)); np.save('%t/rois.npy', np.array([[0,1.5,2.0,9.0,8.5],[0,0,0,19,19]],np.float32)); np.save('%t/x_crop.npy', np.load('%t/x.npy')[:,:,1:11,1:11].copy()); np.save('%t/x_step.npy', np.load('%t/x.npy')[:,:,::2,::2].copy())"
// RUN: deform-run %s --function=crop --input=@%t/x.npy --input=@%t/off.npy --input=@%t/w.npy --output=@%t/crop.npy
// RUN: deform-run %s --function=step --input=@%t/x.npy --input=@%t/off.npy --input=@%t/w.npy --output=@%t/step.npy
// RUN: deform-run %s --function=window --input=@%t/x_crop.npy --input=@%t/off.npy --input=@%t/w.npy --input=@%t/y.npy --output=@%t/window.npy
// RUN: deform-run %s --function=dense --input=@%t/x_crop.npy --input=@%t/off.npy --input=@%t/w.npy --output=@%t/dense_crop.npy
// RUN: deform-run %s --function=dense --input=@%t/x_step.npy --input=@%t/off.npy --input=@%t/w.npy --output=@%t/dense_step.npy
// RUN: deform-run %s --function=roi_crop --input=@%t/x.npy --input=@%t/rois.npy --output=@%t/roi_crop.npy
// RUN: deform-run %s --function=roi_dense --input=@%t/x_crop.npy --input=@%t/rois.npy --output=@%t/roi_dense.npy
// RUN: %python -c "import numpy as np; l=lambda n: np.load('%t/'+n+'.npy'); w=l('y').copy(); w[:,:,1:9,2:10]=l('dense_crop'); c=lambda a, b: np.allclose(a, b, rtol=1e-5, atol=1e-6); print('crop', c(l('crop'), l('dense_crop')), 'step', c(l('step'), l('dense_step')), 'window', c(l('window'), w), 'roi', c(l('roi_crop'), l('roi_dense')), 'nonzero', bool(np.abs(l('dense_crop')).min() > 0))" | FileCheck %s
// CHECK: crop True step True window True roi True nonzero True
// The same functions compile ahead of time.
// RUN: deform-compile %s -o strided --output-dir=%t | FileCheck %s --check-prefix=AOT
// AOT: strided.o
// At the IR level the strided views reach the lowering as they are.
// RUN: deform-opt %s --deform-cpu-pipeline | FileCheck %s --check-prefix=LLVM
// LLVM: llvm.func @crop
// LLVM: llvm.func @step
// LLVM: llvm.func @window

func.func @dense(%x: tensor<1x4x10x10xf32>, %off: tensor<1x18x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x8x8xf32> {
  %init = tensor.empty() : tensor<1x6x8x8xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x10x10xf32>, tensor<1x18x8x8xf32>, tensor<6x4x3x3xf32>)
       outs(%init : tensor<1x6x8x8xf32>) -> tensor<1x6x8x8xf32>
  return %r : tensor<1x6x8x8xf32>
}

// A crop: row stride 20, offset 21.
func.func @crop(%x: tensor<1x4x20x20xf32>, %off: tensor<1x18x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x8x8xf32> {
  %crop = tensor.extract_slice %x[0, 0, 1, 1] [1, 4, 10, 10] [1, 1, 1, 1] : tensor<1x4x20x20xf32> to tensor<1x4x10x10xf32>
  %init = tensor.empty() : tensor<1x6x8x8xf32>
  %r = deform.conv2d ins(%crop, %off, %w : tensor<1x4x10x10xf32>, tensor<1x18x8x8xf32>, tensor<6x4x3x3xf32>)
       outs(%init : tensor<1x6x8x8xf32>) -> tensor<1x6x8x8xf32>
  return %r : tensor<1x6x8x8xf32>
}

// Every second pixel: the innermost stride is 2.
func.func @step(%x: tensor<1x4x20x20xf32>, %off: tensor<1x18x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x8x8xf32> {
  %s = tensor.extract_slice %x[0, 0, 0, 0] [1, 4, 10, 10] [1, 1, 2, 2] : tensor<1x4x20x20xf32> to tensor<1x4x10x10xf32>
  %init = tensor.empty() : tensor<1x6x8x8xf32>
  %r = deform.conv2d ins(%s, %off, %w : tensor<1x4x10x10xf32>, tensor<1x18x8x8xf32>, tensor<6x4x3x3xf32>)
       outs(%init : tensor<1x6x8x8xf32>) -> tensor<1x6x8x8xf32>
  return %r : tensor<1x6x8x8xf32>
}

// The destination is a window of a larger tensor.
func.func @window(%x: tensor<1x4x10x10xf32>, %off: tensor<1x18x8x8xf32>, %w: tensor<6x4x3x3xf32>, %y: tensor<1x6x10x10xf32>) -> tensor<1x6x10x10xf32> {
  %dst = tensor.extract_slice %y[0, 0, 1, 2] [1, 6, 8, 8] [1, 1, 1, 1] : tensor<1x6x10x10xf32> to tensor<1x6x8x8xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x4x10x10xf32>, tensor<1x18x8x8xf32>, tensor<6x4x3x3xf32>)
       outs(%dst : tensor<1x6x8x8xf32>) -> tensor<1x6x8x8xf32>
  %out = tensor.insert_slice %r into %y[0, 0, 1, 2] [1, 6, 8, 8] [1, 1, 1, 1] : tensor<1x6x8x8xf32> into tensor<1x6x10x10xf32>
  return %out : tensor<1x6x10x10xf32>
}

func.func @roi_dense(%x: tensor<1x4x10x10xf32>, %rois: tensor<2x5xf32>) -> tensor<2x4x3x3xf32> {
  %init = tensor.empty() : tensor<2x4x3x3xf32>
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<1x4x10x10xf32>, tensor<2x5xf32>)
       outs(%init : tensor<2x4x3x3xf32>) {spatial_scale = 1.0 : f64, sampling_ratio = 2 : i64, gamma = 0.1 : f64}
       -> tensor<2x4x3x3xf32>
  return %r : tensor<2x4x3x3xf32>
}

func.func @roi_crop(%x: tensor<1x4x20x20xf32>, %rois: tensor<2x5xf32>) -> tensor<2x4x3x3xf32> {
  %crop = tensor.extract_slice %x[0, 0, 1, 1] [1, 4, 10, 10] [1, 1, 1, 1] : tensor<1x4x20x20xf32> to tensor<1x4x10x10xf32>
  %init = tensor.empty() : tensor<2x4x3x3xf32>
  %r = deform.roi_pool mmcv ins(%crop, %rois : tensor<1x4x10x10xf32>, tensor<2x5xf32>)
       outs(%init : tensor<2x4x3x3xf32>) {spatial_scale = 1.0 : f64, sampling_ratio = 2 : i64, gamma = 0.1 : f64}
       -> tensor<2x4x3x3xf32>
  return %r : tensor<2x4x3x3xf32>
}
