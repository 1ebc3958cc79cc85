// deform-run computes a known value end to end: a 1x1 deformable conv whose
// single tap samples at (+0.5, +0.25) from each pixel, weight 2, bias 1.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; x=np.arange(16,dtype=np.float32).reshape(1,1,4,4); np.save('%t/x.npy', x); o=np.zeros((1,2,4,4),np.float32); o[0,0]=0.5; o[0,1]=0.25; np.save('%t/off.npy', o); np.save('%t/w.npy', np.full((1,1,1,1),2,np.float32)); np.save('%t/b.npy', np.ones(1,np.float32))"
// RUN: deform-run %s --input=@%t/x.npy --input=@%t/off.npy --input=@%t/w.npy --input=@%t/b.npy --output=@%t/y.npy --benchmark=3
// RUN: %python -c "import numpy as np; y=np.load('%t/y.npy'); print(y[0,0,0,0], y[0,0,1,1], y[0,0,3,3])" | FileCheck %s
// COM: (0,0): bilinear at (0.5, 0.25) = 0.5*4 + 0.25 = 2.25 -> 2*2.25+1 = 5.5.
// COM: (1,1): 5 + 2.25 = 7.25 -> 15.5. (3,3): row 3.5 reads half of row 3,
// COM: col 3.25 reads 0.75 of col 3: (15*0.75)*0.5 = 5.625 -> 12.25.
// CHECK: 5.5 15.5 12.25

func.func @main(%x: tensor<1x1x4x4xf32>, %off: tensor<1x2x4x4xf32>, %w: tensor<1x1x1x1xf32>, %b: tensor<1xf32>) -> tensor<1x1x4x4xf32> {
  %init = tensor.empty() : tensor<1x1x4x4xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x1x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x1x1x1xf32>)
       bias(%b : tensor<1xf32>) outs(%init : tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  return %r : tensor<1x1x4x4xf32>
}
