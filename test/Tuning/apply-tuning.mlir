// deform-apply-tuning: entries configure the ops they match exactly (op
// signature, target kind, device, threads, compiler); other ops warn once and
// keep no configuration (the heuristic configures them later); configured
// ops are left alone. The database's signatures come from the compiler
// (deform-tune --print-signatures): @SIG0@ = @matched, @SIG1@ = @stale,
// @SIG2@ = @missing, @SIG3@ = @roi (signature order).
// RUN: rm -rf %t && mkdir -p %t
// RUN: deform-tune --print-signatures %s > %t/sigs
// RUN: %python %S/Inputs/fill-db.py %S/Inputs/db-apply.json %t/sigs "%deform_version" > %t/db.json
// RUN: deform-opt %s --deform-apply-tuning="db=%t/db.json threads=2" -o %t/out.mlir 2> %t/err.txt
// RUN: FileCheck %s < %t/out.mlir
// RUN: FileCheck %s --check-prefix=DIAG -DDB=%t/db.json -DVERSION="%deform_version" < %t/err.txt

// COM: The whole pipeline reads the same entries (deform-cpu-target first).
// RUN: sed 's/^module attributes.*/module {/' %s > %t/no-target.mlir
// RUN: deform-opt %t/no-target.mlir --deform-cpu-target=cpu=x86-64-v3 --deform-apply-tuning="db=%t/db.json threads=2" 2>&1 | FileCheck %s --check-prefix=PIPELINE
// RUN: deform-opt %t/no-target.mlir --deform-cpu-pipeline="target-cpu=x86-64-v3 tuning-db=%t/db.json tuning-threads=2" -o /dev/null 2>&1 | FileCheck %s --check-prefix=PIPELINE-REMARK
// COM: Another thread count: nothing matches.
// RUN: deform-opt %s --deform-apply-tuning="db=%t/db.json threads=3" -o /dev/null 2>&1 | FileCheck %s --check-prefix=THREADS

// CHECK-LABEL: func @matched
// CHECK: deform.conv2d
// CHECK-SAME: config = #deform.cpu_config<tile = [1, 4, 3, 5], reduction = 1, vector = 4, register_tile = [2, 2]>
// CHECK-LABEL: func @user
// CHECK: deform.conv2d
// CHECK-SAME: config = #deform.cpu_config<tile = [1, 4, 8, 8], reduction = 2, vector = 8, register_tile = [4, 1]>
// CHECK-LABEL: func @stale
// CHECK-NOT: config
// CHECK-LABEL: func @missing
// CHECK-NOT: config
// CHECK-LABEL: func @roi
// CHECK: deform.roi_pool
// CHECK-SAME: config = #deform.cpu_config<tile = [2, 4], vector = 4>

// DIAG: apply-tuning.mlir:{{[0-9]+}}:8: warning: deform.conv2d: no entry of tuning database '[[DB]]' for it on cpu x86-64-v3, 2 threads with compiler '[[VERSION]]' (ignored: entry 1 is for compiler 'deform-mlir 0.0.1 (LLVM 21.1.0)'; entry 2 is for device 'znver3'; entry 3 is for 4 threads); the heuristic configures it. Its signature: deform.conv2d(tensor<1x3x8x8xf32>, tensor<1x18x8x8xf32>, tensor<4x3x3x3xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {boundary = #deform.boundary<zero>, data_layout = #deform.layout<nchw>, dilations = array<i64: 1, 1>, groups = 1 : i64, offset_group_axis = #deform.offset_group_axis<input>, offset_groups = 1 : i64, offset_layout = #deform.offset_layout<planar>, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 1, 0>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, weight_layout = #deform.weight_layout<oihw>}
// DIAG: apply-tuning.mlir:{{[0-9]+}}:8: warning: deform.conv2d: no entry of tuning database '[[DB]]' for it on cpu x86-64-v3, 2 threads with compiler '[[VERSION]]'; the heuristic configures it. Its signature: deform.conv2d(tensor<1x5x8x8xf32>
// DIAG: remark: deform-apply-tuning: 2 of 4 deform op(s) configured from '[[DB]]' (cpu x86-64-v3, 2 threads)
// DIAG-NOT: warning

// PIPELINE: remark: deform-apply-tuning: 2 of 4 deform op(s) configured
// PIPELINE: config = #deform.cpu_config<tile = [1, 4, 3, 5], reduction = 1, vector = 4, register_tile = [2, 2]>
// PIPELINE-REMARK: remark: deform-apply-tuning: 2 of 4 deform op(s) configured
// THREADS-COUNT-3: warning: deform.conv2d
// THREADS: warning: deform.roi_pool: no entry of tuning database {{.*}} for it on cpu x86-64-v3, 3 threads {{.*}} (ignored: entry 4 is for 2 threads)
// THREADS: remark: deform-apply-tuning: 0 of 4 deform op(s) configured

module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v3", features = "", vector_bits = 256, vector_registers = 16>} {
func.func @matched(%x: tensor<1x2x8x8xf32>, %off: tensor<1x18x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x8x8xf32> {
  %init = tensor.empty() : tensor<1x4x8x8xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x2x8x8xf32>, tensor<1x18x8x8xf32>, tensor<4x2x3x3xf32>)
       outs(%init : tensor<1x4x8x8xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}
// COM: The same signature as @matched, with a configuration: kept.
func.func @user(%x: tensor<1x2x8x8xf32>, %off: tensor<1x18x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x8x8xf32> {
  %init = tensor.empty() : tensor<1x4x8x8xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x2x8x8xf32>, tensor<1x18x8x8xf32>, tensor<4x2x3x3xf32>)
       outs(%init : tensor<1x4x8x8xf32>) {pads = array<i64: 1, 1, 1, 1>,
       config = #deform.cpu_config<tile = [1, 4, 8, 8], reduction = 2, vector = 8, register_tile = [4, 1]>} -> tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}
// COM: Entries only for another compiler, device or thread count.
func.func @stale(%x: tensor<1x3x8x8xf32>, %off: tensor<1x18x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  %init = tensor.empty() : tensor<1x4x8x8xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x3x8x8xf32>, tensor<1x18x8x8xf32>, tensor<4x3x3x3xf32>)
       outs(%init : tensor<1x4x8x8xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}
// COM: No entry at all.
func.func @missing(%x: tensor<1x5x8x8xf32>, %off: tensor<1x18x8x8xf32>, %w: tensor<4x5x3x3xf32>) -> tensor<1x4x8x8xf32> {
  %init = tensor.empty() : tensor<1x4x8x8xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x5x8x8xf32>, tensor<1x18x8x8xf32>, tensor<4x5x3x3xf32>)
       outs(%init : tensor<1x4x8x8xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}
func.func @roi(%x: tensor<1x4x8x8xf32>, %rois: tensor<3x5xf32>) -> tensor<3x4x2x2xf32> {
  %init = tensor.empty() : tensor<3x4x2x2xf32>
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<1x4x8x8xf32>, tensor<3x5xf32>)
       outs(%init : tensor<3x4x2x2xf32>) {spatial_scale = 0.5 : f64} -> tensor<3x4x2x2xf32>
  return %r : tensor<3x4x2x2xf32>
}
}
