// A case whose float64 reference is about 1e-46 everywhere (offsets of
// N(0, 1000) put the samples outside the image but for one whose offset is
// 1.4e-45, the smallest denormal: its bilinear weight is that small):
// float32 cannot hold such values and the result is 0. --check measures the error against
// float32's smallest normal number there, not against the reference's own
// size (relative L2 error 1 before; kernels fuzz finding kernels-5).
// RUN: deform-run %S/Inputs/tiny-reference/case.mlir --input=@%S/Inputs/tiny-reference/in0.npy --input=@%S/Inputs/tiny-reference/in1.npy --input=@%S/Inputs/tiny-reference/in2.npy --check --num-threads=1 | FileCheck %s
// CHECK: check: result 0: relative L2 error {{[0-9.e-]+}} vs the float64 reference (max abs {{[0-9.]+}}e-46, 0 non-finite mismatches): PASS
