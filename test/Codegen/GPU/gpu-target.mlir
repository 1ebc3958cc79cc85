// RUN: deform-opt %s -split-input-file -deform-gpu-target | FileCheck %s
// RUN: deform-opt %s -split-input-file -deform-gpu-target="chips=sm_86,sm_90 ptx=78" | FileCheck %s --check-prefix=CHIPS

// COM: The module's GPU target: sm_80 and sm_90, PTX 8.0 by default, the
// COM: limits every such chip has.
// CHECK: module attributes {deform.target = #deform.gpu_target<chips = [80, 90], ptx = 80, max_threads = 1024, shared_memory = 49152, registers = 65536>}
// CHIPS: module attributes {deform.target = #deform.gpu_target<chips = [86, 90], ptx = 78, max_threads = 1024, shared_memory = 49152, registers = 65536>}
module {
}

// -----

// COM: A module that has a GPU target keeps it.
// CHECK: module attributes {deform.target = #deform.gpu_target<chips = [75], ptx = 70, max_threads = 1024, shared_memory = 32768, registers = 65536>}
// CHIPS: module attributes {deform.target = #deform.gpu_target<chips = [75], ptx = 70, max_threads = 1024, shared_memory = 32768, registers = 65536>}
module attributes {deform.target = #deform.gpu_target<chips = [75], ptx = 70, max_threads = 1024, shared_memory = 32768, registers = 65536>} {
}
