// REQUIRES: gpu-emulator
// The application of deform-compile-cuda.mlir on the emulating driver: the
// header's host-array and device-buffer functions both match the float64
// reference, and a too-small buffer is refused with its name and sizes.
// RUN: rm -rf %t && mkdir -p %t
// RUN: deform-compile %S/deform-compile-cuda.mlir --target=cuda --gpu-emulate -o layer --output-dir=%t
// RUN: %cxx -std=c++17 -I %t -I %deform_runtime_include -I %deform_src_root/reference/include %S/Inputs/cuda-app.cpp %t/layer.o %deform_runtime_lib %deform_obj_root/reference/libDeformReference.a -ldl -lpthread -o %t/app
// RUN: env DEFORM_CUDA_DRIVER_PATH=%emu-cuda-driver %t/app | FileCheck %s
// CHECK: too small: deform_gpu_program_run: program '__deform_5layer_main': buffer 3 (result 0) holds 16 bytes, expected at least 600
// CHECK: relative L2 error {{.*}}: PASS
// CHECK: relative L2 error {{.*}}: PASS
