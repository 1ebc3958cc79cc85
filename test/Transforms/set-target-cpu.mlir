// RUN: deform-opt %s -deform-set-target-cpu="cpu=x86-64-v3" | FileCheck %s
// RUN: deform-opt %s -deform-set-target-cpu | FileCheck %s --check-prefix=HOST

// CHECK-LABEL: llvm.func @kernel
// CHECK-SAME: target_cpu = "x86-64-v3"
// CHECK-NOT: target_features
// CHECK: llvm.func @external()
// CHECK-NOT: target_cpu
// HOST-LABEL: llvm.func @kernel
// HOST-SAME: target_cpu = "{{[a-z0-9_-]+}}"
// HOST-SAME: target_features = #llvm.target_features<[{{.*}}"+sse2"
llvm.func @kernel(%arg0: f32) -> f32 {
  llvm.return %arg0 : f32
}
llvm.func @external()
