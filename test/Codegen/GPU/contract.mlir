// RUN: deform-opt %s -deform-gpu-contract | FileCheck %s

// COM: f32 arithmetic in kernels may contract into FMAs; f64 (coordinates,
// COM: RoI geometry) and host code stay exact.
// CHECK-LABEL: gpu.func @k
// CHECK: arith.mulf %{{.*}}, %{{.*}} fastmath<contract> : f32
// CHECK: arith.addf %{{.*}}, %{{.*}} fastmath<contract> : vector<4xf32>
// CHECK: arith.subf %{{.*}}, %{{.*}} fastmath<nnan,contract> : f32
// CHECK: arith.mulf %{{.*}}, %{{.*}} : f64
// CHECK-LABEL: func @host
// CHECK: arith.mulf %{{.*}}, %{{.*}} : f32
module attributes {gpu.container_module} {
  gpu.module @deform_kernels {
    gpu.func @k(%a: f32, %v: vector<4xf32>, %d: f64) kernel {
      %m = arith.mulf %a, %a : f32
      %s = arith.addf %v, %v : vector<4xf32>
      %t = arith.subf %m, %a fastmath<nnan> : f32
      %e = arith.mulf %d, %d : f64
      gpu.return
    }
  }
  func.func @host(%a: f32) -> f32 {
    %m = arith.mulf %a, %a : f32
    return %m : f32
  }
}
