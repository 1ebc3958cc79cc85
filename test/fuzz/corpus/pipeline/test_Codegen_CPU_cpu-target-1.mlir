module attributes {deform.target = #deform.cpu_target<cpu = "znver4", features = "+avx512f", vector_bits = 512, vector_registers = 32>} {
}
