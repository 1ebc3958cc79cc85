module attributes {deform.target = #deform.cpu_target<cpu = "", features = "", vector_bits = 256, vector_registers = 16>} {
}
