// RUN: deform-opt %s -deform-gpu-native-math | FileCheck %s

// COM: libdevice calls the deform ops need become one-instruction NVPTX
// COM: intrinsics; their declarations go; other libdevice calls stay.
// CHECK-LABEL: gpu.module @deform_kernels
// CHECK-NOT: llvm.func @__nv_floor(
// CHECK-NOT: llvm.func @__nv_ceilf(
// CHECK: llvm.func @__nv_expf(f32) -> f32
// CHECK-LABEL: llvm.func @k
// CHECK: llvm.intr.floor(%{{.*}}) : (f64) -> f64
// CHECK: llvm.intr.ceil(%{{.*}}) : (f32) -> f32
// CHECK: llvm.intr.round(%{{.*}}) : (f64) -> f64
// CHECK: llvm.intr.fabs(%{{.*}}) : (f32) -> f32
// CHECK: llvm.intr.fma(%{{.*}}, %{{.*}}, %{{.*}}) : (f32, f32, f32) -> f32
// CHECK: llvm.call @__nv_expf
module attributes {gpu.container_module} {
  gpu.module @deform_kernels {
    llvm.func @__nv_floor(f64) -> f64
    llvm.func @__nv_ceilf(f32) -> f32
    llvm.func @__nv_round(f64) -> f64
    llvm.func @__nv_fabsf(f32) -> f32
    llvm.func @__nv_fmaf(f32, f32, f32) -> f32
    llvm.func @__nv_expf(f32) -> f32
    llvm.func @k(%d: f64, %f: f32) {
      %0 = llvm.call @__nv_floor(%d) : (f64) -> f64
      %1 = llvm.call @__nv_ceilf(%f) : (f32) -> f32
      %2 = llvm.call @__nv_round(%d) : (f64) -> f64
      %3 = llvm.call @__nv_fabsf(%f) : (f32) -> f32
      %4 = llvm.call @__nv_fmaf(%f, %f, %f) : (f32, f32, f32) -> f32
      %5 = llvm.call @__nv_expf(%f) : (f32) -> f32
      llvm.return
    }
  }
}
