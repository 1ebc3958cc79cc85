#!/usr/bin/python3
"""Benchmark deform-run against the CPU peers on bench/suite.json.

For every case of the suite this script
  1. draws the inputs with numpy (seeded, float32, as the suite's "about" says)
     and writes them as .npy files;
  2. writes a .mlir file with one function @main and runs, once per --cpu
     target (default host and x86-64-v3),
       deform-run FILE.mlir --function=main --input=@a.npy ... --output=@out.npy
                  --benchmark=N --num-threads=T --cpu=TARGET
     reading the line "median_ms: <float>" it prints (and the same with
     --baseline-deform-run, for before/after comparisons);
  3. times the CPU peers on the same inputs in the same run: torchvision
     deform_conv2d / roi_align(aligned=True) / ps_roi_align and a plain
     torch.nn.functional.conv2d of the same shape (the machine's limit) in this
     process; ONNX Runtime (DeformConv), Apache TVM (untuned, and tuned where
     bench/tvm_tune.py left a record) and TensorFlow (the TF layer, case
     seed_tf) each in its own process with the python of bench/.venv
     (bench/setup-peers.sh, bench/peers.py); a peer that cannot express a case
     shows n/a and the reason;
  4. checks our output (relative L2 error) against torchvision in float64
     (conv), the TF layer's code in float64 (seed_tf), or the float64
     reference implementations below (RoI pooling with offsets; they are
     themselves checked against torchvision's roi_align with zero offsets on
     every run);
  5. prints the tables (times, ours/peer ratios per target, checks and
     memory), the summary, and writes results.json and a PNG chart.

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


def reexec_with_bench_env(script=None):
    """Re-executes `script` (default: this one) with the malloc settings (and, when torch will
    use OpenBLAS on an AVX-512 CPU, OPENBLAS_CORETYPE=SkylakeX). Values the
    user already set are kept."""
    if os.environ.get(REEXEC_MARK) == "1":
        return
    env = dict(os.environ)
    if "--default-malloc" not in sys.argv:
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
    os.execve(sys.executable, [sys.executable, os.path.abspath(script or __file__)] + sys.argv[1:], env)


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
            # variant: "torchvision" (NCHW, planar offsets, zero boundary: also
            # mmcv and ONNX) or "tf_layer" (SEMANTICS 1.1: NHWC, interleaved
            # offsets, offset groups over output filters, tf_clamp, HWOI).
            self.variant = r.get("variant", "torchvision")
            layout = r.get("layout", "nchw" if self.variant == "torchvision" else "nhwc")
            if (self.variant, layout) not in (("torchvision", "nchw"), ("tf_layer", "nhwc")):
                raise ValueError("case %s: variant %r with layout %r is not supported (torchvision/nchw "
                                 "or tf_layer/nhwc)" % (self.name, self.variant, layout))
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
            tf = self.variant == "tf_layer"
            if self.Ho < 1 or self.Wo < 1 or self.Cin % self.G or self.Cout % self.G or \
                    (self.Cout if tf else self.Cin) % self.og:
                raise ValueError("case %s: inconsistent shape parameters" % self.name)
            if tf and (self.G != 1 or self.has_mask):
                raise ValueError("case %s: the TF layer has no weight groups and no mask" % self.name)
            K = self.kh * self.kw
            if tf:
                self.shapes = {"x": (self.N, self.H, self.W, self.Cin),
                               "off": (self.N, self.Ho, self.Wo, self.og * 2 * K),
                               "w": (self.kh, self.kw, self.Cout, self.Cin)}
                self.out_shapes = [(self.N, self.Ho, self.Wo, self.Cout)]
            else:
                self.shapes = {"x": (self.N, self.Cin, self.H, self.W),
                               "off": (self.N, self.og * 2 * K, self.Ho, self.Wo),
                               "w": (self.Cout, self.Cin // self.G, self.kh, self.kw)}
                if self.has_mask:
                    self.shapes["m"] = (self.N, self.og * K, self.Ho, self.Wo)
                self.out_shapes = [(self.N, self.Cout, self.Ho, self.Wo)]
            if self.has_bias:
                self.shapes["b"] = (self.Cout,)
            self.flop = 2.0 * self.N * self.Cout * self.Ho * self.Wo * (self.Cin // self.G) * K
        elif kind == "mmcv":
            r = raw
            self.variant = kind
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
            self.variant = kind
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

    def spec(self):
        """The parameters as a JSON-able dict (for bench/peers.py)."""
        d = {k: v for k, v in self.__dict__.items() if k not in ("raw", "shapes", "out_shapes")}
        d["shapes"] = {k: list(v) for k, v in self.shapes.items()}
        d["out_shapes"] = [list(s) for s in self.out_shapes]
        return d


def tf_layer_case(seed_raw):
    """The TF layer (DHZS/tf-deformable-conv-layer) at the shape of the suite's
    seed case: one offset group per output filter, with bias, no mask, the
    seed's pads (its 'valid' padding)."""
    raw = dict(seed_raw)
    raw.update({"name": seed_raw["name"] + "_tf", "variant": "tf_layer", "layout": "nhwc",
                "offset_groups": seed_raw["Cout"], "groups": 1, "mask": False, "bias": True})
    return raw


def load_suite(path):
    with open(path) as f:
        suite = json.load(f)
    cases = []
    for c in suite.get("conv2d", []):
        cases.append(Case(c, "conv2d"))
        if c.get("name") == "seed" and c.get("variant", "torchvision") == "torchvision" and \
                c.get("groups", 1) == 1 and not c.get("mask", False):
            cases.append(Case(tf_layer_case(c), "conv2d"))
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
        tf_attrs = ""
        if case.variant == "tf_layer":  # SEMANTICS 1.1, "the TF layer"
            tf_attrs = (", data_layout = #deform.layout<nhwc>, offset_layout = #deform.offset_layout<interleaved>, "
                        "offset_group_axis = #deform.offset_group_axis<output>, "
                        "boundary = #deform.boundary<tf_clamp>, weight_layout = #deform.weight_layout<hwoi>")
        attrs = ("{strides = array<i64: %d, %d>, dilations = array<i64: %d, %d>, "
                 "pads = array<i64: %d, %d, %d, %d>, groups = %d, offset_groups = %d%s}" % (
                     case.sh, case.sw, case.dh, case.dw, case.pt, case.pl, case.pb, case.pr,
                     case.G, case.og, tf_attrs))
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


def save_inputs(case, inputs, workdir, tag="inputs"):
    """Writes the inputs as .npy files once per case (deform-run and every
    peer process read the same files). Returns {name: path}."""
    import numpy as np
    d = os.path.join(workdir, case.name, tag)
    os.makedirs(d, exist_ok=True)
    paths = {}
    for name, a in inputs.items():
        p = os.path.join(d, name + ".npy")
        np.save(p, np.ascontiguousarray(a))
        paths[name] = p
    return paths


def tool_help(tool):
    try:
        p = subprocess.run([tool, "--help"], capture_output=True, text=True, timeout=60)
        return p.stdout + p.stderr
    except (OSError, subprocess.SubprocessError):
        return ""


def run_ours(tool, case, inputs, workdir, reps, threads, timeout, tag="ours", threads_flag="threads",
             extra_args=(), in_paths=None):
    """Runs deform-run (extra_args: e.g. --cpu=x86-64-v3, --check) on the
    inputs (written to .npy unless in_paths, from save_inputs, is given).
    Returns dict(ms, outputs, maxrss_kb, error, cmd, stdout)."""
    import numpy as np
    res = {"ms": None, "outputs": None, "maxrss_kb": None, "error": None, "cmd": None, "stdout": ""}
    if not (os.path.isfile(tool) and os.access(tool, os.X_OK)):
        res["error"] = "deform-run not found or not executable: %s (build it, or pass --deform-run)" % tool
        return res
    d = os.path.join(workdir, case.name, tag)
    os.makedirs(d, exist_ok=True)
    mlir = os.path.join(d, "main.mlir")
    with open(mlir, "w") as f:
        f.write(make_mlir(case, inputs))
    if in_paths is None:
        in_paths = save_inputs(case, inputs, workdir, tag + "-inputs")
    in_paths = [in_paths[name] for name in inputs]
    out_paths = [os.path.join(d, "out%d.npy" % i) for i in range(len(case.out_shapes))]
    cmd = [tool, mlir, "--function=main"] + ["--input=@" + p for p in in_paths] + \
          ["--output=@" + p for p in out_paths] + ["--benchmark=%d" % reps, "--%s=%d" % (threads_flag, threads)] + \
          list(extra_args)
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
    res["stdout"] = stdout
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

TV_NO_TF = ("torchvision has no NHWC input, interleaved offsets, offset groups over output filters "
            "or tf_clamp boundary")


def torch_callables(case, t):
    """(peer name, peer fn or None, regular-conv fn or None, why the peer is
    n/a or None) on float32 (or float64) tensors `t`."""
    import torchvision.ops as tvops
    import torch.nn.functional as F
    if case.kind == "conv2d":
        x, w = t["x"], t["w"]
        if case.variant == "tf_layer":
            # Only the dense conv of the same shape, on NCHW / OIHW copies.
            x = x.permute(0, 3, 1, 2).contiguous()
            w = w.permute(2, 3, 0, 1).contiguous()
        sym = case.pt == case.pb and case.pl == case.pr
        padding = (case.pt, case.pl) if sym else (0, 0)
        if not sym:  # zero padding gives the same samples as the zero boundary
            x = F.pad(x, (case.pl, case.pr, case.pt, case.pb))
        stride, dil = (case.sh, case.sw), (case.dh, case.dw)
        bias, mask = t.get("b"), t.get("m")

        def regular():
            return F.conv2d(x, w, bias, stride, padding, dil, case.G)
        if case.variant == "tf_layer":
            return "tv deform_conv2d", None, regular, TV_NO_TF

        def peer():
            return tvops.deform_conv2d(x, t["off"], w, bias=bias, stride=stride,
                                       padding=padding, dilation=dil, mask=mask)
        return "tv deform_conv2d", peer, regular, None
    if case.kind == "mmcv":
        def peer():
            return tvops.roi_align(t["feat"], t["rois"], output_size=(case.PH, case.PW),
                                   spatial_scale=case.scale, sampling_ratio=case.sampling_ratio,
                                   aligned=True)
        return "tv roi_align", peer, None, None

    def peer():
        return tvops.ps_roi_align(t["x"], t["rois"], output_size=case.PH,
                                  spatial_scale=case.scale, sampling_ratio=case.spp)
    return "tv ps_roi_align*", peer, None, None


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


# oneDNN ISA limits for the dense conv of a --cpu target that has less than
# the host (set before oneDNN starts: a process of its own).
DENSE_CONV_ISA = {"x86-64-v3": "AVX2", "x86-64-v2": "SSE41"}


def dense_conv_worker(raw_json, seed, reps, warmup, threads):
    """In a fresh process (ONEDNN_MAX_CPU_ISA set): prints the dense conv's ms."""
    import torch
    torch.set_num_threads(threads)
    case = Case(json.loads(raw_json), "conv2d")
    t = {k: torch.from_numpy(v) for k, v in make_inputs(case, seed).items()}
    _, _, regular, _ = torch_callables(case, t)
    print(json.dumps({"ms": time_ms(regular, reps, warmup)}))


def dense_conv_limited(case, isa, args):
    """The dense conv with oneDNN limited to `isa`, or an error entry."""
    env = dict(os.environ, ONEDNN_MAX_CPU_ISA=isa, DNNL_MAX_CPU_ISA=isa)
    code = "import run; run.dense_conv_worker(%r, %d, %d, %d, %d)" % (
        json.dumps(case.raw), args.seed, args.reps, args.warmup, args.threads)
    try:
        proc = subprocess.run([sys.executable, "-c", code], cwd=HERE, env=env, capture_output=True,
                              text=True, timeout=args.peer_timeout)
        ms = json.loads(proc.stdout.strip().splitlines()[-1])["ms"]
    except Exception as e:  # noqa: BLE001 - reported in the table
        return peer_entry(error="dense conv with ONEDNN_MAX_CPU_ISA=%s failed: %s" % (isa, e))
    return peer_entry(ms=ms, runs=args.reps, semantics="dense", info={"isa": isa})


def tv_conv_reference(case, torch_t):
    """torchvision deform_conv2d in float64 on the same inputs, and
    torchvision's own float32 error against it."""
    import torch
    t64 = {k: v.double() for k, v in torch_t.items()}
    _, peer64, _, _ = torch_callables(case, t64)
    _, peer32, _, _ = torch_callables(case, torch_t)
    with torch.inference_mode():
        ref = peer64().numpy()
        tv32_err = rel_l2(peer32().numpy(), ref)
    return ref, tv32_err


def check_roi(case, inputs, outputs):
    """(rel_err, against, notes) of one RoI pooling result (ours or base)."""
    import numpy as np
    notes = []
    if case.kind == "mmcv":
        ref = mmcv_roi_pool_ref(inputs["feat"], inputs["rois"], inputs.get("off"), inputs.get("m"),
                                case.PH, case.PW, case.scale, case.sampling_ratio, case.gamma)
        return rel_l2(outputs[0], ref), "ref f64", notes
    ref, cnt = dcn_psroi_ref(inputs["x"], inputs["rois"], inputs.get("t"), case.PH, case.scale,
                             case.G, case.part_size, case.spp, case.trans_std, case.OD)
    got = np.asarray(outputs[1], np.float64)
    if not np.array_equal(got, cnt):
        notes.append("sample counts differ from the reference in %d of %d places" % (
            int((got != cnt).sum()), cnt.size))
        return float("inf"), "ref f64 (counts!)", notes
    return rel_l2(outputs[0], ref), "ref f64", notes


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
    the peak RSS growth (VmHWM after reset) of one torchvision call, minus the
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
            _, peer, _, _ = torch_callables(case, t)
            if peer is None:
                continue
            with torch.inference_mode():
                peer()  # warm-up: thread pools, lazy initialisation
                with open("/proc/self/clear_refs", "w") as f:
                    f.write("5")  # reset VmHWM to the current RSS
                base = read_status_kb("VmRSS")
                out = peer()
                hwm = read_status_kb("VmHWM")
            out_bytes = out.numel() * out.element_size()
            result[case.name] = max(0, max(0, hwm - base) * 1024 - out_bytes)
            del out
        except Exception as e:  # noqa: BLE001
            result[case.name] = "error: %s" % e
    print(json.dumps(result))


SMALL_MALLOC_ENV = {"MALLOC_MMAP_THRESHOLD_": "65536", "MALLOC_TRIM_THRESHOLD_": "65536"}


def measure_peer_memory(args, names):
    env = dict(os.environ)
    # Every freed block >= 64 KiB goes back to the kernel, so RSS follows the
    # live allocations (timing does not matter in this process).
    env.update(SMALL_MALLOC_ENV)
    cmd = [sys.executable, os.path.abspath(__file__), "--_peer-memory", "--suite", args.suite,
           "--cases", ",".join(names), "--threads", str(args.threads), "--seed", str(args.seed)]
    try:
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=1800)
        return json.loads(p.stdout.strip().splitlines()[-1])
    except Exception as e:  # noqa: BLE001
        print("note: peer memory not measured: %s" % e)
        return {}


def tiny_baseline_rss(tool, workdir, threads, timeout, threads_flag, extra_args=()):
    """Peak RSS of deform-run on a tiny conv (its own footprint: libraries,
    compiler, JIT), subtracted from each case's peak RSS."""
    raw = {"name": "tiny-baseline", "N": 1, "Cin": 2, "Cout": 2, "H": 4, "W": 4, "k": [3, 3],
           "stride": [1, 1], "pad": [1, 1, 1, 1], "dil": [1, 1], "groups": 1, "offset_groups": 1,
           "mask": True, "layout": "nchw"}
    case = Case(raw, "conv2d")
    r = run_ours(tool, case, make_inputs(case, 0), workdir, 1, threads, timeout,
                 threads_flag=threads_flag, extra_args=extra_args)
    return r["maxrss_kb"] if r["error"] is None else None


# ----------------------------------------------------------------------------
# The optional peers (bench/peers.py, in the venv's python)
# ----------------------------------------------------------------------------

PEERS_PY = os.path.join(HERE, "peers.py")
DEFAULT_VENV = os.environ.get("DEFORM_BENCH_VENV", os.path.join(HERE, ".venv"))
SUBPROCESS_PEERS = ("ort", "tvm", "tvm_tuned", "tf")

# Columns: id, header, what the column is. "~": different semantics (speed only).
PEER_COLUMNS = [
    ("tv", "torchvision", "torchvision 0.14 deform_conv2d (roi_align / ps_roi_align* for RoI cases)"),
    ("ort", "ORT", "ONNX Runtime DeformConv opset 19 (RoiAlign* for mmcv cases), CPU EP"),
    ("tvm", "TVM~", "Apache TVM topi.nn.deformable_conv2d_nchw, untuned (no schedule)"),
    ("tvm_tuned", "TVM tuned~", "the same, with the meta_schedule record of bench/tvm_tune.py"),
    ("tf", "TF", "TensorFlow: the TF layer's computation, tf.function, oneDNN"),
    ("conv", "dense conv", "torch.nn.functional.conv2d of the same shape (oneDNN): the machine's limit"),
]
# Peers whose time "ahead of every peer" compares against (not the dense conv).
RIVALS = ("tv", "ort", "tvm", "tvm_tuned", "tf")


def peer_entry(**kw):
    e = {"ms": None, "runs": None, "na": None, "error": None, "version": None, "rel_err": None,
         "err_vs": None, "extra_mb": None, "semantics": None, "info": {}}
    e.update(kw)
    return e


def run_peer(args, peer, case, in_paths, workdir, mode="time"):
    """Runs bench/peers.py for one peer and case in the venv's python.
    Returns its result dict (see peers.py) plus "output" (the array or None)."""
    import numpy as np
    res = {"ms": None, "runs": 0, "na": None, "error": None, "version": None, "extra_bytes": None,
           "info": {}, "output": None}
    py = args.peers_python
    if not (os.path.isfile(py) and os.access(py, os.X_OK)):
        res["na"] = "not installed: no %s (run bash bench/setup-peers.sh)" % py
        return res
    d = os.path.join(workdir, case.name, "peer-%s-%s" % (peer, mode))
    os.makedirs(d, exist_ok=True)
    out_path = os.path.join(d, "out.npy")
    spec = {"peer": peer, "mode": mode, "case": case.spec(), "inputs": in_paths,
            "output": out_path if mode in ("time", "ref") else None,
            "reps": args.reps, "warmup": max(1, args.warmup), "threads": args.threads,
            "budget_s": args.peer_budget, "min_runs": min(args.reps, 3),
            "tvm_target": {"kind": "llvm", "mcpu": "host", "num-cores": args.threads},
            "tvm_tuned_dir": os.path.join(args.tvm_tuned, case.name)}
    spec_path = os.path.join(d, "spec.json")
    with open(spec_path, "w") as f:
        json.dump(spec, f, indent=1)
    env = dict(os.environ)
    env["OMP_NUM_THREADS"] = str(args.threads)
    env["TVM_NUM_THREADS"] = str(args.threads)
    env.pop("PYTHONPATH", None)
    if mode == "memory":
        env.update(SMALL_MALLOC_ENV)
    stdout_path, stderr_path = os.path.join(d, "stdout.txt"), os.path.join(d, "stderr.txt")
    with open(stdout_path, "wb") as so, open(stderr_path, "wb") as se:
        try:
            proc = subprocess.Popen([py, PEERS_PY, spec_path], stdout=so, stderr=se, env=env,
                                    start_new_session=True, cwd=d)
        except OSError as e:
            res["error"] = "cannot start %s: %s" % (py, e)
            return res
        try:
            proc.wait(timeout=args.peer_timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, 9)
            except OSError:
                pass
            proc.wait()
            res["error"] = "timed out after %ds (--peer-timeout)" % args.peer_timeout
            return res
    with open(stdout_path, errors="replace") as f:
        lines = f.read().strip().splitlines()
    try:
        res.update(json.loads(lines[-1]))
    except (IndexError, ValueError):
        with open(stderr_path, errors="replace") as f:
            tail = [l for l in f.read().strip().splitlines() if l.strip()][-4:]
        how = ("killed by signal %d" % -proc.returncode if proc.returncode < 0
               else "exit status %d" % proc.returncode)
        res["error"] = "%s: %s" % (how, " | ".join(tail) or "(no output)")
        return res
    if res.get("error"):
        with open(stderr_path, errors="replace") as f:
            res["traceback"] = f.read()[-3000:]
    if res["na"] is None and res["error"] is None and os.path.exists(out_path):
        res["output"] = np.load(out_path)
    return res


def tvm_host_cpu(args):
    """The CPU name TVM's LLVM sees (its -mcpu=host), or None."""
    py = args.peers_python
    if not os.path.isfile(py):
        return None
    try:
        p = subprocess.run([py, "-c", "import tvm; print(tvm.target.codegen.llvm_get_system_cpu())"],
                           capture_output=True, text=True, timeout=120)
        return p.stdout.strip().splitlines()[-1] if p.returncode == 0 and p.stdout.strip() else None
    except (OSError, subprocess.SubprocessError):
        return None


def llvm_host_cpu():
    """'Host CPU' of Debian's LLVM 22 (what deform-run --cpu=host picks)."""
    for tool in ("llc-22", "/usr/lib/llvm-22/bin/llc", "llc"):
        try:
            p = subprocess.run([tool, "--version"], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            continue
        m = re.search(r"Host CPU:\s*(\S+)", p.stdout)
        if m:
            return m.group(1)
    return None


# ----------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------

def fmt(v, spec, none="-"):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return none
    return format(v, spec)


def fmt_ms(v):
    if v is None:
        return None
    return "%.3f" % v if v < 1000 else "%.0f" % v


def geomean(values):
    values = [v for v in values if v is not None and v > 0 and math.isfinite(v)]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


class Legend:
    """Letters for the reasons behind 'n/a' and 'err' cells."""

    def __init__(self):
        self.items = []  # [reason, [who, ...]]

    def mark(self, who, text):
        for i, (t, whos) in enumerate(self.items):
            if t == text:
                if who not in whos:
                    whos.append(who)
                break
        else:
            self.items.append([text, [who]])
            i = len(self.items) - 1
        return self.letter(i)

    @staticmethod
    def letter(i):
        return "abcdefghijklmnopqrstuvwxyz"[i] if i < 26 else str(i)

    def lines(self):
        return ["%s  %s: %s" % (self.letter(i), ", ".join(whos), t) for i, (t, whos) in enumerate(self.items)]


def peer_cell(entry, who, legend, reps):
    if entry is None:
        return "-"
    if entry.get("na"):
        return "n/a:" + legend.mark(who, entry["na"])
    if entry.get("error"):
        return "err:" + legend.mark(who, "failed: " + entry["error"])
    if entry.get("ms") is None:
        return "-"
    s = fmt_ms(entry["ms"])
    if entry.get("semantics") == "nearest":
        s += "*"
    if entry.get("runs") and entry["runs"] < reps:
        s += "#"
    return s


def print_grid(title, headers, table, left=(0,)):
    if title:
        print(title)
    widths = [max(len(h), *(len(row[i]) for row in table)) if table else len(h)
              for i, h in enumerate(headers)]

    def line(cells):
        return "  ".join(c.ljust(widths[i]) if i in left else c.rjust(widths[i])
                         for i, c in enumerate(cells))
    head = line(headers)
    print(head)
    print("-" * len(head))
    for row in table:
        print(line(row))
    print("-" * len(head))


def ratio_of(row, target, pid):
    ours = row["ours"].get(target, {}).get("ms")
    if pid == "base":
        base = row["base"].get(target) or row["base"].get("host")
        peer_ms = base.get("ms") if base and not base.get("error") else None
    else:
        e = row["peers"].get(pid)
        if pid == "conv" and target in row.get("dense_limited", {}):
            e = row["dense_limited"][target]  # the same ISA as ours
        peer_ms = e["ms"] if e and not e.get("na") and not e.get("error") else None
    return ours / peer_ms if ours and peer_ms else None


def print_tables(rows, meta, legend):
    targets, base_targets = meta["targets"], meta["base_targets"]
    reps = meta["reps"]
    # 1. times
    limited = [t for t in targets if t in DENSE_CONV_ISA]
    headers = ["case", "GFLOP"] + ["ours %s" % t for t in targets] + ["base %s" % t for t in base_targets] + \
        [h for _, h, _ in PEER_COLUMNS] + ["dense conv %s" % DENSE_CONV_ISA[t] for t in limited]
    table = []
    for r in rows:
        cells = [r["case"], fmt(r["gflop"], ".3f")]
        for t in targets:
            o = r["ours"].get(t, {})
            cells.append(fmt_ms(o.get("ms")) or ("err:" + legend.mark("ours " + t, o["error"])
                                                 if o.get("error") else "-"))
        for t in base_targets:
            o = r["base"].get(t, {})
            cells.append(fmt_ms(o.get("ms")) or ("err:" + legend.mark("base " + t, o["error"])
                                                 if o.get("error") else "-"))
        for pid, header, _ in PEER_COLUMNS:
            cells.append(peer_cell(r["peers"].get(pid), header.rstrip("~"), legend, reps))
        for t in limited:
            e = r.get("dense_limited", {}).get(t) or r["peers"].get("conv")
            cells.append(peer_cell(e, "dense conv " + DENSE_CONV_ISA[t], legend, reps))
        table.append(cells)
    print_grid("Median ms (%d threads; n/a:x and err:x: see the reasons below; *: the nearest op, "
               "not the same computation; #: fewer runs than --reps, time budget; ~: different semantics, "
               "speed only)" % meta["threads"], headers, table)
    print()
    # 2. ratios per case and target
    ratio_cols = [(pid, "/" + h) for pid, h, _ in PEER_COLUMNS]
    if base_targets:
        ratio_cols.append(("base", "/base"))
    headers = ["case", "target", "GFLOP/s"] + [h for _, h in ratio_cols] + ["rel L2 err", "vs", "ahead"]
    table = []
    for r in rows:
        for t in targets:
            o = r["ours"].get(t, {})
            cells = [r["case"], t, fmt(o.get("gflops"), ".1f")]
            for pid, _ in ratio_cols:
                cells.append(fmt(ratio_of(r, t, pid), ".2f"))
            err = o.get("rel_err")
            cells.append(fmt(err, ".1e") + ("" if err is None or err < REL_ERR_LIMIT else " FAIL"))
            cells.append(o.get("err_vs") or "-")
            ahead = r["ahead"].get(t)
            cells.append("-" if ahead is None else ("yes" if ahead else "no"))
            table.append(cells)
    print_grid("ours ms / peer ms per CPU target (< 1: ours faster); ahead: faster than every peer "
               "measured on that case (dense conv and base not counted)", headers, table, left=(0, 1))
    print()
    # 3. checks and memory
    headers = ["case", "tv f32 err", "ORT err", "TF f32 err", "ours extra MB"] + \
        ["%s extra MB" % h for pid, h, _ in PEER_COLUMNS if pid != "conv"]
    table = []
    for r in rows:
        p = r["peers"]
        cells = [r["case"], fmt(r.get("tv_f32_rel_err"), ".1e"),
                 fmt(p.get("ort", {}).get("rel_err"), ".1e"), fmt(p.get("tf", {}).get("rel_err"), ".1e"),
                 fmt(r.get("ours_extra_mb"), ".1f")]
        for pid, _, _ in PEER_COLUMNS:
            if pid != "conv":
                cells.append(fmt(p.get(pid, {}).get("extra_mb"), ".1f"))
        table.append(cells)
    print_grid("Checks of the peers (rel L2 err against the same reference as ours) and peak memory "
               "beyond inputs and outputs", headers, table)


def summarize(rows, targets, base_targets):
    conv_rows = [r for r in rows if r["kind"] == "conv2d"]
    summ = {"targets": {}}
    for t in targets:
        s = {"geomean": {}, "worst": {}, "cases": {}, "not_ahead": [], "ours_missing": []}
        for pid in [p for p, _, _ in PEER_COLUMNS] + (["base"] if base_targets else []):
            vals = [(r["case"], ratio_of(r, t, pid)) for r in conv_rows]
            vals = [(c, v) for c, v in vals if v is not None]
            s["cases"][pid] = len(vals)
            s["geomean"][pid] = geomean([v for _, v in vals])
            if vals:
                c, v = max(vals, key=lambda cv: cv[1])
                s["worst"][pid] = {"case": c, "ratio": v}
        for r in conv_rows:
            if not r["ours"].get(t, {}).get("ms"):
                s["ours_missing"].append(r["case"])
                continue
            for pid in RIVALS:
                v = ratio_of(r, t, pid)
                if v is not None and v >= 1.0:
                    s["not_ahead"].append({"case": r["case"], "peer": pid, "ratio": v})
        s["ahead_of_every_peer_on_every_conv_case"] = not s["not_ahead"] and not s["ours_missing"]
        summ["targets"][t] = s
    return summ


def print_summary(summ, meta):
    names = {pid: h for pid, h, _ in PEER_COLUMNS}
    names["base"] = "base"
    headers = ["target", "peer", "conv cases", "geomean ours/peer", "worst ours/peer", "worst case"]
    table = []
    for t, s in summ["targets"].items():
        for pid in s["geomean"]:
            w = s["worst"].get(pid)
            table.append([t, names[pid], str(s["cases"][pid]), fmt(s["geomean"][pid], ".3f"),
                          fmt(w["ratio"], ".3f") if w else "-", w["case"] if w else "-"])
    print_grid("Summary over the conv cases (ratio = ours ms / peer ms; < 1: ours faster)", headers, table,
               left=(0, 1, 5))
    for t, s in summ["targets"].items():
        if s["ahead_of_every_peer_on_every_conv_case"]:
            verdict = "yes"
        else:
            why = ["%s on %s (%.2f)" % (names[x["peer"]], x["case"], x["ratio"]) for x in s["not_ahead"]]
            if s["ours_missing"]:
                why.append("ours unavailable on %s" % ", ".join(s["ours_missing"]))
            verdict = "no: " + "; ".join(why)
        print("ahead of every peer on every conv case, target %s: %s" % (t, verdict))


def write_chart(rows, meta, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("note: matplotlib is not installed (apt-get install python3-matplotlib): no chart")
        return None
    targets = meta["targets"]
    names = [r["case"] for r in rows]
    xs = list(range(len(rows)))
    series = [("ours %s" % t, lambda r, t=t: r["ours"].get(t, {}).get("ms")) for t in targets]
    colors = ["tab:blue", "tab:cyan", "tab:purple", "tab:orange", "tab:olive", "tab:pink", "tab:brown",
              "tab:green", "tab:gray", "tab:red"]
    for pid, header, _ in PEER_COLUMNS:
        series.append((header, lambda r, pid=pid: (r["peers"].get(pid) or {}).get("ms")))
    fig, axes = plt.subplots(2, 1, figsize=(max(10, 1.4 * len(rows) + 3), 9))
    ax = axes[0]
    width = 0.8 / len(series)
    for i, (label, get) in enumerate(series):
        vals = [get(r) or 0 for r in rows]
        ax.bar([x + (i - len(series) / 2 + 0.5) * width for x in xs], vals, width, label=label,
               color=colors[i % len(colors)])
    ax.set_yscale("log")
    ax.set_ylabel("median ms (log)")
    ax.set_xticks(xs)
    ax.set_xticklabels(names, rotation=30, ha="right")
    ax.legend(fontsize=7, ncol=4)
    ax.set_title("deform-run vs CPU peers, %d thread(s), %s  (missing bar: n/a)" % (meta["threads"], meta["cpu"]))
    ax = axes[1]
    rat = [(pid, header) for pid, header, _ in PEER_COLUMNS]
    width = 0.8 / (len(rat) * len(targets))
    i = 0
    any_bar = False
    for t in targets:
        for pid, header in rat:
            vals = [ratio_of(r, t, pid) or 0 for r in rows]
            any_bar = any_bar or any(vals)
            ax.bar([x + (i - len(rat) * len(targets) / 2 + 0.5) * width for x in xs], vals, width,
                   label="ours %s / %s" % (t, header), color=colors[(i + len(targets)) % len(colors)],
                   alpha=1.0 if t == targets[0] else 0.5)
            i += 1
    ax.axhline(1.0, color="black", linewidth=0.8)
    if any_bar:
        ax.set_yscale("log")
    else:
        ax.text(0.5, 0.5, "deform-run unavailable: no ratios", transform=ax.transAxes,
                ha="center", va="center")
    ax.set_ylabel("ours ms / peer ms (< 1: ours faster)")
    ax.set_xticks(xs)
    ax.set_xticklabels(names, rotation=30, ha="right")
    ax.legend(fontsize=6, ncol=len(targets) * 2)
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
    p.add_argument("--baseline-deform-run", default=None, metavar="PATH",
                   help="a second deform-run (e.g. a build of the previous commit), timed in the same run "
                        "on the same inputs: 'base' columns and ours/base ratios")
    p.add_argument("--cpu", default="host,x86-64-v3",
                   help="comma-separated deform-run --cpu targets, each timed and checked "
                        "(default: %(default)s)")
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
    p.add_argument("--warmup", type=int, default=2, help="untimed runs before (peer side)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--timeout", type=int, default=900, help="seconds per deform-run call")
    p.add_argument("--peers", default=",".join(SUBPROCESS_PEERS),
                   help="optional peers to run, of %s, or 'none' (default: all)" % ",".join(SUBPROCESS_PEERS))
    p.add_argument("--peers-python", default=os.path.join(DEFAULT_VENV, "bin", "python"),
                   help="python of the peers' venv (default: %(default)s; made by bench/setup-peers.sh)")
    p.add_argument("--peer-budget", type=float, default=30.0,
                   help="seconds of timed runs per optional peer and case: after at least 3 runs it stops "
                        "(marked #) once they took this long (default: %(default)s)")
    p.add_argument("--peer-timeout", type=int, default=1800, help="seconds per optional peer process")
    p.add_argument("--tvm-tuned", default=os.path.join(HERE, "tvm-tuned"),
                   help="directory of bench/tvm_tune.py's records, one folder per case (default: %(default)s)")
    p.add_argument("--out-dir", default=HERE, help="where results.json and results.png go")
    p.add_argument("--no-memory", action="store_true", help="skip the peak-memory measurements")
    p.add_argument("--default-malloc", action="store_true",
                   help="time every process with glibc's default malloc settings (as in an application) "
                        "instead of MALLOC_MMAP_THRESHOLD_/MALLOC_TRIM_THRESHOLD_ that keep freed memory")
    p.add_argument("--no-gather", action="store_true",
                   help="skip the gather-throughput micro-benchmark (bench/gather) and the sampling rate of the TF layer against it")
    p.add_argument("--no-check", action="store_true", help="skip the correctness checks")
    p.add_argument("--keep-temp", action="store_true", help="keep the .mlir/.npy directory")
    p.add_argument("--_peer-memory", action="store_true", dest="peer_memory",
                   help=argparse.SUPPRESS)
    return p.parse_args(argv)


def ours_entry(r, case, baseline_kb, io_bytes):
    e = {"ms": r["ms"] if not r["error"] else None, "error": r["error"], "cmd": r["cmd"],
         "maxrss_mb": None, "extra_mb": None, "rel_err": None, "err_vs": None, "gflops": None}
    if e["ms"] and case.flop:
        e["gflops"] = case.flop / (e["ms"] * 1e6)
    if r["maxrss_kb"] is not None and not r["error"]:
        e["maxrss_mb"] = r["maxrss_kb"] / 1024.0
        if baseline_kb is not None:
            e["extra_mb"] = (r["maxrss_kb"] * 1024 - baseline_kb * 1024 - io_bytes) / 2**20
    return e


def run_case(args, case, ctx, notes):
    """Times and checks one case on every side. Returns its row."""
    import numpy as np
    import torch
    inputs = make_inputs(case, args.seed)
    in_paths = save_inputs(case, inputs, ctx["workdir"])
    io_bytes = sum(a.nbytes for a in inputs.values()) + sum(4 * int(np.prod(s)) for s in case.out_shapes)
    row = {"case": case.name, "kind": case.kind, "variant": case.variant,
           "gflop": case.flop / 1e9 if case.flop else None, "io_mb": io_bytes / 2**20,
           "ours": {}, "base": {}, "peers": {}, "ahead": {}}
    outputs = {}  # ("ours"|"base", target) -> list of arrays

    # Ours, once per CPU target; the baseline binary likewise (host only when
    # it has no --cpu option).
    for side, tool, targets, flag, kb in (
            ("ours", args.deform_run, ctx["targets"], ctx["threads_flag"], ctx["baseline_kb"]),
            ("base", args.baseline_deform_run, ctx["base_targets"], ctx["base_threads_flag"], None)):
        for t in targets:
            extra = ["--cpu=%s" % t] if ctx["%s_has_cpu" % side] else []
            r = run_ours(tool, case, inputs, ctx["workdir"], args.reps, args.threads, args.timeout,
                         tag="%s-%s" % (side, t), threads_flag=flag, extra_args=extra, in_paths=in_paths)
            if r["error"]:
                print("  %s %s: unavailable: %s" % (side, t, r["error"]))
            row[side][t] = ours_entry(r, case, kb, io_bytes)
            outputs[(side, t)] = r["outputs"]

    # torchvision and the dense conv, in this process.
    t = {k: torch.from_numpy(v) for k, v in inputs.items()}
    peer_name, peer, regular, tv_na = torch_callables(case, t)
    row["peer"] = peer_name
    if peer is not None:
        row["peers"]["tv"] = peer_entry(
            ms=time_ms(peer, args.reps, args.warmup), runs=args.reps, version="torchvision %s" % ctx["tv_version"],
            semantics="same" if case.kind == "conv2d" else "nearest")
    else:
        row["peers"]["tv"] = peer_entry(na=tv_na)
    if regular is not None:
        row["peers"]["conv"] = peer_entry(ms=time_ms(regular, args.reps, args.warmup), runs=args.reps,
                                          semantics="dense", version="torch %s" % torch.__version__)
        row["dense_limited"] = {tg: dense_conv_limited(case, DENSE_CONV_ISA[tg], args)
                                for tg in ctx["targets"] if tg in DENSE_CONV_ISA}
    else:
        row["peers"]["conv"] = peer_entry(na="no dense equivalent of a RoI pooling case")

    # The optional peers, each in its own process.
    peer_out = {}
    for pid in SUBPROCESS_PEERS:
        if pid not in ctx["peers"]:
            row["peers"][pid] = peer_entry(na="not selected (--peers)")
            continue
        res = run_peer(args, pid, case, in_paths, ctx["workdir"])
        sem = {"ort": "same" if case.kind == "conv2d" else "nearest", "tvm": "different",
               "tvm_tuned": "different", "tf": "same"}[pid]
        e = peer_entry(ms=res["ms"], runs=res["runs"], na=res["na"], error=res["error"],
                       version=res["version"], info=res.get("info") or {}, semantics=sem)
        if res.get("traceback"):
            e["traceback"] = res["traceback"]
        if not args.no_memory and res["ms"] is not None:
            m = run_peer(args, pid, case, in_paths, ctx["workdir"], mode="memory")
            if m["extra_bytes"] is not None:
                e["extra_mb"] = max(0, m["extra_bytes"]) / 2**20
        row["peers"][pid] = e
        peer_out[pid] = res["output"]
        if pid == "tvm_tuned" and e["info"].get("trials") is not None:
            notes.append("%s: TVM tuned with meta_schedule, %s trials, %.0f s of tuning (%s)" % (
                case.name, e["info"]["trials"], e["info"].get("tuning_s") or 0,
                os.path.join(args.tvm_tuned, case.name, "tune.json")))

    tv_mem = ctx["peer_mem"].get(case.name)
    if isinstance(tv_mem, (int, float)):
        row["peers"]["tv"]["extra_mb"] = tv_mem / 2**20
    elif tv_mem is not None:
        notes.append("%s: torchvision memory: %s" % (case.name, tv_mem))
    ours_host = row["ours"].get(ctx["targets"][0], {})
    row["ours_extra_mb"] = ours_host.get("extra_mb")

    if not args.no_check:
        check_row(args, case, inputs, in_paths, row, outputs, peer_out, t, peer, ctx, notes)

    for tg in ctx["targets"]:
        row["ahead"][tg] = None if not row["ours"][tg]["ms"] else \
            all((ratio_of(row, tg, p) or 0) < 1.0 for p in RIVALS)

    # Legacy fields (results.json of earlier versions).
    first = ctx["targets"][0]
    tv, conv = row["peers"]["tv"], row["peers"]["conv"]
    row["ours_ms"] = row["ours"][first]["ms"]
    row["ours_error"] = row["ours"][first]["error"]
    row["ours_cmd"] = row["ours"][first]["cmd"]
    row["ours_gflops"] = row["ours"][first]["gflops"]
    row["peer_ms"] = tv["ms"]
    row["peer_gflops"] = case.flop / (tv["ms"] * 1e6) if case.flop and tv["ms"] else None
    row["conv_ms"] = conv["ms"]
    row["speedup"] = tv["ms"] / row["ours_ms"] if row["ours_ms"] and tv["ms"] else None
    row["ours_over_conv"] = row["ours_ms"] / conv["ms"] if row["ours_ms"] and conv["ms"] else None
    row["rel_err"] = row["ours"][first]["rel_err"]
    row["err_vs"] = row["ours"][first]["err_vs"]
    row["peer_extra_mb"] = tv.get("extra_mb")

    msg = []
    for tg in ctx["targets"]:
        o = row["ours"][tg]
        if o["ms"]:
            msg.append("ours %s %.3f ms%s" % (tg, o["ms"], " (err %.1e)" % o["rel_err"] if o["rel_err"] is not None
                                              else ""))
    for tg in ctx["base_targets"]:
        if row["base"][tg]["ms"]:
            msg.append("base %s %.3f ms" % (tg, row["base"][tg]["ms"]))
    for pid, header, _ in PEER_COLUMNS:
        e = row["peers"].get(pid)
        if e and e["ms"]:
            msg.append("%s %.3f ms" % (header, e["ms"]))
    print("  " + ", ".join(msg), flush=True)
    return row


def check_row(args, case, inputs, in_paths, row, outputs, peer_out, t, tv_peer, ctx, notes):
    """Relative L2 errors of ours (every target), base and the peers."""
    import numpy as np

    def set_err(side, tg, err, vs):
        row[side][tg]["rel_err"], row[side][tg]["err_vs"] = err, vs

    sides = [("ours", tg) for tg in ctx["targets"]] + [("base", tg) for tg in ctx["base_targets"]]
    if case.kind == "conv2d" and case.variant == "torchvision":
        ref, row["tv_f32_rel_err"] = tv_conv_reference(case, t)
        for side, tg in sides:
            if outputs.get((side, tg)) is not None:
                set_err(side, tg, rel_l2(outputs[(side, tg)][0], ref), "tv f64")
        if peer_out.get("ort") is not None:
            row["peers"]["ort"]["rel_err"] = rel_l2(peer_out["ort"], ref)
            row["peers"]["ort"]["err_vs"] = "tv f64"
    elif case.kind == "conv2d":  # the TF layer
        ref = None
        if "tf" in ctx["peers"]:
            r = run_peer(args, "tf", case, in_paths, ctx["workdir"], mode="ref")
            ref = r["output"]
            if ref is None and not r["na"]:
                notes.append("%s: the TF float64 reference failed: %s" % (case.name, r["error"]))
        if ref is not None:
            for side, tg in sides:
                if outputs.get((side, tg)) is not None:
                    set_err(side, tg, rel_l2(outputs[(side, tg)][0], ref), "tf f64")
            if peer_out.get("tf") is not None:
                row["peers"]["tf"]["rel_err"] = rel_l2(peer_out["tf"], ref)
                row["peers"]["tf"]["err_vs"] = "tf f64"
        else:
            # No TensorFlow: deform-run's own float64 reference (--check).
            for side, tg in sides:
                tool = args.deform_run if side == "ours" else args.baseline_deform_run
                if outputs.get((side, tg)) is None:
                    continue
                extra = (["--cpu=%s" % tg] if ctx["%s_has_cpu" % side] else []) + ["--check"]
                r = run_ours(tool, case, inputs, ctx["workdir"], 1, args.threads, args.timeout,
                             tag="%s-%s-check" % (side, tg), extra_args=extra, in_paths=in_paths,
                             threads_flag=ctx["threads_flag" if side == "ours" else "base_threads_flag"])
                m = re.search(r"relative L2 error\s*([-+0-9.eE]+|nan|inf)", r["stdout"] or "")
                if m:
                    set_err(side, tg, float(m.group(1)), "--check")
                elif r["error"]:
                    notes.append("%s: deform-run --check (%s %s) failed: %s" % (case.name, side, tg, r["error"]))
    else:
        for side, tg in sides:
            if outputs.get((side, tg)) is not None:
                err, vs, n = check_roi(case, inputs, outputs[(side, tg)])
                set_err(side, tg, err, vs)
                notes += ["%s (%s %s): %s" % (case.name, side, tg, x) for x in n]
        if case.kind == "mmcv":
            err, tv64 = mmcv_ref_selfcheck(case, inputs)
            row["ref_selfcheck_rel_err"] = err
            import torch
            with torch.inference_mode():
                tv32 = tv_peer().numpy()
            mask = inputs["m"] if case.has_mask else 1.0
            # torchvision's (and ORT RoiAlign's) own float32 error with zero offsets, for scale.
            row["tv_f32_rel_err"] = rel_l2(tv32 * mask, tv64)
            if peer_out.get("ort") is not None:
                row["peers"]["ort"]["rel_err"] = rel_l2(peer_out["ort"] * mask, tv64)
                row["peers"]["ort"]["err_vs"] = "tv roi_align f64"
            if err > 1e-12:
                notes.append("%s: the float64 mmcv reference differs from torchvision roi_align "
                             "with zero offsets (%.1e): the reference is wrong" % (case.name, err))
            if case.has_offset and outputs.get(("ours", ctx["targets"][0])) is not None:
                # Also our kernel with zero offsets against torchvision itself.
                zi = dict(inputs)
                zi["off"] = np.zeros_like(inputs["off"])
                tg = ctx["targets"][0]
                z = run_ours(args.deform_run, case, zi, ctx["workdir"], 1, args.threads, args.timeout,
                             tag="zero-offset", threads_flag=ctx["threads_flag"],
                             extra_args=["--cpu=%s" % tg] if ctx["ours_has_cpu"] else [])
                if z["outputs"] is not None:
                    _, tv = mmcv_ref_selfcheck(case, zi)
                    row["zero_offset_rel_err_vs_tv"] = rel_l2(z["outputs"][0], tv)
                    notes.append("%s: with zero offsets, ours vs torchvision roi_align%s (f64): "
                                 "rel L2 err %.1e" % (case.name, " * mask" if case.has_mask else "",
                                                      row["zero_offset_rel_err_vs_tv"]))
    for side, tg in sides:
        err = row[side][tg]["rel_err"]
        if err is not None and not err < REL_ERR_LIMIT:
            notes.append("%s: %s %s FAILS its check: rel L2 err %.2e vs %s" % (
                case.name, side, tg, err, row[side][tg]["err_vs"]))
    for pid in ("ort", "tf"):
        e = row["peers"].get(pid) or {}
        if e.get("rel_err") is not None and e["rel_err"] > 1e-4:
            notes.append("%s: %s differs from %s by %.1e (rel L2)" % (case.name, pid, e["err_vs"], e["rel_err"]))


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
    targets = [x.strip() for x in args.cpu.split(",") if x.strip()]
    if not targets or len(set(targets)) != len(targets):
        print("error: --cpu needs distinct comma-separated targets", file=sys.stderr)
        return 2
    peers = [x.strip() for x in args.peers.split(",") if x.strip() and x.strip() != "none"]
    bad = [p for p in peers if p not in SUBPROCESS_PEERS]
    if bad:
        print("error: unknown peer(s) %s (of %s)" % (", ".join(bad), ", ".join(SUBPROCESS_PEERS)), file=sys.stderr)
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

    notes = []
    tool_ok = os.path.isfile(args.deform_run) and os.access(args.deform_run, os.X_OK)
    help_text = tool_help(args.deform_run) if tool_ok else ""
    ours_has_cpu = "--cpu=" in help_text
    if tool_ok and not ours_has_cpu:
        notes.append("deform-run has no --cpu option: only its default target is timed (shown as 'host')")
        targets = ["host"]
    base_targets, base_has_cpu, base_flag = [], False, "threads"
    if args.baseline_deform_run:
        if os.path.isfile(args.baseline_deform_run) and os.access(args.baseline_deform_run, os.X_OK):
            base_has_cpu = "--cpu=" in tool_help(args.baseline_deform_run)
            base_flag = detect_threads_flag(args.baseline_deform_run)
        base_targets = targets if base_has_cpu else ["host"]
        if not base_has_cpu:
            notes.append("the baseline deform-run has no --cpu option: it runs only for host, and "
                         "ours/base on the other targets compares with its host time")
    threads_flag = args.threads_flag or (detect_threads_flag(args.deform_run) if tool_ok else "threads")
    host_cpu = llvm_host_cpu()
    tvm_cpu = tvm_host_cpu(args) if any(p.startswith("tvm") for p in peers) else None

    meta = {
        "cpu": cpu, "cpu_family": family, "cpu_model": model, "llvm_host_cpu": host_cpu,
        "tvm_host_cpu": tvm_cpu, "threads": args.threads,
        "reps": args.reps, "warmup": args.warmup, "seed": args.seed, "peer_budget_s": args.peer_budget,
        "torch": torch.__version__, "torchvision": torchvision.__version__, "numpy": np.__version__,
        "python": sys.executable, "peers_python": args.peers_python, "peers": peers, "blas": blas,
        "env": {k: os.environ.get(k) for k in list(MALLOC_ENV) + ["OPENBLAS_CORETYPE"]},
        "deform_run": args.deform_run, "deform_run_threads_flag": threads_flag,
        "baseline_deform_run": args.baseline_deform_run, "targets": targets, "base_targets": base_targets,
        "suite": args.suite, "date": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    print("CPU: %s (family %s, model %s; LLVM host CPU %s); threads: %d (torch.get_num_threads() = %d)" % (
        cpu, family, model, host_cpu or "?", args.threads, torch.get_num_threads()))
    print("torch %s, torchvision %s, BLAS: %s, OPENBLAS_CORETYPE=%s" % (
        torch.__version__, torchvision.__version__, blas, os.environ.get("OPENBLAS_CORETYPE")))
    print("MALLOC_MMAP_THRESHOLD_=%s MALLOC_TRIM_THRESHOLD_=%s (ours and every peer)%s" % (
        os.environ.get("MALLOC_MMAP_THRESHOLD_"), os.environ.get("MALLOC_TRIM_THRESHOLD_"),
        ": glibc's defaults (--default-malloc)" if args.default_malloc else ""))
    print("median of %d runs; deform-run: %s; --cpu targets: %s" % (args.reps, args.deform_run, ", ".join(targets)))
    if args.baseline_deform_run:
        print("baseline deform-run: %s (targets: %s)" % (args.baseline_deform_run, ", ".join(base_targets)))
    print("optional peers: %s, python %s%s" % (", ".join(peers) or "none", args.peers_python,
                                              "" if os.path.isfile(args.peers_python) else
                                              " (missing: run bash bench/setup-peers.sh)"))
    load1 = os.getloadavg()[0]
    meta["loadavg_1min"] = load1
    if load1 > 0.5:
        print("warning: load average %.2f: other processes are running, timings will be noisy" % load1)
    print()

    workdir = tempfile.mkdtemp(prefix="deform-bench-")
    if tool_ok:
        print("deform-run thread option: --%s (OMP_NUM_THREADS=%d as well)" % (threads_flag, args.threads))
    baseline_kb = None
    if tool_ok and not args.no_memory:
        baseline_kb = tiny_baseline_rss(args.deform_run, workdir, args.threads, args.timeout, threads_flag,
                                        ["--cpu=%s" % targets[0]] if ours_has_cpu else [])
    peer_mem = {} if args.no_memory else measure_peer_memory(args, [c.name for c in cases])
    ctx = {"workdir": workdir, "targets": targets, "base_targets": base_targets,
           "threads_flag": threads_flag, "base_threads_flag": base_flag, "ours_has_cpu": ours_has_cpu,
           "base_has_cpu": base_has_cpu, "baseline_kb": baseline_kb, "peer_mem": peer_mem,
           "peers": peers, "tv_version": torchvision.__version__}

    rows = []
    for case in cases:
        print("[%s] %s ..." % (case.kind if case.variant in ("torchvision", case.kind) else case.variant,
                               case.name), flush=True)
        rows.append(run_case(args, case, ctx, notes))

    versions = {}
    for r in rows:
        for pid, e in r["peers"].items():
            if e.get("version"):
                versions[pid] = e["version"]
    meta["peer_versions"] = versions

    summ = summarize(rows, targets, base_targets)
    conv_rows = [r for r in rows if r["kind"] == "conv2d"]
    failed = sorted(set(r["case"] for r in rows for tg in targets
                        if r["ours"][tg]["rel_err"] is not None and not r["ours"][tg]["rel_err"] < REL_ERR_LIMIT))
    summ.update({
        "geomean_speedup_conv": geomean([r["speedup"] for r in conv_rows]),
        "geomean_ours_over_conv": geomean([r["ours_over_conv"] for r in conv_rows]),
        "geomean_speedup_all": geomean([r["speedup"] for r in rows]),
        "conv_cases_measured": sum(1 for r in conv_rows if r["speedup"]),
        "conv_cases": len(conv_rows),
        "failed_checks": failed,
        "ours_errors": {"%s %s" % (r["case"], tg): r["ours"][tg]["error"]
                        for r in rows for tg in targets if r["ours"][tg]["error"]},
    })

    legend = Legend()
    print()
    print_tables(rows, meta, legend)
    print()
    print_summary(summ, meta)
    gather = None
    if not args.no_gather:
        sys.path.insert(0, os.path.join(HERE, "gather"))
        import gather as gather_mod
        print()
        gather = gather_mod.report(rows, cases, targets, args.threads, workdir)
    g = summ["geomean_speedup_conv"]
    print("geometric mean speed-up over torchvision (tv ms / ours %s ms; conv cases, %d of %d measured): %s" % (
        targets[0], summ["conv_cases_measured"], summ["conv_cases"], fmt(g, ".2f", "n/a (ours unavailable)")))
    print("threads: %d; CPU: %s (family %s, model %s; LLVM host CPU %s)" % (
        args.threads, cpu, family, model, host_cpu or "?"))
    if legend.items:
        print()
        print("Reasons for n/a and err cells:")
        for line in legend.lines():
            print("  " + line)
    print()
    print("Notes:")
    for pid, header, what in PEER_COLUMNS:
        print("  %-11s %s%s" % (header, what, " [%s]" % versions[pid] if pid in versions else ""))
    print("  dense conv <ISA>  the same dense conv in a process of its own with ONEDNN_MAX_CPU_ISA=<ISA> "
          "(the instructions of the --cpu target %s): /dense conv of that target's rows is against it"
          % ", ".join("%s: %s" % kv for kv in DENSE_CONV_ISA.items()))
    print("  ours <t>    deform-run --cpu=<t> (host: LLVM's host CPU, %s; x86-64-v3: AVX2+FMA, no AVX-512). "
          "The peers run once, with the ISA their libraries pick on this CPU." % (host_cpu or "?"))
    if base_targets:
        print("  base <t>    the baseline deform-run (%s) on the same inputs; /base = ours ms / base ms." %
              args.baseline_deform_run)
    print("  ~ TVM: topi's border rule is its own (a sample is 0 unless 0 <= y < H and 0 <= x < W, then "
          "bilinear with the corners outside the image read as 0): it differs from torchvision's zero "
          "boundary near the border, so TVM is compared for speed only and its results are not checked. "
          "No mask and no weight groups: n/a on those cases. Untuned = no schedule, single-threaded loops; "
          "tuned = the meta_schedule record of bench/tvm_tune.py (threads = its num-cores).")
    print("  TF: the seed's TF layer (%s_tf: NHWC, interleaved offsets, one offset group per filter, "
          "tf_clamp, bias) from the given offsets (the layer's own offset conv is not timed), written in "
          "TF ops as the layer's call() does (bench/peers.py tf_layer_fn); TF_ENABLE_ONEDNN_OPTS=1, "
          "intra-op threads = %d. Its result and ours are checked against the same TF code in float64." % (
              "seed", args.threads))
    print("  * mmcv cases: torchvision roi_align(aligned=True) and ORT RoiAlign (half_pixel) ignore the offsets "
          "(equal to mmcv only with zero offsets); rfcn_ps: torchvision.ops.ps_roi_align (no offsets). "
          "The nearest ops, timed for scale.")
    print("  # fewer timed runs than --reps: an optional peer stops after %g s of timed runs (at least 3)." %
          args.peer_budget)
    print("  GFLOP = 2*N*Cout*Ho*Wo*(Cin/groups)*kh*kw (conv cases only).")
    print("  rel L2 err: ours vs 'tv f64' = torchvision deform_conv2d in float64 on the same inputs; "
          "'tf f64' = the TF layer code in float64; 'ref f64' = this script's float64 reference of docs "
          "SEMANTICS 2.1/2.2; '--check' = deform-run's own float64 reference; limit %.0e." % REL_ERR_LIMIT)
    print("  ours extra MB = peak RSS of the deform-run process (ru_maxrss from wait4, spawned by a small "
          "launcher so that this script's RSS does not leak into it) - peak RSS of "
          "deform-run on a tiny conv (%s) - input and output bytes; it includes deform-run's own "
          "copies of the inputs/outputs and the .npy I/O (target %s)." % (
              "%.1f MB" % (baseline_kb / 1024.0) if baseline_kb else "not measured", targets[0]))
    print("  peer extra MB = growth of VmHWM over VmRSS across one peer call in a fresh process "
          "(/proc/self/clear_refs reset, MALLOC_MMAP_THRESHOLD_=65536) - output bytes; torchvision: the call "
          "after a warm-up call; ORT, TVM, TF: the first call after set-up (their allocators keep memory "
          "between calls).")
    for n in notes:
        print("  " + n)
    for name, err in summ["ours_errors"].items():
        print("  %s: ours unavailable: %s" % (name, err))

    os.makedirs(args.out_dir, exist_ok=True)
    json_path = os.path.join(args.out_dir, "results.json")
    with open(json_path, "w") as f:
        json.dump({"meta": meta, "summary": summ, "cases": rows, "notes": notes,
                   "reasons": legend.lines(), "gather": gather}, f, indent=1)
    print("wrote %s" % json_path)
    png = write_chart(rows, meta, os.path.join(args.out_dir, "results.png"))
    if png:
        print("wrote %s" % png)
    if args.keep_temp:
        print("inputs and .mlir files kept in %s" % workdir)
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if summ["failed_checks"] else 0


if __name__ == "__main__":
    reexec_with_bench_env()
    sys.exit(main(sys.argv[1:]))
