module attributes {deform.target = #deform.cpu_target<cpu = "x86-64", features = "", vector_bits = 128, vector_registers = 0>} {
}
