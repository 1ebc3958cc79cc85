// deform-tune end to end on small shapes with a tiny budget: the database it
// writes, its progress lines, every compile path applying the entries, a
// tuned function still matching the float64 reference, re-runs, sharding.
// RUN: rm -rf %t && mkdir -p %t
// RUN: deform-tune %s --db=%t/db.json --trials=3 --repeats=3 --budget=60 --threads=2 --cpu=x86-64-v3 > %t/out.txt 2> %t/err.txt
// RUN: FileCheck %s --check-prefix=DB -DVERSION="%deform_version" < %t/db.json
// RUN: FileCheck %s --check-prefix=OUT < %t/out.txt
// RUN: FileCheck %s --check-prefix=PROGRESS < %t/err.txt

// COM: One entry per distinct signature (@main and @main_again share one),
// COM: sorted, fields sorted, times with 4 digits.
// DB:      {
// DB-NEXT:   "entries": [
// DB-NEXT:     {
// DB-NEXT:       "candidates": {{[1-3]}},
// DB-NEXT:       "compiler": "[[VERSION]]",
// DB-NEXT:       "config": "#deform.cpu_config<tile = [{{[0-9, ]+}}], reduction = {{[0-9]+}}, vector = {{[0-9]+}}, register_tile = [{{[0-9, ]+}}]>",
// DB-NEXT:       "device": "x86-64-v3",
// DB-NEXT:       "heuristic_config": "#deform.cpu_config<tile = [1, 8, {{[0-9]+}}, 12], reduction = {{[0-9]+}}, vector = 8, register_tile = [{{[0-9, ]+}}]>",
// DB-NEXT:       "heuristic_ms": {{[0-9.]+(e[-+][0-9]+)?}},
// DB-NEXT:       "signature": "deform.conv2d(tensor<1x8x12x12xf32>, tensor<1x18x12x12xf32>, tensor<8x8x3x3xf32>, tensor<1x9x12x12xf32>, tensor<1x8x12x12xf32>) -> tensor<1x8x12x12xf32> {{{.*}}operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 1, 0>, pads = array<i64: 1, 1, 1, 1>{{.*}}}",
// DB-NEXT:       "target": "cpu",
// DB-NEXT:       "threads": 2,
// DB-NEXT:       "time_ms": {{[0-9.]+(e[-+][0-9]+)?}},
// DB-NEXT:       "tuning_s": {{[0-9]+\.[0-9]}}
// DB-NEXT:     },
// DB-NEXT:     {
// DB:            "config": "#deform.cpu_config<tile = [{{[0-9]+}}, {{[0-9]+}}], vector = {{[0-9]+}}>",
// DB:            "signature": "deform.roi_pool(tensor<1x8x16x16xf32>, tensor<6x5xf32>, tensor<6x8x3x3xf32>) -> tensor<6x8x3x3xf32> {operandSegmentSizes = array<i32: 1, 1, 0, 0, 1>, sampling_ratio = 2 : i64, spatial_scale = 5.000000e-01 : f64, variant = #deform.roi_variant<mmcv>}",
// DB:          }
// DB-NEXT:   ],
// DB-NEXT:   "format": "deform-tuning-database",
// DB-NEXT:   "version": 1
// DB-NEXT: }

// OUT: deform-tune: deform.conv2d -> tensor<1x8x12x12xf32> at {{.*}}deform-tune.mlir:{{[0-9]+}}:{{[0-9]+}}: heuristic {{[0-9.]+}} ms, tuned {{[0-9.]+}} ms ({{[0-9.]+}}x), #deform.cpu_config<{{.*}}>; {{[1-3]}} candidates ({{[0-9]+}} stopped early) in {{[0-9.]+}} s; result checked against the float64 reference (relative L2 {{.*}})
// OUT: deform-tune: deform.roi_pool -> tensor<6x8x3x3xf32> at

// COM: Not a terminal: plain lines, one per candidate.
// PROGRESS: deform-tune: deform.conv2d -> tensor<1x8x12x12xf32> at {{.*}}: has a configuration already (kept by every compile path), not tuned
// PROGRESS: deform-tune: 2 op(s) on cpu x86-64-v3, 2 thread(s); 60 s budget
// PROGRESS: [op 1/2] deform.conv2d -> tensor<1x8x12x12xf32> at {{.*}} (2 ops)
// PROGRESS:   heuristic #deform.cpu_config<{{.*}}>: {{[0-9.]+}} ms (3 runs)
// PROGRESS:   space: tile.batch 1..1 (1 values), tile.out_channels 1..8 (4 values), {{.*}} combinations
// PROGRESS: [op 1/2] candidate 2/3: #deform.cpu_config<{{.*}}>: {{.*}} | best {{[0-9.]+}} ms, {{[0-9.]+}}x over the heuristic, {{[0-9]+}}:{{[0-9][0-9]}} left
// PROGRESS: [op 2/2] deform.roi_pool
// PROGRESS: deform-tune: 2 of 2 op(s) tuned into {{.*}}db.json in {{[0-9.]+}} s

// COM: Every compile path applies the entries; the tuned functions still
// COM: match the reference.
// RUN: deform-run %s --function=main --random-inputs --check --tuning-db=%t/db.json --num-threads=2 --cpu=x86-64-v3 2>&1 | FileCheck %s --check-prefix=APPLIED
// RUN: deform-run %s --function=roi --random-inputs --check --tuning-db=%t/db.json --num-threads=2 --cpu=x86-64-v3 2>&1 | FileCheck %s --check-prefix=APPLIED
// APPLIED-DAG: remark: deform-apply-tuning: 3 of 3 deform op(s) configured from '{{.*}}.json' (cpu x86-64-v3, 2 threads)
// APPLIED-DAG: check: result 0: relative L2 error {{.*}}: PASS
// RUN: deform-compile %s --target=cpu -o layer --output-dir=%t/aot --cpu=x86-64-v3 --tuning-db=%t/db.json --tuning-threads=2 2>&1 | FileCheck %s --check-prefix=AOT
// AOT: remark: deform-apply-tuning: 3 of 3 deform op(s) configured
// AOT: deform-compile: wrote
// COM: Another thread count than the entries': every op warns, none configured.
// RUN: deform-run %s --function=main --random-inputs --tuning-db=%t/db.json --num-threads=1 --cpu=x86-64-v3 2>&1 | FileCheck %s --check-prefix=MISS
// MISS-COUNT-3: warning: deform.{{conv2d|roi_pool}}: no entry of tuning database {{.*}} (ignored: entry {{[01]}} is for 2 threads)
// MISS: remark: deform-apply-tuning: 0 of 3 deform op(s) configured

// COM: The configuration in the IR is the database's.
// RUN: %python -c "import json; print([e['config'] for e in json.load(open('%t/db.json'))['entries'] if e['signature'].startswith('deform.conv2d')][0])" > %t/conv-config
// RUN: deform-opt %s --deform-cpu-target=cpu=x86-64-v3 --deform-apply-tuning="db=%t/db.json threads=2" 2>/dev/null | FileCheck %s --check-prefix=IR -DCONFIG="$(cat %t/conv-config)"
// IR-LABEL: func.func @main(
// IR: deform.conv2d {{.*}}config = [[CONFIG]]
// IR-LABEL: func.func @main_again(
// IR: deform.conv2d {{.*}}config = [[CONFIG]]

// COM: Configurations the heuristic never picks (ragged tiles, narrow
// COM: vectors), written by hand: still the reference's results.
// RUN: deform-tune --print-signatures %s > %t/sigs
// RUN: %python %S/../Tuning/Inputs/fill-db.py %S/Inputs/db-odd-configs.json %t/sigs "%deform_version" > %t/odd.json
// RUN: deform-run %s --function=main --random-inputs --check --tuning-db=%t/odd.json --num-threads=2 --cpu=x86-64-v3 2>&1 | FileCheck %s --check-prefix=APPLIED
// RUN: deform-run %s --function=roi --random-inputs --check --tuning-db=%t/odd.json --num-threads=2 --cpu=x86-64-v3 2>&1 | FileCheck %s --check-prefix=APPLIED

// COM: A re-run keeps the keys and the order (the stored entry is a seed:
// COM: measured again, never lost); the file is its own canonical form.
// RUN: %python %S/Inputs/db-keys.py %t/db.json > %t/keys-before
// RUN: deform-tune %s --db=%t/db.json --trials=1 --repeats=3 --budget=60 --threads=2 --cpu=x86-64-v3 --quiet > %t/quiet.txt 2>&1
// RUN: FileCheck %s --allow-empty --check-prefix=QUIET < %t/quiet.txt
// QUIET-NOT: {{.}}
// RUN: %python %S/Inputs/db-keys.py %t/db.json | diff %t/keys-before -
// RUN: deform-tune merge %t/db.json -o %t/again.json > /dev/null
// RUN: diff %t/db.json %t/again.json

// COM: Shards: each tunes its slice; merged, the same keys as one run.
// RUN: deform-tune %s --db=%t/shard0.json --shard=0/2 --trials=1 --repeats=3 --threads=2 --cpu=x86-64-v3 --quiet
// RUN: deform-tune %s --db=%t/shard1.json --shard=1/2 --trials=1 --repeats=3 --threads=2 --cpu=x86-64-v3 --quiet
// RUN: %python %S/Inputs/db-keys.py %t/shard0.json | FileCheck %s --check-prefix=SHARD0
// RUN: %python %S/Inputs/db-keys.py %t/shard1.json | FileCheck %s --check-prefix=SHARD1
// SHARD0: deform.conv2d(
// SHARD0-NOT: deform.roi_pool(
// SHARD1-NOT: deform.conv2d(
// SHARD1: deform.roi_pool(
// RUN: deform-tune merge %t/shard0.json %t/shard1.json -o %t/merged.json | FileCheck %s --check-prefix=MERGED
// MERGED: deform-tune merge: 2 entries from 2 file(s) (2 read, 0 with a key seen before: the faster kept) into {{.*}}merged.json
// RUN: %python %S/Inputs/db-keys.py %t/merged.json | diff %t/keys-before -
// RUN: deform-tune %s --db=%t/none.json --shard=5/7 2>&1 | FileCheck %s --check-prefix=EMPTY-SHARD
// EMPTY-SHARD: deform-tune: no op to tune in shard 5/7 (2 op(s) in all)

// COM: Bad input: clear errors before any work.
// RUN: not deform-tune %s --db=%t/x.json --shard=2/2 2>&1 | FileCheck %s --check-prefix=BAD-SHARD
// BAD-SHARD: deform-tune: --shard=2/2: expected i/n with 0 <= i < n, e.g. 0/4
// RUN: not deform-tune %s --db=%S/../Tuning/Inputs/db-invalid.json 2>&1 | FileCheck %s --check-prefix=BAD-DB
// BAD-DB: deform-tune: tuning database '{{.*}}db-invalid.json': invalid JSON: [2:38, byte={{[0-9]+}}]: Expected object key
// RUN: not deform-tune %s 2>&1 | FileCheck %s --check-prefix=NO-DB
// NO-DB: deform-tune: no tuning database: give --db=FILE.json (created if it does not exist)
// RUN: not deform-tune %s --db=%t/x.json --search=annealing 2>&1 | FileCheck %s --check-prefix=BAD-SEARCH
// BAD-SEARCH: deform-tune: --search=annealing: expected local or random
// RUN: not deform-tune %s --db=%t/x.json --cpu=no-such-cpu 2>&1 | FileCheck %s --check-prefix=BAD-CPU
// BAD-CPU: deform-tune: --cpu=no-such-cpu: unknown CPU 'no-such-cpu'

func.func @main(%x: tensor<1x8x12x12xf32>, %off: tensor<1x18x12x12xf32>, %w: tensor<8x8x3x3xf32>,
                %m: tensor<1x9x12x12xf32>) -> tensor<1x8x12x12xf32> {
  %init = tensor.empty() : tensor<1x8x12x12xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x12x12xf32>, tensor<1x18x12x12xf32>, tensor<8x8x3x3xf32>)
       mask(%m : tensor<1x9x12x12xf32>) outs(%init : tensor<1x8x12x12xf32>) {pads = array<i64: 1, 1, 1, 1>} -> tensor<1x8x12x12xf32>
  return %r : tensor<1x8x12x12xf32>
}
func.func @main_again(%x: tensor<1x8x12x12xf32>, %off: tensor<1x18x12x12xf32>, %w: tensor<8x8x3x3xf32>,
                      %m: tensor<1x9x12x12xf32>) -> tensor<1x8x12x12xf32> {
  %init = tensor.empty() : tensor<1x8x12x12xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x12x12xf32>, tensor<1x18x12x12xf32>, tensor<8x8x3x3xf32>)
       mask(%m : tensor<1x9x12x12xf32>) outs(%init : tensor<1x8x12x12xf32>)
       {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} -> tensor<1x8x12x12xf32>
  return %r : tensor<1x8x12x12xf32>
}
func.func @configured(%x: tensor<1x8x12x12xf32>, %off: tensor<1x18x12x12xf32>, %w: tensor<8x8x3x3xf32>,
                      %m: tensor<1x9x12x12xf32>) -> tensor<1x8x12x12xf32> {
  %init = tensor.empty() : tensor<1x8x12x12xf32>
  %r = deform.conv2d ins(%x, %off, %w : tensor<1x8x12x12xf32>, tensor<1x18x12x12xf32>, tensor<8x8x3x3xf32>)
       mask(%m : tensor<1x9x12x12xf32>) outs(%init : tensor<1x8x12x12xf32>)
       {pads = array<i64: 1, 1, 1, 1>, config = #deform.cpu_config<tile = [1, 8, 4, 12], reduction = 8, vector = 8, register_tile = [4, 2]>} -> tensor<1x8x12x12xf32>
  return %r : tensor<1x8x12x12xf32>
}
func.func @roi(%x: tensor<1x8x16x16xf32>, %rois: tensor<6x5xf32>) -> tensor<6x8x3x3xf32> {
  %init = tensor.empty() : tensor<6x8x3x3xf32>
  %r = deform.roi_pool mmcv ins(%x, %rois : tensor<1x8x16x16xf32>, tensor<6x5xf32>)
       outs(%init : tensor<6x8x3x3xf32>) {spatial_scale = 0.5 : f64, sampling_ratio = 2 : i64} -> tensor<6x8x3x3xf32>
  return %r : tensor<6x8x3x3xf32>
}
