"""The machine's gather throughput (bench/gather/gather_bench.c), and the
sampling rate of the conv cases against it.

A bilinear sample reads 4 input elements at data-dependent positions; the
cases whose work is all sampling (the seed's TF layer: every filter samples
its own 3 channels) are bounded by how many such loads per second the
machine sustains. gather_bench measures that ceiling per CPU target with
the same thread count: random 4-byte loads from an L2-resident table (as one
image plane is), as scalar loads and as hardware gathers; the best of them
is the reference."""
import os
import shutil
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
MARCH = {"host": "native"}


def build(target, workdir):
    """gather_bench for `target` (a deform-run --cpu name), or (None, why)."""
    cc = shutil.which("clang-22") or shutil.which("clang") or shutil.which("cc")
    if not cc:
        return None, "no C compiler (clang-22) on PATH"
    exe = os.path.join(workdir, "gather_bench-" + target)
    cmd = [cc, "-O2", "-march=" + MARCH.get(target, target), os.path.join(HERE, "gather_bench.c"),
           "-o", exe, "-lpthread"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        return None, "build failed: " + (r.stderr.strip().splitlines() or ["?"])[-1]
    return exe, None


def measure(target, threads, workdir):
    """{method: G elements/s} for `target`, or {"error": why}."""
    exe, why = build(target, workdir)
    if not exe:
        return {"error": why}
    r = subprocess.run([exe, str(threads)], capture_output=True, text=True, timeout=600)
    if r.returncode:
        return {"error": "gather_bench failed: " + r.stderr.strip()}
    out = {}
    for line in r.stdout.splitlines():
        name, value = line.split()
        out[name] = float(value)
    return out


def samples(case):
    """Bilinear samples one call of a conv case computes: every (pixel, tap,
    input channel) of each block of output channels that shares offsets."""
    if case.kind != "conv2d":
        return None
    K = case.kh * case.kw
    per_pixel = K * case.Cin
    if case.variant == "tf_layer":  # offset groups over output filters
        per_pixel *= case.og
    return case.N * case.Ho * case.Wo * per_pixel


def report(rows, cases, targets, threads, workdir):
    """Prints the gather ceiling per target and, for the sampling-bound
    cases (seed_tf), samples/s and loads/s as a share of it. Returns the
    JSON-able results."""
    print("Gather throughput (bench/gather/gather_bench.c, %d threads, random 4-byte loads from a "
          "256 KiB table per thread, best of 5; G elements/s):" % threads)
    ceilings = {}
    for t in targets:
        m = measure(t, threads, workdir)
        ceilings[t] = m
        if "error" in m:
            print("  %-10s n/a: %s" % (t, m["error"]))
        else:
            print("  %-10s " % t + "  ".join("%s %.2f" % kv for kv in sorted(m.items())))
    by_name = {c.name: c for c in cases}
    results = {"ceilings": ceilings, "cases": {}}
    for r in rows:
        case = by_name.get(r["case"])
        if not case or case.variant != "tf_layer":
            continue
        n = samples(case)
        for t in targets:
            ms = r["ours"][t].get("ms")
            ceiling = max((v for k, v in ceilings[t].items() if k != "error"), default=None)
            if not ms or not ceiling:
                continue
            rate = n / (ms / 1e3) / 1e9
            share = 4 * rate / ceiling
            results["cases"]["%s %s" % (case.name, t)] = {
                "samples": n, "g_samples_per_s": rate, "g_loads_per_s": 4 * rate,
                "ceiling_g_loads_per_s": ceiling, "share": share}
            print("  %s %s: %.0f M samples in %.1f ms = %.2f G samples/s = %.2f G loads/s, %.0f%% of "
                  "the %s gather ceiling (%.2f G/s)" % (case.name, t, n / 1e6, ms, rate, 4 * rate,
                                                        100 * share, t, ceiling))
    return results
