module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v3", features = "", vector_bits = 256, vector_registers = 16>} {
  llvm.func @portable() {
    llvm.return
  }
}
