// deform-apply-tuning's errors name the file, the entry (its index and
// signature) and the field, with the value found and what was expected.
// @SIG0@ = the conv2d, @SIG1@ = the roi_pool.
// RUN: rm -rf %t && mkdir -p %t
// RUN: deform-tune --print-signatures %s > %t/sigs
// RUN: for db in rejected not-config missing-field; do %python %S/Inputs/fill-db.py %S/Inputs/db-$db.json %t/sigs "%deform_version" > %t/$db.json; done

// RUN: not deform-opt %s --deform-apply-tuning="db=%t/rejected.json threads=2" -o /dev/null 2>&1 | FileCheck %s --check-prefix=REJECTED -DDB=%t/rejected.json
// REJECTED: error: deform.conv2d: tuning database '[[DB]]' entry 0 (deform.conv2d(tensor<1x2x8x8xf32>, {{.*}}, cpu x86-64-v3, 2 threads, {{.*}}): configuration #deform.cpu_config<tile = [1, 4, 3, 5], reduction = 3, vector = 4, register_tile = [2, 2]> is rejected for this op: 'deform.conv2d' op configuration {{.*}}: field 'reduction' is 3, expected 1 to 2

// RUN: not deform-opt %s --deform-apply-tuning="db=%t/not-config.json threads=2" -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOT-CONFIG
// NOT-CONFIG-DAG: error: deform.conv2d: tuning database '{{.*}}not-config.json' entry 0 ({{.*}}): field 'config' is 42 : i64, expected a kernel configuration for target 'cpu'
// NOT-CONFIG-DAG: error: deform.roi_pool: tuning database '{{.*}}not-config.json' entry 1 ({{.*}}): field 'config' is "#deform.cpu_config<tile = [2, 4], vector = 4", which is not an attribute

// RUN: not deform-opt %s --deform-apply-tuning="db=%t/missing-field.json" -o /dev/null 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: deform-apply-tuning: tuning database '{{.*}}missing-field.json' entry 0 (deform.conv2d(tensor<1x2x8x8xf32>, {{.*}}): missing field 'time_ms' (expected a number)

// RUN: not deform-opt %s --deform-apply-tuning="db=%S/Inputs/db-invalid.json" -o /dev/null 2>&1 | FileCheck %s --check-prefix=INVALID
// INVALID: error: deform-apply-tuning: tuning database '{{.*}}db-invalid.json': invalid JSON: [2:38, byte={{[0-9]+}}]: {{.+}}

// RUN: not deform-opt %s --deform-apply-tuning="db=%t/absent.json" -o /dev/null 2>&1 | FileCheck %s --check-prefix=ABSENT
// ABSENT: error: deform-apply-tuning: cannot read tuning database '{{.*}}absent.json': No such file or directory

// RUN: not deform-opt %s --deform-apply-tuning -o /dev/null 2>&1 | FileCheck %s --check-prefix=NO-DB
// NO-DB: error: deform-apply-tuning: no tuning database given (db=FILE.json)

// RUN: sed 's/^module attributes.*/module {/' %s > %t/no-target.mlir
// RUN: not deform-opt %t/no-target.mlir --deform-apply-tuning="db=%t/rejected.json" -o /dev/null 2>&1 | FileCheck %s --check-prefix=NO-TARGET
// NO-TARGET: error: deform-apply-tuning: the module's 'deform.target' is missing, expected a target attribute such as #deform.cpu_target (run the target pass, deform-cpu-target, first)

module attributes {deform.target = #deform.cpu_target<cpu = "x86-64-v3", features = "", vector_bits = 256, vector_registers = 16>} {
func.func @conv(%x: tensor<1x2x8x8xf32>, %off: tensor<1x18x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x8x8xf32> {
  %init = tensor.empty() : tensor<1x4x8x8xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x2x8x8xf32>, tensor<1x18x8x8xf32>, tensor<4x2x3x3xf32>)
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
