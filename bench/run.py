#!/usr/bin/python3
"""Benchmark deform-run against torchvision on bench/suite.json.

For every case of the suite this script
  1. draws the inputs with numpy (seeded, float32, as the suite's "about" says);
  2. writes a .mlir file with one function @main and the inputs as .npy files
     into a temporary directory, and runs
       deform-run FILE.mlir --function=main --input=@a.npy ... --output=@out.npy
                  --benchmark=N --threads=T
     reading the line "median_ms: <float>" it prints;
  3. times the CPU peer on the same inputs in the same run (torchvision
     deform_conv2d / roi_align(aligned=True) / ps_roi_align) and a plain
     torch.nn.functional.conv2d of the same shape (the machine's limit);
  4. checks our output (relative L2 error) against torchvision in float64
     (conv), or against the float64 reference implementations below (RoI
     pooling with offsets; they are themselves checked against torchvision's
     roi_align with zero offsets on every run);
  5. prints a table, writes results.json and a PNG chart.

See bench/README.md for how to install the dependencies and what each column
means. Run it with Debian's /usr/bin/python3 (python3-torch,
python3-torchvision, python3-numpy, python3-matplotlib from apt).
"""

import argparse
import glob
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# docs/BENCHMARKS.md: every timed process (ours and the peer's) runs with
# these, otherwise each call pays page faults on a fresh multi-MB buffer.
MALLOC_ENV = {
    "MALLOC_MMAP_THRESHOLD_": "1073741824",
    "MALLOC_TRIM_THRESHOLD_": "4294967296",
}
REEXEC_MARK = "DEFORM_BENCH_ENV"

# float32 vs float64 reference: SEMANTICS section 3 asks for < 1e-5.
REL_ERR_LIMIT = 1e-5

# Runs argv[2:] and writes "<ru_maxrss KiB> <exit code>" to argv[1]. A child
# forked straight from this (large) process would report this process's RSS
# as its peak (Linux keeps the high-water mark across fork and exec); forked
# from this small launcher, ru_maxrss is the tool's own peak.
SPAWN_HELPER = """
import os, sys
try:
    pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
except OSError as e:
    sys.stderr.write("cannot start %s: %s\\n" % (sys.argv[2], e))
    sys.exit(127)
_, status, usage = os.wait4(pid, 0)
code = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as f:
    f.write("%d %d" % (usage.ru_maxrss, code))
"""


# ----------------------------------------------------------------------------
# Environment (before numpy/torch are imported: they load OpenBLAS)
# ----------------------------------------------------------------------------

def cpu_info():
    """(model name, family, model, flags) of the first CPU in /proc/cpuinfo."""
    info = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if not line.strip():
                    break  # end of the first processor's block
                key, _, value = line.partition(":")
                info.setdefault(key.strip(), value.strip())
    except OSError:
        pass
    name = info.get("model name") or platform.processor() or "unknown"
    return name, info.get("cpu family"), info.get("model"), set(info.get("flags", "").split())


def system_blas():
    """Path of the libblas.so.3 the dynamic loader picks (Debian alternatives)."""
    for path in sorted(glob.glob("/usr/lib/*/libblas.so.3")) + ["/usr/lib/libblas.so.3"]:
        if os.path.exists(path):
            return os.path.realpath(path)
    return None


def reexec_with_bench_env():
    """Re-executes this script with the malloc settings (and, when torch will
    use OpenBLAS on an AVX-512 CPU, OPENBLAS_CORETYPE=SkylakeX). Values the
    user already set are kept."""
    if os.environ.get(REEXEC_MARK) == "1":
        return
    env = dict(os.environ)
    for key, value in MALLOC_ENV.items():
        env.setdefault(key, value)
    blas = system_blas() or ""
    _, _, _, flags = cpu_info()
    if "openblas" in blas and "OPENBLAS_CORETYPE" not in env:
        if "avx512f" in flags:
            # OpenBLAS 0.3.21 does not know recent CPUs and falls back to
            # generic SSE kernels (docs/BENCHMARKS.md).
            env["OPENBLAS_CORETYPE"] = "SkylakeX"
        elif "avx2" in flags:
            env["OPENBLAS_CORETYPE"] = "Haswell"
    env[REEXEC_MARK] = "1"
    sys.stdout.flush()
    os.execve(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:], env)


# ----------------------------------------------------------------------------
# Cases
# ----------------------------------------------------------------------------

def conv_out_size(size, pad_lo, pad_hi, k, dil, stride):
    return (size + pad_lo + pad_hi - ((k - 1) * dil + 1)) // stride + 1


class Case:
    """One suite entry with derived shapes. kind: conv2d | mmcv | dcn_psroi."""

    def __init__(self, raw, kind):
        self.raw = raw
        self.name = raw["name"]
        self.kind = kind
        if kind == "conv2d":
            r = raw
            if r.get("layout", "nchw") != "nchw":
                raise ValueError("case %s: only layout nchw is supported" % self.name)
            self.N, self.Cin, self.Cout, self.H, self.W = r["N"], r["Cin"], r["Cout"], r["H"], r["W"]
            self.kh, self.kw = r["k"]
            self.sh, self.sw = r["stride"]
            self.dh, self.dw = r["dil"]
            # pads: [top, left, bottom, right], the deform.conv2d order.
            self.pt, self.pl, self.pb, self.pr = r["pad"]
            self.G, self.og = r.get("groups", 1), r.get("offset_groups", 1)
            self.has_mask = bool(r.get("mask", False))
            self.has_bias = bool(r.get("bias", False))
            self.Ho = conv_out_size(self.H, self.pt, self.pb, self.kh, self.dh, self.sh)
            self.Wo = conv_out_size(self.W, self.pl, self.pr, self.kw, self.dw, self.sw)
            if self.Ho < 1 or self.Wo < 1 or self.Cin % self.G or self.Cout % self.G or self.Cin % self.og:
                raise ValueError("case %s: inconsistent shape parameters" % self.name)
            K = self.kh * self.kw
            self.shapes = {"x": (self.N, self.Cin, self.H, self.W),
                           "off": (self.N, self.og * 2 * K, self.Ho, self.Wo),
                           "w": (self.Cout, self.Cin // self.G, self.kh, self.kw)}
            if self.has_mask:
                self.shapes["m"] = (self.N, self.og * K, self.Ho, self.Wo)
            if self.has_bias:
                self.shapes["b"] = (self.Cout,)
            self.out_shapes = [(self.N, self.Cout, self.Ho, self.Wo)]
            self.flop = 2.0 * self.N * self.Cout * self.Ho * self.Wo * (self.Cin // self.G) * K
        elif kind == "mmcv":
            r = raw
            self.N, self.C, self.H, self.W, self.R = r["N"], r["C"], r["H"], r["W"], r["rois"]
            self.PH, self.PW = r["pooled"]
            self.scale = float(r["spatial_scale"])
            self.sampling_ratio = int(r.get("sampling_ratio", 0))
            self.gamma = float(r.get("gamma", 0.1))
            self.has_offset = bool(r.get("offset", True))
            self.has_mask = bool(r.get("mask", False))
            self.image = r["image"]  # [height, width] in pixels
            self.shapes = {"feat": (self.N, self.C, self.H, self.W), "rois": (self.R, 5)}
            if self.has_offset:
                self.shapes["off"] = (self.R, 2, self.PH, self.PW)
            if self.has_mask:
                self.shapes["m"] = (self.R, 1, self.PH, self.PW)
            self.out_shapes = [(self.R, self.C, self.PH, self.PW)]
            self.flop = None
        elif kind == "dcn_psroi":
            r = raw
            self.N, self.H, self.W, self.R = r["N"], r["H"], r["W"], r["rois"]
            self.OD, self.G = r["output_dim"], r["group_size"]
            self.C = self.OD * self.G * self.G
            self.PH, self.PW = r["pooled"]
            if self.PH != self.PW:
                raise ValueError("case %s: dcn_psroi needs a square pooled size" % self.name)
            self.scale = float(r["spatial_scale"])
            self.part_size = int(r.get("part_size", self.PH))
            self.spp = int(r.get("sample_per_part", 1))
            self.trans_std = float(r.get("trans_std", 0.0))
            self.no_trans = bool(r.get("no_trans", False))
            self.trans_classes = int(r.get("trans_classes", 1))
            if self.OD % self.trans_classes:
                raise ValueError("case %s: output_dim must be divisible by trans_classes" % self.name)
            self.image = r["image"]
            self.shapes = {"x": (self.N, self.C, self.H, self.W), "rois": (self.R, 5)}
            if not self.no_trans:
                self.shapes["t"] = (self.R, 2 * self.trans_classes, self.part_size, self.part_size)
            self.out_shapes = [(self.R, self.OD, self.PH, self.PW)] * 2  # value, count
            self.flop = None
        else:
            raise ValueError(kind)

    @property
    def label(self):
        return self.name


def load_suite(path):
    with open(path) as f:
        suite = json.load(f)
    cases = [Case(c, "conv2d") for c in suite.get("conv2d", [])]
    for c in suite.get("roi_pool", []):
        variant = c.get("variant", "mmcv")
        if variant not in ("mmcv", "dcn_psroi"):
            raise ValueError("case %s: unknown roi_pool variant %r" % (c.get("name"), variant))
        cases.append(Case(c, variant))
    return suite, cases


# ----------------------------------------------------------------------------
# Inputs (suite "about": inputs ~ N(0,1); offsets ~ N(0, 2^2); mask =
# sigmoid(N(0,1)); weights ~ N(0,1)/sqrt(Cin*kh*kw). RoI offsets ~ N(0,1).)
# ----------------------------------------------------------------------------

def make_rois(rng, R, N, image):
    """rois [R, 5] = (batch_index, x1, y1, x2, y2): batch index uniform in
    [0, N), boxes inside the image (height, width), sides 32..400 px."""
    import numpy as np
    img_h, img_w = float(image[0]), float(image[1])
    w = rng.uniform(32.0, min(400.0, img_w - 1.0), R)
    h = rng.uniform(32.0, min(400.0, img_h - 1.0), R)
    x1 = rng.uniform(0.0, 1.0, R) * (img_w - 1.0 - w)
    y1 = rng.uniform(0.0, 1.0, R) * (img_h - 1.0 - h)
    b = rng.integers(0, N, R).astype(np.float64)
    return np.stack([b, x1, y1, x1 + w, y1 + h], axis=1).astype(np.float32)


def make_inputs(case, seed):
    """Returns {name: float32 array} in the order of case.shapes."""
    import numpy as np
    rng = np.random.default_rng([seed, zlib.crc32(case.name.encode())])

    def normal(shape, scale=1.0):
        return (rng.standard_normal(shape, dtype=np.float32) * np.float32(scale)).astype(np.float32)

    def sigmoid_normal(shape):
        return (1.0 / (1.0 + np.exp(-rng.standard_normal(shape)))).astype(np.float32)

    out = {}
    for name, shape in case.shapes.items():
        if case.kind == "conv2d":
            if name == "x":
                out[name] = normal(shape)
            elif name == "off":
                out[name] = normal(shape, 2.0)
            elif name == "w":
                out[name] = normal(shape, 1.0 / math.sqrt(case.Cin * case.kh * case.kw))
            elif name == "m":
                out[name] = sigmoid_normal(shape)
            elif name == "b":
                out[name] = normal(shape)
        else:
            if name in ("feat", "x"):
                out[name] = normal(shape)
            elif name == "rois":
                out[name] = make_rois(rng, case.R, case.N, case.image)
            elif name in ("off", "t"):
                out[name] = normal(shape)
            elif name == "m":
                out[name] = sigmoid_normal(shape)
    return out


# ----------------------------------------------------------------------------
# MLIR
# ----------------------------------------------------------------------------

def ttype(shape):
    return "tensor<%sxf32>" % "x".join(str(d) for d in shape)


def f64_literal(v):
    v = float(v)
    if not math.isfinite(v):
        raise ValueError("non-finite attribute %r" % v)
    s = repr(v)
    if "e" in s and "." not in s.split("e")[0]:
        mant, exp = s.split("e")
        s = mant + ".0e" + exp
    return s + " : f64"


def make_mlir(case, inputs):
    """The module text. Function arguments are the inputs in order."""
    args = ", ".join("%%%s: %s" % (n, ttype(a.shape)) for n, a in inputs.items())
    out_t = ttype(case.out_shapes[0])
    lines = []
    if case.kind == "conv2d":
        ins = "ins(%%x, %%off, %%w : %s, %s, %s)" % (
            ttype(case.shapes["x"]), ttype(case.shapes["off"]), ttype(case.shapes["w"]))
        if case.has_mask:
            ins += " mask(%%m : %s)" % ttype(case.shapes["m"])
        if case.has_bias:
            ins += " bias(%%b : %s)" % ttype(case.shapes["b"])
        attrs = ("{strides = array<i64: %d, %d>, dilations = array<i64: %d, %d>, "
                 "pads = array<i64: %d, %d, %d, %d>, groups = %d, offset_groups = %d}" % (
                     case.sh, case.sw, case.dh, case.dw, case.pt, case.pl, case.pb, case.pr,
                     case.G, case.og))
        lines += ["func.func @main(%s) -> %s {" % (args, out_t),
                  "  %%init = tensor.empty() : %s" % out_t,
                  "  %%r = deform.conv2d %s" % ins,
                  "       outs(%%init : %s) %s -> %s" % (out_t, attrs, out_t),
                  "  return %%r : %s" % out_t,
                  "}"]
    elif case.kind == "mmcv":
        ins = "ins(%%feat, %%rois : %s, %s)" % (ttype(case.shapes["feat"]), ttype(case.shapes["rois"]))
        if case.has_offset:
            ins += " offset(%%off : %s)" % ttype(case.shapes["off"])
        if case.has_mask:
            ins += " mask(%%m : %s)" % ttype(case.shapes["m"])
        attrs = "{spatial_scale = %s, sampling_ratio = %d : i64, gamma = %s}" % (
            f64_literal(case.scale), case.sampling_ratio, f64_literal(case.gamma))
        lines += ["func.func @main(%s) -> %s {" % (args, out_t),
                  "  %%init = tensor.empty() : %s" % out_t,
                  "  %%r = deform.roi_pool mmcv %s" % ins,
                  "       outs(%%init : %s) %s -> %s" % (out_t, attrs, out_t),
                  "  return %%r : %s" % out_t,
                  "}"]
    else:  # dcn_psroi
        ins = "ins(%%x, %%rois : %s, %s)" % (ttype(case.shapes["x"]), ttype(case.shapes["rois"]))
        if not case.no_trans:
            ins += " offset(%%t : %s)" % ttype(case.shapes["t"])
        attrs = ("{spatial_scale = %s, group_size = %d, part_size = %d, sample_per_part = %d, "
                 "trans_std = %s}" % (f64_literal(case.scale), case.G, case.part_size, case.spp,
                                      f64_literal(case.trans_std)))
        lines += ["func.func @main(%s) -> (%s, %s) {" % (args, out_t, out_t),
                  "  %%init = tensor.empty() : %s" % out_t,
                  "  %%cnt = tensor.empty() : %s" % out_t,
                  "  %%r:2 = deform.roi_pool dcn_psroi %s" % ins,
                  "       outs(%%init, %%cnt : %s, %s) %s -> %s, %s" % (out_t, out_t, attrs, out_t, out_t),
                  "  return %%r#0, %%r#1 : %s, %s" % (out_t, out_t),
                  "}"]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------
# Running deform-run
# ----------------------------------------------------------------------------

def read_status_kb(field):
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def detect_threads_flag(tool):
    """deform-run's thread-count option. The planned name is --threads; the
    tool may call it --num-threads, and LLVM registers an unrelated, silently
    accepted --threads of its own: pick the option whose help text is about
    threads."""
    try:
        p = subprocess.run([tool, "--help-hidden"], capture_output=True, text=True, timeout=60)
        text = p.stdout + p.stderr
        if "--function" not in text:
            p = subprocess.run([tool, "--help"], capture_output=True, text=True, timeout=60)
            text = p.stdout + p.stderr
    except (OSError, subprocess.SubprocessError):
        return "threads"
    found = {}
    for line in text.splitlines():
        m = re.match(r"\s+--(threads|num-threads)(?:=<\w+>)?\s+-\s*(.*)$", line)
        if m:
            found[m.group(1)] = m.group(2)
    for name in ("threads", "num-threads"):
        if "thread" in found.get(name, "").lower():
            return name
    return "threads"


def run_ours(tool, case, inputs, workdir, reps, threads, timeout, tag="ours", threads_flag="threads"):
    """Runs deform-run. Returns dict(ms, outputs, maxrss_kb, error, cmd)."""
    import numpy as np
    res = {"ms": None, "outputs": None, "maxrss_kb": None, "error": None, "cmd": None}
    if not (os.path.isfile(tool) and os.access(tool, os.X_OK)):
        res["error"] = "deform-run not found or not executable: %s (build it, or pass --deform-run)" % tool
        return res
    d = os.path.join(workdir, "%s-%s" % (case.name, tag))
    os.makedirs(d, exist_ok=True)
    mlir = os.path.join(d, "main.mlir")
    with open(mlir, "w") as f:
        f.write(make_mlir(case, inputs))
    in_paths = []
    for name, a in inputs.items():
        p = os.path.join(d, name + ".npy")
        np.save(p, np.ascontiguousarray(a))
        in_paths.append(p)
    out_paths = [os.path.join(d, "out%d.npy" % i) for i in range(len(case.out_shapes))]
    cmd = [tool, mlir, "--function=main"] + ["--input=@" + p for p in in_paths] + \
          ["--output=@" + p for p in out_paths] + ["--benchmark=%d" % reps, "--%s=%d" % (threads_flag, threads)]
    res["cmd"] = " ".join(cmd)
    stdout_path, stderr_path = os.path.join(d, "stdout.txt"), os.path.join(d, "stderr.txt")
    rusage_path = os.path.join(d, "rusage.txt")
    env = os.environ.copy()
    env["OMP_NUM_THREADS"] = str(threads)
    with open(stdout_path, "wb") as so, open(stderr_path, "wb") as se:
        try:
            # Through a small launcher (see SPAWN_HELPER): its own session, so
            # a timeout kills the whole group.
            proc = subprocess.Popen([sys.executable, "-S", "-c", SPAWN_HELPER, rusage_path] + cmd,
                                    stdout=so, stderr=se, env=env, start_new_session=True)
        except OSError as e:
            res["error"] = "cannot start %s: %s" % (tool, e)
            return res
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, 9)
            except OSError:
                pass
            proc.wait()
            res["error"] = "timed out after %ds" % timeout
            return res
    try:
        with open(rusage_path) as f:
            maxrss_kb, returncode = (int(v) for v in f.read().split())
    except (OSError, ValueError):
        res["error"] = "the launcher failed (exit status %d): %s" % (
            proc.returncode, open(stderr_path, errors="replace").read().strip()[-500:])
        return res
    res["maxrss_kb"] = maxrss_kb
    with open(stdout_path, errors="replace") as f:
        stdout = f.read()
    with open(stderr_path, errors="replace") as f:
        stderr = f.read()
    if returncode != 0:
        tail = (stderr.strip() or stdout.strip()).splitlines()[-6:]
        how = "killed by signal %d" % -returncode if returncode < 0 else "exit status %d" % returncode
        res["error"] = "%s: %s" % (how, " | ".join(tail) or "(no output)")
        return res
    m = re.search(r"median_ms:\s*([-+0-9.eE]+|nan|inf)", stdout)
    if m:
        try:
            res["ms"] = float(m.group(1))
        except ValueError:
            pass
    outs = []
    for p, shape in zip(out_paths, case.out_shapes):
        if not os.path.exists(p):
            res["error"] = "deform-run wrote no %s" % os.path.basename(p)
            return res
        try:
            a = np.load(p)
        except Exception as e:  # noqa: BLE001 - report anything numpy says
            res["error"] = "cannot read %s: %s" % (p, e)
            return res
        if tuple(a.shape) != tuple(shape):
            res["error"] = "output %s has shape %s, expected %s" % (os.path.basename(p), a.shape, shape)
            return res
        outs.append(a)
    res["outputs"] = outs
    if res["ms"] is None:
        res["error"] = "no 'median_ms: <float>' line in deform-run's output"
    return res


# ----------------------------------------------------------------------------
# float64 references for the RoI pooling variants (docs SEMANTICS 2.1, 2.2)
# ----------------------------------------------------------------------------

def mmcv_roi_pool_ref(feat, rois, off, mask, PH, PW, scale, sampling_ratio, gamma):
    """mmcv DeformRoIPool / ModulatedDeformRoIPoolPack, float64, vectorized
    over rois that share a sampling grid size."""
    import numpy as np
    feat = np.asarray(feat, np.float64)
    rois = np.asarray(rois, np.float64)
    N, C, H, W = feat.shape
    R = rois.shape[0]
    featT = np.ascontiguousarray(feat.transpose(0, 2, 3, 1))  # N, H, W, C
    out = np.zeros((R, PH, PW, C))
    bval = rois[:, 0]
    valid = (bval > -1) & (bval < N)
    b = np.where(valid, bval, 0).astype(np.int64)
    sw0 = rois[:, 1] * scale - 0.5
    sh0 = rois[:, 2] * scale - 0.5
    rw = (rois[:, 3] * scale - 0.5) - sw0
    rh = (rois[:, 4] * scale - 0.5) - sh0
    bw, bh = rw / PW, rh / PH

    def adaptive(extent, pooled):
        with np.errstate(invalid="ignore"):
            g = np.ceil(extent / pooled)
            return np.where(g >= 1, np.minimum(np.nan_to_num(g), 512), 0).astype(np.int64)
    if sampling_ratio > 0:
        gh = np.full(R, sampling_ratio, np.int64)
        gw = np.full(R, sampling_ratio, np.int64)
    else:
        gh, gw = adaptive(rh, PH), adaptive(rw, PW)
    ph = np.arange(PH, dtype=np.float64)[None, :, None]
    pw = np.arange(PW, dtype=np.float64)[None, None, :]
    for ghv, gwv in sorted(set(zip(gh.tolist(), gw.tolist()))):
        sel_all = np.nonzero((gh == ghv) & (gw == gwv) & valid)[0]
        cnt = max(ghv * gwv, 1)
        for start in range(0, len(sel_all), 32):
            sel = sel_all[start:start + 32]
            n = len(sel)
            sw = np.broadcast_to(sw0[sel, None, None], (n, PH, PW)).copy()
            sh = np.broadcast_to(sh0[sel, None, None], (n, PH, PW)).copy()
            if off is not None:
                sw += gamma * rw[sel, None, None] * off[sel, 0].astype(np.float64)
                sh += gamma * rh[sel, None, None] * off[sel, 1].astype(np.float64)
            iy = (np.arange(ghv, dtype=np.float64) + 0.5)
            ix = (np.arange(gwv, dtype=np.float64) + 0.5)
            # y: [n, PH, PW, gh, 1], x: [n, PH, PW, 1, gw]
            y = (sh + ph * bh[sel, None, None])[..., None, None] + \
                (iy[None, None, None, :, None] * (bh[sel] / ghv)[:, None, None, None, None])
            x = (sw + pw * bw[sel, None, None])[..., None, None] + \
                (ix[None, None, None, None, :] * (bw[sel] / gwv)[:, None, None, None, None])
            y, x = np.broadcast_arrays(y, x)
            inside = (y >= -1.0) & (y <= H) & (x >= -1.0) & (x <= W)
            y = np.where(inside, np.maximum(y, 0.0), 0.0)
            x = np.where(inside, np.maximum(x, 0.0), 0.0)
            y0 = np.floor(y).astype(np.int64)
            x0 = np.floor(x).astype(np.int64)
            ylast, xlast = y0 >= H - 1, x0 >= W - 1
            y0 = np.where(ylast, H - 1, y0)
            x0 = np.where(xlast, W - 1, x0)
            y = np.where(ylast, y0, y)
            x = np.where(xlast, x0, x)
            y1 = np.where(ylast, y0, y0 + 1)
            x1 = np.where(xlast, x0, x0 + 1)
            ly, lx = y - y0, x - x0
            hy, hx = 1.0 - ly, 1.0 - lx
            bb = b[sel][:, None, None, None, None]
            val = ((hy * hx)[..., None] * featT[bb, y0, x0] + (hy * lx)[..., None] * featT[bb, y0, x1] +
                   (ly * hx)[..., None] * featT[bb, y1, x0] + (ly * lx)[..., None] * featT[bb, y1, x1])
            val *= inside[..., None]
            out[sel] = val.sum(axis=(3, 4)) / cnt
    out = out.transpose(0, 3, 1, 2)  # R, C, PH, PW
    if mask is not None:
        out = out * np.asarray(mask, np.float64)
    return np.ascontiguousarray(out)


def dcn_psroi_ref(x, rois, trans, P, scale, group_size, part_size, spp, trans_std, output_dim):
    """Original DCN DeformablePSROIPooling, float64. Returns (out, count)."""
    import numpy as np
    x = np.asarray(x, np.float64)
    rois = np.asarray(rois, np.float64)
    N, C, H, W = x.shape
    R = rois.shape[0]
    OD, G, PS = output_dim, group_size, part_size
    no_trans = trans is None
    num_classes = 1 if no_trans else trans.shape[1] // 2
    each_class = OD // num_classes

    def cround(v):  # C round(): half away from zero
        return np.sign(v) * np.floor(np.abs(v) + 0.5)
    bval = rois[:, 0]
    valid = (bval > -1) & (bval < N)
    b = np.where(valid, bval, 0).astype(np.int64)
    sw = cround(rois[:, 1]) * scale - 0.5
    sh = cround(rois[:, 2]) * scale - 0.5
    ew = (cround(rois[:, 3]) + 1.0) * scale - 0.5
    eh = (cround(rois[:, 4]) + 1.0) * scale - 0.5
    rw = np.where(ew - sw < 0.1, 0.1, ew - sw)
    rh = np.where(eh - sh < 0.1, 0.1, eh - sh)
    bw, bh = rw / P, rh / P
    sbw, sbh = bw / spp, bh / spp
    ctop = np.arange(OD)
    class_id = ctop // each_class
    # Per-bin tables, computed with python floats exactly like the C code.
    part_h = [min(int(math.floor(ph / P * PS)), PS - 1) for ph in range(P)]
    part_w = part_h
    gidx = [min(max(int(math.floor(p * G / P)), 0), G - 1) for p in range(P)]
    out = np.zeros((R, OD, P, P))
    count = np.zeros((R, OD, P, P))
    s = np.arange(spp, dtype=np.float64)
    for ph in range(P):
        for pw in range(P):
            if no_trans:
                tx = np.zeros((R, OD))
                ty = np.zeros((R, OD))
            else:
                tx = trans[:, 2 * class_id, part_h[ph], part_w[pw]].astype(np.float64) * trans_std
                ty = trans[:, 2 * class_id + 1, part_h[ph], part_w[pw]].astype(np.float64) * trans_std
            wstart = (pw * bw + sw)[:, None] + tx * rw[:, None]   # R, OD
            hstart = (ph * bh + sh)[:, None] + ty * rh[:, None]
            c = (ctop * G + gidx[ph]) * G + gidx[pw]               # OD
            w = wstart[:, :, None, None] + (s[None, :] * sbw[:, None])[:, None, None, :]  # R,OD,1,spp
            h = hstart[:, :, None, None] + (s[None, :] * sbh[:, None])[:, None, :, None]  # R,OD,spp,1
            w, h = np.broadcast_arrays(w, h)
            inside = (w >= -0.5) & (w <= W - 0.5) & (h >= -0.5) & (h <= H - 0.5)
            w = np.clip(np.where(inside, w, 0.0), 0.0, W - 1)
            h = np.clip(np.where(inside, h, 0.0), 0.0, H - 1)
            x1, x2 = np.floor(w).astype(np.int64), np.ceil(w).astype(np.int64)
            y1, y2 = np.floor(h).astype(np.int64), np.ceil(h).astype(np.int64)
            dx, dy = w - np.floor(w), h - np.floor(h)
            bb = b[:, None, None, None]
            cc = c[None, :, None, None]
            v = ((1 - dx) * (1 - dy) * x[bb, cc, y1, x1] + (1 - dx) * dy * x[bb, cc, y2, x1] +
                 dx * (1 - dy) * x[bb, cc, y1, x2] + dx * dy * x[bb, cc, y2, x2])
            n = inside.sum(axis=(2, 3)).astype(np.float64)
            total = (v * inside).sum(axis=(2, 3))
            val = np.where(n > 0, total / np.maximum(n, 1), 0.0)
            out[:, :, ph, pw] = np.where(valid[:, None], val, 0.0)
            count[:, :, ph, pw] = np.where(valid[:, None], n, 0.0)
    return out, count


def rel_l2(a, ref):
    import numpy as np
    a = np.asarray(a, np.float64)
    ref = np.asarray(ref, np.float64)
    denom = np.linalg.norm(ref.ravel())
    diff = np.linalg.norm((a - ref).ravel())
    if not np.all(np.isfinite(a)):
        return float("inf")
    return float(diff / denom) if denom > 0 else float(diff)


# ----------------------------------------------------------------------------
# torch side
# ----------------------------------------------------------------------------

def torch_callables(case, t):
    """(peer name, peer fn, regular-conv fn or None) on float32 tensors `t`."""
    import torchvision.ops as tvops
    import torch.nn.functional as F
    if case.kind == "conv2d":
        x = t["x"]
        sym = case.pt == case.pb and case.pl == case.pr
        padding = (case.pt, case.pl) if sym else (0, 0)
        if not sym:  # zero padding gives the same samples as the zero boundary
            x = F.pad(x, (case.pl, case.pr, case.pt, case.pb))
        stride, dil = (case.sh, case.sw), (case.dh, case.dw)
        bias, mask = t.get("b"), t.get("m")

        def peer():
            return tvops.deform_conv2d(x, t["off"], t["w"], bias=bias, stride=stride,
                                       padding=padding, dilation=dil, mask=mask)

        def regular():
            return F.conv2d(x, t["w"], bias, stride, padding, dil, case.G)
        return "tv deform_conv2d", peer, regular
    if case.kind == "mmcv":
        def peer():
            return tvops.roi_align(t["feat"], t["rois"], output_size=(case.PH, case.PW),
                                   spatial_scale=case.scale, sampling_ratio=case.sampling_ratio,
                                   aligned=True)
        return "tv roi_align", peer, None

    def peer():
        return tvops.ps_roi_align(t["x"], t["rois"], output_size=case.PH,
                                  spatial_scale=case.scale, sampling_ratio=case.spp)
    return "tv ps_roi_align*", peer, None


def time_ms(fn, reps, warmup):
    import torch
    with torch.inference_mode():
        for _ in range(warmup):
            fn()
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    times.sort()
    mid = len(times) // 2
    med = times[mid] if len(times) % 2 else 0.5 * (times[mid - 1] + times[mid])
    return med * 1e3


def check_case(case, inputs, ours, torch_t):
    """Returns (rel_err, against, notes, extra fields)."""
    import numpy as np
    import torch
    notes, extra = [], {}
    if case.kind == "conv2d":
        t64 = {k: v.double() for k, v in torch_t.items()}
        _, peer64, _ = torch_callables(case, t64)
        with torch.inference_mode():
            ref = peer64().numpy()
            _, peer32, _ = torch_callables(case, torch_t)
            extra["tv_f32_rel_err"] = rel_l2(peer32().numpy(), ref)
        return rel_l2(ours[0], ref), "tv f64", notes, extra
    if case.kind == "mmcv":
        off = inputs.get("off")
        mask = inputs.get("m")
        ref = mmcv_roi_pool_ref(inputs["feat"], inputs["rois"], off, mask, case.PH, case.PW,
                                case.scale, case.sampling_ratio, case.gamma)
        return rel_l2(ours[0], ref), "ref f64", notes, extra
    ref, cnt = dcn_psroi_ref(inputs["x"], inputs["rois"], inputs.get("t"), case.PH, case.scale,
                             case.G, case.part_size, case.spp, case.trans_std, case.OD)
    if not np.array_equal(np.asarray(ours[1], np.float64), cnt):
        notes.append("%s: sample counts differ from the reference in %d of %d places" % (
            case.name, int((np.asarray(ours[1], np.float64) != cnt).sum()), cnt.size))
    extra["count_match"] = bool(np.array_equal(np.asarray(ours[1], np.float64), cnt))
    return rel_l2(ours[0], ref), "ref f64", notes, extra


def mmcv_ref_selfcheck(case, inputs):
    """Our float64 mmcv reference with zero offsets (and the mask) against
    torchvision roi_align(aligned=True) in float64."""
    import numpy as np
    import torch
    import torchvision.ops as tvops
    mask = inputs.get("m")
    ref = mmcv_roi_pool_ref(inputs["feat"], inputs["rois"], None, mask, case.PH, case.PW,
                            case.scale, case.sampling_ratio, case.gamma)
    with torch.inference_mode():
        tv = tvops.roi_align(torch.from_numpy(inputs["feat"]).double(),
                             torch.from_numpy(inputs["rois"]).double(), (case.PH, case.PW),
                             case.scale, case.sampling_ratio, aligned=True).numpy()
    if mask is not None:
        tv = tv * mask.astype(np.float64)
    return rel_l2(ref, tv), tv


def peer_memory_child(args):
    """Runs in a fresh interpreter (see measure_peer_memory): for each case,
    the peak RSS growth (VmHWM after reset) of one peer call, minus the
    output's size. Prints JSON."""
    import torch
    torch.set_num_threads(args.threads)
    _, cases = load_suite(args.suite)
    wanted = set(args.cases.split(","))
    result = {}
    for case in cases:
        if case.name not in wanted:
            continue
        try:
            inputs = make_inputs(case, args.seed)
            t = {k: torch.from_numpy(v) for k, v in inputs.items()}
            _, peer, _ = torch_callables(case, t)
            with torch.inference_mode():
                peer()  # warm-up: thread pools, lazy initialisation
                with open("/proc/self/clear_refs", "w") as f:
                    f.write("5")  # reset VmHWM to the current RSS
                base = read_status_kb("VmRSS")
                out = peer()
                hwm = read_status_kb("VmHWM")
            out_bytes = out.numel() * out.element_size()
            result[case.name] = max(0, hwm - base) * 1024 - out_bytes
            del out
        except Exception as e:  # noqa: BLE001
            result[case.name] = "error: %s" % e
    print(json.dumps(result))


def measure_peer_memory(args, names):
    env = dict(os.environ)
    # Every freed block >= 64 KiB goes back to the kernel, so RSS follows the
    # live allocations (timing does not matter in this process).
    env["MALLOC_MMAP_THRESHOLD_"] = "65536"
    env["MALLOC_TRIM_THRESHOLD_"] = "65536"
    cmd = [sys.executable, os.path.abspath(__file__), "--_peer-memory", "--suite", args.suite,
           "--cases", ",".join(names), "--threads", str(args.threads), "--seed", str(args.seed)]
    try:
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=1800)
        return json.loads(p.stdout.strip().splitlines()[-1])
    except Exception as e:  # noqa: BLE001
        print("note: peer memory not measured: %s" % e)
        return {}


def tiny_baseline_rss(tool, workdir, threads, timeout, threads_flag):
    """Peak RSS of deform-run on a tiny conv (its own footprint: libraries,
    compiler, JIT), subtracted from each case's peak RSS."""
    raw = {"name": "tiny-baseline", "N": 1, "Cin": 2, "Cout": 2, "H": 4, "W": 4, "k": [3, 3],
           "stride": [1, 1], "pad": [1, 1, 1, 1], "dil": [1, 1], "groups": 1, "offset_groups": 1,
           "mask": True, "layout": "nchw"}
    case = Case(raw, "conv2d")
    r = run_ours(tool, case, make_inputs(case, 0), workdir, 1, threads, timeout,
                 threads_flag=threads_flag)
    return r["maxrss_kb"] if r["error"] is None else None


# ----------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------

def fmt(v, spec, none="-"):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return none
    return format(v, spec)


def geomean(values):
    values = [v for v in values if v is not None and v > 0 and math.isfinite(v)]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def print_table(rows, meta):
    headers = ["case", "GFLOP", "ours ms", "GFLOP/s", "peer", "peer ms", "peer GFLOP/s",
               "speed-up", "conv ms", "ours/conv", "rel L2 err", "vs", "tv f32 err", "ours extra MB",
               "peer extra MB"]
    table = []
    for r in rows:
        table.append([
            r["case"], fmt(r["gflop"], ".3f"), fmt(r["ours_ms"], ".3f", "n/a"),
            fmt(r["ours_gflops"], ".1f"), r["peer"], fmt(r["peer_ms"], ".3f"),
            fmt(r["peer_gflops"], ".1f"), fmt(r["speedup"], ".2f") + ("x" if r["speedup"] else ""),
            fmt(r["conv_ms"], ".3f"), fmt(r["ours_over_conv"], ".2f"),
            (fmt(r["rel_err"], ".1e") + ("" if r["rel_err"] is None or r["rel_err"] < REL_ERR_LIMIT
                                         else " FAIL")),
            r["err_vs"] or "-", fmt(r.get("tv_f32_rel_err"), ".1e"), fmt(r["ours_extra_mb"], ".1f"),
            fmt(r["peer_extra_mb"], ".1f")])
    widths = [max(len(h), *(len(row[i]) for row in table)) if table else len(h)
              for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(widths[i]) if i in (0, 4) else h.rjust(widths[i])
                     for i, h in enumerate(headers))
    print(line)
    print("-" * len(line))
    for row in table:
        print("  ".join(c.ljust(widths[i]) if i in (0, 4) else c.rjust(widths[i])
                        for i, c in enumerate(row)))
    print("-" * len(line))


def write_chart(rows, meta, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("note: matplotlib is not installed (apt-get install python3-matplotlib): no chart")
        return None
    names = [r["case"] + ("*" if r["peer"].endswith("*") else "") for r in rows]
    xs = list(range(len(rows)))
    fig, axes = plt.subplots(2, 1, figsize=(max(8, 1.1 * len(rows) + 3), 8))
    ax = axes[0]
    series = [("ours", "ours_ms", "tab:blue"), ("peer (torchvision)", "peer_ms", "tab:orange"),
              ("regular conv (torch)", "conv_ms", "tab:gray")]
    width = 0.27
    for i, (label, key, color) in enumerate(series):
        vals = [r[key] if r[key] else 0 for r in rows]
        ax.bar([x + (i - 1) * width for x in xs], vals, width, label=label, color=color)
    ax.set_yscale("log")
    ax.set_ylabel("median ms (log)")
    ax.set_xticks(xs)
    ax.set_xticklabels(names, rotation=30, ha="right")
    ax.legend(fontsize=8)
    ax.set_title("deform-run vs torchvision, %d thread(s), %s  (*: peer is ps_roi_align)" % (
        meta["threads"], meta["cpu"]))
    ax = axes[1]
    sp = [r["speedup"] or 0 for r in rows]
    ratio = [r["ours_over_conv"] or 0 for r in rows]
    ax.bar([x - 0.2 for x in xs], sp, 0.4, label="speed-up vs torchvision (tv ms / ours ms)",
           color="tab:green")
    ax.bar([x + 0.2 for x in xs], ratio, 0.4, label="ours / regular conv (ms ratio)", color="tab:red")
    ax.axhline(1.0, color="black", linewidth=0.8)
    if any(v > 0 for v in sp + ratio):
        ax.set_yscale("log")
    else:
        ax.text(0.5, 0.5, "deform-run unavailable: no ratios", transform=ax.transAxes,
                ha="center", va="center")
    ax.set_xticks(xs)
    ax.set_xticklabels(names, rotation=30, ha="right")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


# ----------------------------------------------------------------------------
# main
# ----------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--deform-run", default=os.path.join(REPO, "build", "bin", "deform-run"),
                   help="path of the deform-run tool (default: %(default)s)")
    p.add_argument("--suite", default=os.path.join(HERE, "suite.json"))
    p.add_argument("--cases", default=None, help="comma-separated case names (default: all)")
    p.add_argument("--quick", action="store_true",
                   help="2 small cases (seed, mmcv_7x7), 3 repetitions, 1 warm-up, no memory")
    p.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)),
                   help="threads for both sides (default: the CPUs this process may use)")
    p.add_argument("--threads-flag", default=None,
                   help="name of deform-run's thread-count option (default: detected from its --help; "
                        "'threads' or 'num-threads')")
    p.add_argument("--reps", type=int, default=10,
                   help="timed runs per measurement, median reported (default: 10)")
    p.add_argument("--warmup", type=int, default=2, help="untimed runs before (torch side)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--timeout", type=int, default=900, help="seconds per deform-run call")
    p.add_argument("--out-dir", default=HERE, help="where results.json and results.png go")
    p.add_argument("--no-memory", action="store_true", help="skip the peak-memory measurements")
    p.add_argument("--no-check", action="store_true", help="skip the correctness checks")
    p.add_argument("--keep-temp", action="store_true", help="keep the .mlir/.npy directory")
    p.add_argument("--_peer-memory", action="store_true", dest="peer_memory",
                   help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    args.suite = os.path.abspath(args.suite)
    if args.peer_memory:
        peer_memory_child(args)
        return 0

    import numpy as np
    import torch
    import torchvision

    suite, cases = load_suite(args.suite)
    names = [c.name for c in cases]
    if args.quick:
        wanted = ["seed", "mmcv_7x7"]
        wanted = [n for n in wanted if n in names] or names[:2]
        args.reps = min(args.reps, 3)
        args.warmup = min(args.warmup, 1)
        args.no_memory = True
    else:
        wanted = names
    if args.cases:
        wanted = [n.strip() for n in args.cases.split(",") if n.strip()]
        unknown = [n for n in wanted if n not in names]
        if unknown:
            print("error: unknown case(s) %s; the suite has: %s" % (", ".join(unknown), ", ".join(names)),
                  file=sys.stderr)
            return 2
    cases = [c for c in cases if c.name in wanted]
    if args.reps < 1 or args.threads < 1:
        print("error: --reps and --threads must be >= 1", file=sys.stderr)
        return 2

    torch.set_num_threads(args.threads)
    cpu, family, model, _ = cpu_info()
    maps = ""
    try:
        with open("/proc/self/maps") as f:
            maps = f.read()
    except OSError:
        pass
    blas_libs = sorted(set(l.split()[-1] for l in maps.splitlines()
                           if "blas" in l.lower() and l.split()[-1].startswith("/")))
    blas = ", ".join(blas_libs) or "unknown"
    meta = {
        "cpu": cpu, "cpu_family": family, "cpu_model": model, "threads": args.threads,
        "reps": args.reps, "warmup": args.warmup, "seed": args.seed,
        "torch": torch.__version__, "torchvision": torchvision.__version__, "numpy": np.__version__,
        "python": sys.executable, "blas": blas,
        "env": {k: os.environ.get(k) for k in list(MALLOC_ENV) + ["OPENBLAS_CORETYPE"]},
        "deform_run": args.deform_run, "suite": args.suite,
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    print("CPU: %s (family %s, model %s); threads: %d (torch.get_num_threads() = %d)" % (
        cpu, family, model, args.threads, torch.get_num_threads()))
    print("torch %s, torchvision %s, BLAS: %s, OPENBLAS_CORETYPE=%s" % (
        torch.__version__, torchvision.__version__, blas, os.environ.get("OPENBLAS_CORETYPE")))
    print("MALLOC_MMAP_THRESHOLD_=%s MALLOC_TRIM_THRESHOLD_=%s (ours and torch)" % (
        os.environ.get("MALLOC_MMAP_THRESHOLD_"), os.environ.get("MALLOC_TRIM_THRESHOLD_")))
    print("median of %d runs; deform-run: %s" % (args.reps, args.deform_run))
    load1 = os.getloadavg()[0]
    meta["loadavg_1min"] = load1
    if load1 > 0.5:
        print("warning: load average %.2f: other processes are running, timings will be noisy" % load1)
    print()

    workdir = tempfile.mkdtemp(prefix="deform-bench-")
    tool_ok = os.path.isfile(args.deform_run) and os.access(args.deform_run, os.X_OK)
    threads_flag = args.threads_flag or (detect_threads_flag(args.deform_run) if tool_ok else "threads")
    meta["deform_run_threads_flag"] = threads_flag
    if tool_ok:
        print("deform-run thread option: --%s (OMP_NUM_THREADS=%d as well)" % (threads_flag, args.threads))
    baseline_kb = None
    if tool_ok and not args.no_memory:
        baseline_kb = tiny_baseline_rss(args.deform_run, workdir, args.threads, args.timeout,
                                        threads_flag)
    peer_mem = {} if args.no_memory else measure_peer_memory(args, [c.name for c in cases])

    rows, notes = [], []
    for case in cases:
        print("[%s] %s ..." % (case.kind, case.name), flush=True)
        inputs = make_inputs(case, args.seed)
        io_bytes = sum(a.nbytes for a in inputs.values()) + \
            sum(4 * int(np.prod(s)) for s in case.out_shapes)
        ours = run_ours(args.deform_run, case, inputs, workdir, args.reps, args.threads, args.timeout,
                        threads_flag=threads_flag)
        if ours["error"]:
            print("  ours: unavailable: %s" % ours["error"])
        t = {k: torch.from_numpy(v) for k, v in inputs.items()}
        peer_name, peer, regular = torch_callables(case, t)
        peer_ms = time_ms(peer, args.reps, args.warmup)
        conv_ms = time_ms(regular, args.reps, args.warmup) if regular else None
        row = {"case": case.name, "kind": case.kind, "gflop": case.flop / 1e9 if case.flop else None,
               "ours_ms": ours["ms"] if not ours["error"] else None, "ours_error": ours["error"],
               "ours_cmd": ours["cmd"], "peer": peer_name, "peer_ms": peer_ms, "conv_ms": conv_ms,
               "rel_err": None, "err_vs": None, "ours_maxrss_mb": None, "ours_extra_mb": None,
               "peer_extra_mb": None, "io_mb": io_bytes / 2**20}
        row["ours_gflops"] = case.flop / (row["ours_ms"] * 1e6) if case.flop and row["ours_ms"] else None
        row["peer_gflops"] = case.flop / (peer_ms * 1e6) if case.flop else None
        row["speedup"] = peer_ms / row["ours_ms"] if row["ours_ms"] else None
        row["ours_over_conv"] = row["ours_ms"] / conv_ms if row["ours_ms"] and conv_ms else None
        if ours["maxrss_kb"] is not None and not ours["error"]:
            row["ours_maxrss_mb"] = ours["maxrss_kb"] / 1024.0
            if baseline_kb is not None:
                row["ours_extra_mb"] = (ours["maxrss_kb"] * 1024 - baseline_kb * 1024 - io_bytes) / 2**20
        pm = peer_mem.get(case.name)
        if isinstance(pm, (int, float)):
            row["peer_extra_mb"] = pm / 2**20
        elif pm is not None:
            notes.append("%s: peer memory: %s" % (case.name, pm))
        if not args.no_check:
            if case.kind == "mmcv":
                err, tv64 = mmcv_ref_selfcheck(case, inputs)
                row["ref_selfcheck_rel_err"] = err
                # torchvision's own float32 error (zero offsets), for scale.
                tv32 = peer().numpy()
                if case.has_mask:
                    tv32 = tv32 * inputs["m"]
                row["tv_f32_rel_err"] = rel_l2(tv32, tv64)
                if err > 1e-12:
                    notes.append("%s: the float64 mmcv reference differs from torchvision roi_align "
                                 "with zero offsets (%.1e): the reference is wrong" % (case.name, err))
            if ours["outputs"] is not None:
                err, against, n, extra = check_case(case, inputs, ours["outputs"], t)
                row["rel_err"], row["err_vs"] = err, against
                row.update(extra)
                notes += n
                if case.kind == "mmcv" and case.has_offset:
                    # Also our kernel with zero offsets against torchvision itself.
                    zi = dict(inputs)
                    zi["off"] = np.zeros_like(inputs["off"])
                    z = run_ours(args.deform_run, case, zi, workdir, 1, args.threads, args.timeout,
                                 tag="zero-offset", threads_flag=threads_flag)
                    if z["outputs"] is not None:
                        _, tv = mmcv_ref_selfcheck(case, zi)
                        row["zero_offset_rel_err_vs_tv"] = rel_l2(z["outputs"][0], tv)
                        notes.append("%s: with zero offsets, ours vs torchvision roi_align%s (f64): "
                                     "rel L2 err %.1e" % (case.name, " * mask" if case.has_mask else "",
                                                          row["zero_offset_rel_err_vs_tv"]))
        msg = "  %s %.3f ms" % (peer_name, peer_ms)
        if conv_ms:
            msg += ", regular conv %.3f ms" % conv_ms
        if row["ours_ms"]:
            msg += ", ours %.3f ms (%.2fx)" % (row["ours_ms"], row["speedup"])
        if row["rel_err"] is not None:
            msg += ", rel L2 err %.1e vs %s" % (row["rel_err"], row["err_vs"])
        print(msg, flush=True)
        rows.append(row)

    conv_rows = [r for r in rows if r["kind"] == "conv2d"]
    summary = {
        "geomean_speedup_conv": geomean([r["speedup"] for r in conv_rows]),
        "geomean_ours_over_conv": geomean([r["ours_over_conv"] for r in conv_rows]),
        "geomean_speedup_all": geomean([r["speedup"] for r in rows]),
        "conv_cases_measured": sum(1 for r in conv_rows if r["speedup"]),
        "conv_cases": len(conv_rows),
        "failed_checks": [r["case"] for r in rows if r["rel_err"] is not None and not r["rel_err"] < REL_ERR_LIMIT],
        "ours_errors": {r["case"]: r["ours_error"] for r in rows if r["ours_error"]},
    }

    print()
    print_table(rows, meta)
    g = summary["geomean_speedup_conv"]
    print("geometric mean speed-up over torchvision (conv cases, %d of %d measured): %s" % (
        summary["conv_cases_measured"], summary["conv_cases"], fmt(g, ".2f", "n/a (ours unavailable)")))
    print("geometric mean ours / regular conv (conv cases): %s" % fmt(summary["geomean_ours_over_conv"], ".2f", "n/a"))
    print("threads: %d; CPU: %s (family %s, model %s)" % (args.threads, cpu, family, model))
    print()
    print("Notes:")
    print("  speed-up = torchvision ms / ours ms (> 1: ours is faster); ours/conv = ours ms / "
          "torch.nn.functional.conv2d ms of the same shape (oneDNN: the machine's limit).")
    print("  GFLOP = 2*N*Cout*Ho*Wo*(Cin/groups)*kh*kw (conv cases only).")
    print("  * rfcn_ps: torchvision has no deformable PS RoI pooling; its peer is "
          "torchvision.ops.ps_roi_align (no offsets), the nearest op, timed only for scale.")
    print("  mmcv cases: the peer is torchvision roi_align(aligned=True), which ignores the offsets "
          "(equal to mmcv only with zero offsets).")
    print("  rel L2 err: ours vs 'tv f64' = torchvision deform_conv2d in float64 on the same inputs; "
          "'ref f64' = this script's float64 reference of docs SEMANTICS 2.1/2.2; limit %.0e." % REL_ERR_LIMIT)
    print("  ours extra MB = peak RSS of the deform-run process (ru_maxrss from wait4, spawned by a small "
          "launcher so that this script's RSS does not leak into it) - peak RSS of "
          "deform-run on a tiny conv (%s) - input and output bytes; it includes deform-run's own "
          "copies of the inputs/outputs and the .npy I/O." % (
              "%.1f MB" % (baseline_kb / 1024.0) if baseline_kb else "not measured"))
    print("  peer extra MB = growth of VmHWM over VmRSS across one peer call in a fresh process "
          "(/proc/self/clear_refs reset, MALLOC_MMAP_THRESHOLD_=65536) - output bytes.")
    for n in notes:
        print("  " + n)
    for name, err in summary["ours_errors"].items():
        print("  %s: ours unavailable: %s" % (name, err))

    os.makedirs(args.out_dir, exist_ok=True)
    json_path = os.path.join(args.out_dir, "results.json")
    with open(json_path, "w") as f:
        json.dump({"meta": meta, "summary": summary, "cases": rows, "notes": notes}, f, indent=1)
    print("wrote %s" % json_path)
    png = write_chart(rows, meta, os.path.join(args.out_dir, "results.png"))
    if png:
        print("wrote %s" % png)
    if args.keep_temp:
        print("inputs and .mlir files kept in %s" % workdir)
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if summary["failed_checks"] else 0


if __name__ == "__main__":
    reexec_with_bench_env()
    sys.exit(main(sys.argv[1:]))
