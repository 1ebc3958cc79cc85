// deform-tune merge: the union of databases; of two entries with the same
// key (signature, target, device, threads, compiler) the faster; sorted, and
// the same whatever the order of the inputs.
// RUN: rm -rf %t && mkdir -p %t
// RUN: deform-tune merge %S/Inputs/merge-a.json %S/Inputs/merge-b.json -o %t/ab.json | FileCheck %s --check-prefix=SUMMARY
// SUMMARY: deform-tune merge: 3 entries from 2 file(s) (5 read, 2 with a key seen before: the faster kept) into {{.*}}ab.json
// RUN: FileCheck %s < %t/ab.json
// RUN: deform-tune merge %S/Inputs/merge-b.json %S/Inputs/merge-a.json -o=%t/ba.json > /dev/null
// RUN: diff %t/ab.json %t/ba.json
// COM: Merging a merged file with its inputs again changes nothing.
// RUN: deform-tune merge %t/ab.json %S/Inputs/merge-a.json --output %t/again.json > /dev/null
// RUN: diff %t/ab.json %t/again.json

// CHECK:      "entries": [
// CHECK-NEXT:   {
// CHECK-NEXT:     "candidates": 0,
// CHECK-NEXT:     "compiler": "c1",
// CHECK-NEXT:     "config": "#deform.cpu_config<tile = [8], vector = 1>",
// CHECK-NEXT:     "device": "znver4",
// CHECK-NEXT:     "heuristic_ms": 3.1,
// CHECK-NEXT:     "signature": "op A",
// CHECK-NEXT:     "target": "cpu",
// CHECK-NEXT:     "threads": 2,
// CHECK-NEXT:     "time_ms": 1.25,
// CHECK-NEXT:     "tuning_s": 0.0
// CHECK-NEXT:   },
// CHECK-NEXT:   {
// CHECK:          "config": "#deform.cpu_config<tile = [2], vector = 1>",
// CHECK:          "signature": "op B",
// CHECK:          "threads": 2,
// CHECK:          "time_ms": 2,
// CHECK:        },
// CHECK-NEXT:   {
// CHECK:          "config": "#deform.cpu_config<tile = [32], vector = 1>",
// CHECK:          "signature": "op B",
// CHECK:          "threads": 4,
// CHECK:        }
// CHECK-NEXT: ],

// RUN: not deform-tune merge %S/Inputs/merge-a.json 2>&1 | FileCheck %s --check-prefix=NO-OUTPUT
// NO-OUTPUT: deform-tune merge: no output (-o OUT.json)
// NO-OUTPUT: usage: deform-tune merge A.json B.json [...] -o OUT.json
// RUN: not deform-tune merge -o %t/x.json 2>&1 | FileCheck %s --check-prefix=NO-INPUT
// NO-INPUT: deform-tune merge: no database to merge
// RUN: not deform-tune merge %S/Inputs/merge-a.json %t/absent.json -o %t/x.json 2>&1 | FileCheck %s --check-prefix=ABSENT
// ABSENT: deform-tune merge: cannot read tuning database '{{.*}}absent.json': No such file or directory
// RUN: not deform-tune merge %S/Inputs/merge-a.json --keep=slower -o %t/x.json 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: deform-tune merge: unknown option '--keep=slower'
// RUN: not deform-tune merge %S/Inputs/merge-a.json %S/../Tuning/Inputs/db-invalid.json -o %t/x.json 2>&1 | FileCheck %s --check-prefix=INVALID
// INVALID: deform-tune merge: tuning database '{{.*}}db-invalid.json': invalid JSON
