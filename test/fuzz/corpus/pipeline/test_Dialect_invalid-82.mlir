module attributes {deform.target = #deform.cpu_target<cpu = "x86-64", features = "", vector_bits = 100, vector_registers = 16>} {
}
