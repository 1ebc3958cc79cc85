"""ONNX's published DeformConv backend cases (onnx/backend/test/case/node/
deformconv.py: inputs and expected outputs), run through deform-run.

Usage: onnx_cases.py DEFORM_RUN MODULE.mlir WORKDIR
Prints '<case>: PASS' per case; exits non-zero on any mismatch.
"""
import subprocess
import sys

import numpy as np

deform_run, module, work = sys.argv[1:4]


def x_3x3():
    return np.arange(9, dtype=np.float32).reshape(1, 1, 3, 3)


def cases():
    w = np.ones((1, 1, 2, 2), np.float32)
    off = np.zeros((1, 8, 4, 4), np.float32)
    off[0, 0, 0, 0] = 0.5
    off[0, 5, 1, 2] = -0.1
    yield "with_padding", [x_3x3(), off, w], [[0, 1, 3, 2], [3, 8, 11.9, 7],
                                              [9, 20, 24, 13], [6, 13, 15, 8]]
    off = np.zeros((1, 8, 2, 2), np.float32)
    off[0, 0, 0, 0] = 0.5
    off[0, 5, 0, 1] = -0.1
    yield "without_padding", [x_3x3(), off, w], [[9.5, 11.9], [20, 24]]
    mask = np.ones((1, 4, 2, 2), np.float32)
    mask[0, 2, 1, 1] = 0.2
    yield "with_mask_bias", [x_3x3(), off, w, mask, np.ones(1, np.float32)], \
        [[10.5, 12.9], [21, 19.4]]
    x = np.zeros((1, 2, 3, 3), np.float32)
    x[0, 0] = np.arange(9).reshape(3, 3)
    x[0, 1] = np.arange(8, -1, -1).reshape(3, 3)
    off = np.zeros((1, 16, 2, 2), np.float32)
    off[0, 0, 0, 0] = 0.5
    off[0, 13, 0, 1] = -0.1
    yield "multiple_offset_groups", [x, off, np.ones((1, 2, 2, 2), np.float32)], \
        [[33.5, 32.1], [32, 32]]


failed = 0
for name, inputs, expected in cases():
    args = []
    for i, a in enumerate(inputs):
        path = f"{work}/{name}_{i}.npy"
        np.save(path, a)
        args.append(f"--input=@{path}")
    out = f"{work}/{name}_out.npy"
    subprocess.run([deform_run, module, f"--function={name}", *args,
                    f"--output=@{out}"], check=True, stdout=subprocess.DEVNULL)
    got = np.load(out)[0, 0]
    ok = np.allclose(got, np.array(expected, np.float32), rtol=1e-6, atol=1e-5)
    print(f"{name}: {'PASS' if ok else 'FAIL'}")
    if not ok:
        print(f"  got {got.tolist()}\n  expected {expected}")
        failed += 1
sys.exit(1 if failed else 0)
