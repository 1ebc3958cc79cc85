#!/usr/bin/env python3
"""The GPU check's table: our CUDA kernels against torchvision's.

    gpu_peer.py WORKDIR [--reps N]

WORKDIR holds what the bundle's deform-gpu-bench wrote (results.json, each
case's inputs and our outputs as .npy). For every case this checks our
outputs (convolutions: against torchvision's deform_conv2d in float64 on the
same inputs; RoI pooling: against bench/run.py's float64 references) when
numpy (and torch) import, times torchvision's CUDA op on the same inputs
when `import torch` works and sees a GPU (deform_conv2d, roi_align without
the offsets, ps_roi_align without the offsets: what torchvision has), and
prints one table. Exit status 1 if a check fails.
"""
import argparse
import json
import math
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run  # noqa: E402  (bench/run.py: Case, load_suite, references)


def identifier(name):
    return re.sub(r"[^A-Za-z0-9_]", "_", name)


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def torch_cuda():
    try:
        import torch
        import torchvision  # noqa: F401
    except Exception as e:  # noqa: BLE001
        return None, "torch/torchvision do not import (%s)" % e.__class__.__name__
    if not torch.cuda.is_available():
        return None, "torch sees no CUDA device"
    return torch, None


def time_cuda(torch, fn, reps):
    with torch.inference_mode():
        for _ in range(3):
            fn()
        torch.cuda.synchronize()
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            fn()
            torch.cuda.synchronize()
            times.append((time.perf_counter() - t0) * 1e3)
    return median(times)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("workdir")
    ap.add_argument("--reps", type=int, default=20)
    args = ap.parse_args(argv)
    with open(os.path.join(args.workdir, "results.json")) as f:
        results = json.load(f)
    _, cases = run.load_suite(os.path.join(HERE, "suite.json"))
    by_fn = {identifier(c.name): c for c in cases}
    try:
        import numpy as np
    except Exception:  # noqa: BLE001
        np = None
    torch, why = torch_cuda() if np is not None else (None, "numpy does not import")
    rows, failed = [], False
    for r in results:
        case = by_fn[r["function"]]
        ours = r["median_ms"]
        peer_ms, err, note = None, None, ""
        if np is not None:
            ins = {n: np.load(os.path.join(args.workdir, "%s.in%d.npy" % (r["function"], i)))
                   for i, n in enumerate(case.shapes)}
            outs = [np.load(os.path.join(args.workdir, "%s.out%d.npy" % (r["function"], i)))
                    for i in range(len(case.out_shapes))]
            if case.kind != "conv2d":
                err, _, notes = run.check_roi(case, ins, outs)
                note = "; ".join(notes)
            if torch is not None:
                dev = {k: torch.from_numpy(v).cuda() for k, v in ins.items()}
                name, peer, _, na = run.torch_callables(case, dev)
                if peer is not None:
                    peer_ms = time_cuda(torch, peer, args.reps)
                if case.kind == "conv2d" and peer is not None:
                    t64 = {k: v.double() for k, v in dev.items()}
                    _, peer64, _, _ = run.torch_callables(case, t64)
                    with torch.inference_mode():
                        ref = peer64().cpu().numpy()
                    err = run.rel_l2(outs[0], ref)
                elif case.kind == "conv2d":
                    note = na or ""
        ok = None if err is None else err < run.REL_ERR_LIMIT
        failed |= ok is False
        rows.append((case.name, r["gflop"], ours, peer_ms, err, ok, note))
    print()
    print("%-20s %8s %10s %12s %9s %10s  %s" % (
        "case", "GFLOP", "ours ms", "torchvision", "speedup", "rel error", "check"))
    for name, gflop, ours, peer_ms, err, ok, note in rows:
        speed = "%.2fx" % (peer_ms / ours) if peer_ms else "-"
        print("%-20s %8.3f %10.4f %12s %9s %10s  %s%s" % (
            name, gflop, ours, "%.4f" % peer_ms if peer_ms else "n/a", speed,
            "%.2g" % err if err is not None else "-",
            {True: "PASS", False: "FAIL", None: "unchecked"}[ok],
            " (%s)" % note if note else ""))
    if torch is None:
        print("\ntorchvision column: n/a: %s" % why)
    print("\nspeedup = torchvision CUDA median / ours (both: median of %d runs after "
          "warm-up, each waiting for its kernels). RoI cases: torchvision has no "
          "deformable RoI pooling; roi_align / ps_roi_align time the same shapes "
          "without offsets." % args.reps)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
