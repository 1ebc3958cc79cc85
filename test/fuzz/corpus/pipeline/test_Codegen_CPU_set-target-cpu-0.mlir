module attributes {deform.target = #deform.cpu_target<cpu = "znver4", features = "+avx2,+avx512f", vector_bits = 512, vector_registers = 32>} {
  llvm.func @kernel(%arg0: f32) -> f32 {
    llvm.return %arg0 : f32
  }
  llvm.func @external()
}
