"""Whole layers: a regular convolution computes the offsets, the deformable
convolution uses them, then ReLU (mmcv's DeformConv2dPack), or the seed's
TF layer (its offset conv, then the NHWC deformable conv with tf_clamp and a
bias), compiled as one function. Times, in one run on the same inputs:

  fused     deform-run (the offset conv fused into the deformable conv's
            tiles: the offset tensor never exists whole)
  unfused   deform-run --fuse=false (the offset conv computed whole first,
            on the same machinery)
  torch     conv2d + torchvision deform_conv2d + relu (DeformConv2dPack's
            forward), for the NCHW layers

per CPU target (--cpu), median of --reps runs, and checks fused and unfused
against the layer in float64 (torch, or the float64 reference of the TF
layer's deformable conv on float64 offsets).

    /usr/bin/python3 bench/layers.py [--threads 2] [--cpu host,x86-64-v3] [--reps 10]
"""
import argparse
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run  # noqa: E402  (bench/run.py: deform-run driver, timing helpers)

LAYERS = [
    # name, N, C, H, W, Cout, variant
    ("dcn_pack_r50_s2", 8, 64, 56, 56, 64, "mmcv"),
    ("dcn_pack_r50_s4", 8, 256, 14, 14, 256, "mmcv"),
    ("tf_layer_seed", 32, 3, 128, 128, 16, "tf"),
]


def mlir_mmcv(N, C, H, W, F):
    """DeformConv2dPack: 3x3 offset conv with pad 1 (tensor.pad), 3x3 DCN
    with pad 1, ReLU."""
    x, off, out = "%dx%dx%dx%d" % (N, C, H, W), "%dx18x%dx%d" % (N, H, W), "%dx%dx%dx%d" % (N, F, H, W)
    padded = "%dx%dx%dx%d" % (N, C, H + 2, W + 2)
    return """func.func @main(%%x: tensor<{x}xf32>, %%w_off: tensor<18x{C}x3x3xf32>, %%w: tensor<{F}x{C}x3x3xf32>) -> tensor<{out}xf32> {{
  %%zero = arith.constant 0.0 : f32
  %%p = tensor.pad %%x low[0, 0, 1, 1] high[0, 0, 1, 1] {{
  ^bb0(%%a: index, %%b: index, %%c: index, %%d: index):
    tensor.yield %%zero : f32
  }} : tensor<{x}xf32> to tensor<{padded}xf32>
  %%oe = tensor.empty() : tensor<{off}xf32>
  %%oz = linalg.fill ins(%%zero : f32) outs(%%oe : tensor<{off}xf32>) -> tensor<{off}xf32>
  %%off = linalg.conv_2d_nchw_fchw ins(%%p, %%w_off : tensor<{padded}xf32>, tensor<18x{C}x3x3xf32>) outs(%%oz : tensor<{off}xf32>) -> tensor<{off}xf32>
  %%e = tensor.empty() : tensor<{out}xf32>
  %%y = deform.conv2d ins(%%x, %%off, %%w : tensor<{x}xf32>, tensor<{off}xf32>, tensor<{F}x{C}x3x3xf32>) outs(%%e : tensor<{out}xf32>) {{pads = array<i64: 1, 1, 1, 1>}} -> tensor<{out}xf32>
  %%r = linalg.generic {{indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}} outs(%%y : tensor<{out}xf32>) {{
  ^bb0(%%v: f32):
    %%m = arith.maximumf %%v, %%zero : f32
    linalg.yield %%m : f32
  }} -> tensor<{out}xf32>
  return %%r : tensor<{out}xf32>
}}
""".format(x=x, off=off, out=out, padded=padded, C=C, F=F).replace("%%", "%")


def mlir_tf(N, C, H, W, F):
    """The TF layer: 'valid' 3x3 offset conv (NHWC, one offset group per
    filter: 2*9*F channels, interleaved), the deformable conv with tf_clamp,
    HWOI weights and a bias."""
    Ho, Wo, O = H - 2, W - 2, 18 * F
    x, off, out = "%dx%dx%dx%d" % (N, H, W, C), "%dx%dx%dx%d" % (N, Ho, Wo, O), "%dx%dx%dx%d" % (N, Ho, Wo, F)
    return """func.func @main(%%x: tensor<{x}xf32>, %%w_off: tensor<3x3x{C}x{O}xf32>, %%w: tensor<3x3x{F}x{C}xf32>, %%b: tensor<{F}xf32>) -> tensor<{out}xf32> {{
  %%zero = arith.constant 0.0 : f32
  %%oe = tensor.empty() : tensor<{off}xf32>
  %%oz = linalg.fill ins(%%zero : f32) outs(%%oe : tensor<{off}xf32>) -> tensor<{off}xf32>
  %%off = linalg.conv_2d_nhwc_hwcf ins(%%x, %%w_off : tensor<{x}xf32>, tensor<3x3x{C}x{O}xf32>) outs(%%oz : tensor<{off}xf32>) -> tensor<{off}xf32>
  %%e = tensor.empty() : tensor<{out}xf32>
  %%y = deform.conv2d ins(%%x, %%off, %%w : tensor<{x}xf32>, tensor<{off}xf32>, tensor<3x3x{F}x{C}xf32>) bias(%%b : tensor<{F}xf32>) outs(%%e : tensor<{out}xf32>)
       {{data_layout = #deform.layout<nhwc>, offset_layout = #deform.offset_layout<interleaved>, offset_groups = {F},
        offset_group_axis = #deform.offset_group_axis<output>, boundary = #deform.boundary<tf_clamp>,
        weight_layout = #deform.weight_layout<hwoi>}} -> tensor<{out}xf32>
  return %%y : tensor<{out}xf32>
}}
""".format(x=x, off=off, out=out, C=C, F=F, O=O).replace("%%", "%")


def inputs_for(name, N, C, H, W, F, variant, rng):
    """Inputs ~ N(0,1), weights ~ N(0,1)/sqrt(fan-in); offset weights scaled
    so that the offsets come out about N(0, 2^2), as the suite draws them."""
    import numpy as np
    f = lambda *s, k=1.0: (k * rng.standard_normal(s)).astype(np.float32)
    fan = C * 9
    if variant == "mmcv":
        return {"x": f(N, C, H, W), "w_off": f(18, C, 3, 3, k=2.0 / np.sqrt(fan)),
                "w": f(F, C, 3, 3, k=1.0 / np.sqrt(fan))}
    return {"x": f(N, H, W, C), "w_off": f(3, 3, C, 18 * F, k=2.0 / np.sqrt(fan)),
            "w": f(3, 3, F, C, k=1.0 / np.sqrt(fan)), "b": f(F)}


def torch_layer(inputs, dtype):
    """DeformConv2dPack's forward in torch (NCHW layers)."""
    import torch
    import torchvision
    t = {k: torch.from_numpy(v).to(dtype) for k, v in inputs.items()}

    def fn():
        off = torch.nn.functional.conv2d(t["x"], t["w_off"], padding=1)
        y = torchvision.ops.deform_conv2d(t["x"], off, t["w"], padding=(1, 1))
        return torch.relu(y)
    return fn


def deform_run(args, mlir, paths, out, target, extra, workdir):
    import subprocess
    cmd = [args.deform_run, mlir] + ["--input=@" + p for p in paths] + ["--output=@" + out,
           "--benchmark=%d" % args.reps, "--num-threads=%d" % args.threads, "--cpu=" + target] + extra
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
    for line in r.stdout.splitlines():
        if line.startswith("median_ms:"):
            return float(line.split()[1]), None
    return None, (r.stderr or r.stdout).strip()[-300:]


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--deform-run", default=os.path.join(os.path.dirname(HERE), "build", "bin", "deform-run"))
    p.add_argument("--cpu", default="host,x86-64-v3")
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--reps", type=int, default=10)
    p.add_argument("--timeout", type=int, default=1800)
    p.add_argument("--layers", default="", help="comma-separated names (default: all)")
    args = p.parse_args(argv)
    import numpy as np
    import torch
    torch.set_num_threads(args.threads)
    targets = [t for t in args.cpu.split(",") if t]
    wanted = [n for n in args.layers.split(",") if n]
    workdir = tempfile.mkdtemp(prefix="deform-layers-")
    rng = np.random.default_rng(0)
    print("whole layers, %d threads, median of %d runs; CPU %s (LLVM host CPU %s)" % (
        args.threads, args.reps, run.cpu_info()[0], run.llvm_host_cpu() or "?"))
    header = "%-18s %-10s %10s %10s %10s %9s %9s %10s %10s" % (
        "layer", "target", "fused ms", "unfused ms", "torch ms", "unf/fus", "tor/fus", "fused err", "unfus err")
    print(header)
    print("-" * len(header))
    failed = False
    for name, N, C, H, W, F, variant in LAYERS:
        if wanted and name not in wanted:
            continue
        inputs = inputs_for(name, N, C, H, W, F, variant, rng)
        d = os.path.join(workdir, name)
        os.makedirs(d)
        mlir = os.path.join(d, "layer.mlir")
        with open(mlir, "w") as f:
            f.write((mlir_mmcv if variant == "mmcv" else mlir_tf)(N, C, H, W, F))
        paths = []
        for k, v in inputs.items():
            paths.append(os.path.join(d, k + ".npy"))
            np.save(paths[-1], v)
        ref, torch_ms = None, None
        if variant == "mmcv":
            ref = torch_layer(inputs, torch.float64)().numpy()
            torch_ms = run.time_ms(torch_layer(inputs, torch.float32), args.reps, 2)
        for target in targets:
            row = {}
            for kind, extra in (("fused", []), ("unfused", ["--fuse=false"])):
                out = os.path.join(d, "%s-%s.npy" % (kind, target))
                ms, err = deform_run(args, mlir, paths, out, target, extra, workdir)
                row[kind] = ms
                if ms is None:
                    print("%s %s %s: %s" % (name, target, kind, err))
                    continue
                if ref is None:  # the TF layer: fused against unfused only
                    ref_here = np.load(os.path.join(d, "unfused-%s.npy" % target)) if kind == "fused" and \
                        os.path.exists(os.path.join(d, "unfused-%s.npy" % target)) else None
                    row[kind + "_err"] = None if ref_here is None else run.rel_l2(np.load(out), ref_here)
                else:
                    row[kind + "_err"] = run.rel_l2(np.load(out), ref)
            if variant == "tf" and row.get("fused") and row.get("unfused"):
                row["fused_err"] = run.rel_l2(np.load(os.path.join(d, "fused-%s.npy" % target)),
                                              np.load(os.path.join(d, "unfused-%s.npy" % target)))
            for k in ("fused_err", "unfused_err"):
                if row.get(k) is not None and not row[k] < run.REL_ERR_LIMIT:
                    failed = True
            print("%-18s %-10s %10s %10s %10s %9s %9s %10s %10s" % (
                name, target, run.fmt_ms(row.get("fused")), run.fmt_ms(row.get("unfused")),
                run.fmt_ms(torch_ms) if torch_ms else "n/a",
                run.fmt(row["unfused"] / row["fused"] if row.get("unfused") and row.get("fused") else None, ".2f"),
                run.fmt(torch_ms / row["fused"] if torch_ms and row.get("fused") else None, ".2f"),
                run.fmt(row.get("fused_err"), ".1e"), run.fmt(row.get("unfused_err"), ".1e")))
    print()
    print("unf/fus = unfused ms / fused ms, tor/fus = torch ms / fused ms (> 1: fused faster). err: relative L2 "
          "vs torch in float64 (NCHW layers); for the TF layer, fused vs unfused (both are checked against the "
          "float64 reference of the deformable conv by bench/run.py's seed_tf and the lit layer tests).")
    return 1 if failed else 0


if __name__ == "__main__":
    run.reexec_with_bench_env(__file__)
    sys.exit(main(sys.argv[1:]))
