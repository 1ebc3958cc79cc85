// RUN: deform-opt %s -split-input-file -deform-cpu-target="cpu=x86-64-v3" | FileCheck %s --check-prefix=AVX2
// RUN: deform-opt %s -split-input-file -deform-cpu-target="cpu=x86-64-v4" | FileCheck %s --check-prefix=AVX512
// RUN: deform-opt %s -split-input-file -deform-cpu-target | FileCheck %s --check-prefix=HOST
// RUN: not deform-opt %s -split-input-file -deform-cpu-target="cpu=bogus" 2>&1 | FileCheck %s --check-prefix=BOGUS

// COM: The module's one target: the CPU's vector width and register count
// COM: (read by deform-configure-cpu) and its name and features (read by
// COM: deform-set-target-cpu and deform-compile).
// AVX2: module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v3", features = "", vector_bits = 256, vector_registers = 16>}
// AVX512: module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v4", features = "", vector_bits = 512, vector_registers = 32>}
// HOST: module attributes {deform.target = #deform.cpu_target<cpu = "{{[a-z0-9_-]+}}", features = "{{.*}}+sse2{{.*}}", vector_bits = {{128|256|512}}, vector_registers = {{16|32}}>}
// BOGUS: error: deform-cpu-target: unknown CPU 'bogus' for x86_64{{.*}} (expected host or an LLVM CPU name such as x86-64-v3 or x86-64-v4; `llc-22 -mcpu=help` lists them)
module {
}

// -----

// COM: A target already there is kept.
// AVX2: module attributes {deform.target = #deform.cpu_target<cpu = "znver4", features = "+avx512f", vector_bits = 512, vector_registers = 32>}
module attributes {deform.target = #deform.cpu_target<cpu = "znver4", features = "+avx512f", vector_bits = 512, vector_registers = 32>} {
}
