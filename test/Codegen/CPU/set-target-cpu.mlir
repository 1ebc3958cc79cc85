// RUN: deform-opt %s -split-input-file -deform-set-target-cpu -verify-diagnostics | FileCheck %s

// COM: The module's target goes on every function definition.
// CHECK-LABEL: llvm.func @kernel
// CHECK-SAME: target_cpu = "znver4"
// CHECK-SAME: target_features = #llvm.target_features<["+avx2", "+avx512f"]>
// CHECK: llvm.func @external()
// CHECK-NOT: target_cpu
module attributes {deform.target = #deform.cpu_target<cpu = "znver4", features = "+avx2,+avx512f", vector_bits = 512, vector_registers = 32>} {
  llvm.func @kernel(%arg0: f32) -> f32 {
    llvm.return %arg0 : f32
  }
  llvm.func @external()
}

// -----

// COM: A named CPU with its default features.
// CHECK-LABEL: llvm.func @portable
// CHECK-SAME: target_cpu = "x86-64-v3"
// CHECK-NOT: target_features
module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v3", features = "", vector_bits = 256, vector_registers = 16>} {
  llvm.func @portable() {
    llvm.return
  }
}

// -----

// expected-error @+1 {{deform-set-target-cpu: the module has no 'deform.target' #deform.cpu_target (run deform-cpu-target)}}
module {
  llvm.func @untargeted() {
    llvm.return
  }
}
