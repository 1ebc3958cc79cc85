#!/usr/bin/python3
"""Tune every case of bench/suite.json with deform-tune and time it against the heuristic.

For every case (the suite's, plus run.py's seed_tf), in one run on one machine:
  1. writes the case's main.mlir and inputs exactly as bench/run.py does;
  2. runs `deform-tune main.mlir --db=<case>.json --budget=B --threads=T --cpu=C`
     and records its wall time (the tuning time) and candidate count;
  3. times the heuristic (`deform-run ... --benchmark=R`) and the tuned
     configuration (the same with `--tuning-db=<case>.json`) on the same .npy
     inputs, alternating, --rounds times each; each side's time is the median
     of its rounds' medians, and the speed-up the median of the rounds'
     paired ratios (heuristic / tuned of the same round: the two calls are
     seconds apart, so a drift of the machine's speed, 10-20 % over minutes
     on a shared 2-core machine, cancels). The tuned run must report the entry applied
     ("1 of 1 deform op(s) configured") and pass `--check` against the
     float64 reference;
  4. prints a table (heuristic and tuned configurations, times, speed-up,
     tuning time), the geometric-mean speed-up and the cases that came out
     slower, and writes tune-results.json and the merged database
     tune-db.json into --out-dir.

Run it on an idle machine with Debian's /usr/bin/python3 (numpy). It is a
benchmark, not a test: a full run takes about cases x (budget + a minute).
"""

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import run as bench  # noqa: E402  (the suite, inputs and deform-run driver)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--deform-tune", default=os.path.join(REPO, "build", "bin", "deform-tune"))
    p.add_argument("--deform-run", default=os.path.join(REPO, "build", "bin", "deform-run"))
    p.add_argument("--suite", default=os.path.join(HERE, "suite.json"))
    p.add_argument("--cases", default=None, help="comma-separated case names (default: all)")
    p.add_argument("--budget", type=float, default=180.0, help="deform-tune seconds per case (default 180)")
    p.add_argument("--trials", type=int, default=400, help="deform-tune candidates per case at most")
    p.add_argument("--search", default="local", help="deform-tune --search (local or random)")
    p.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)))
    p.add_argument("--cpu", default="host", help="one CPU target (default host)")
    p.add_argument("--reps", type=int, default=20, help="timed runs per deform-run call (median)")
    p.add_argument("--rounds", type=int, default=9, help="alternating deform-run calls per side")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out-dir", default=HERE)
    p.add_argument("--keep-temp", action="store_true")
    return p.parse_args(argv)


def median(values):
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else 0.5 * (v[n // 2 - 1] + v[n // 2])


def tune_case(args, case, workdir):
    """Runs deform-tune on the case; returns its entry and timing."""
    d = os.path.join(workdir, case.name)
    os.makedirs(d, exist_ok=True)
    inputs = bench.make_inputs(case, args.seed)
    mlir = os.path.join(d, "main.mlir")
    with open(mlir, "w") as f:
        f.write(bench.make_mlir(case, inputs))
    db = os.path.join(d, "tuning.json")
    cmd = [args.deform_tune, mlir, "--db=" + db, "--budget=%g" % args.budget,
           "--trials=%d" % args.trials, "--threads=%d" % args.threads, "--cpu=" + args.cpu,
           "--search=" + args.search, "--seed=%d" % args.seed]
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.budget * 3 + 600)
    wall = time.monotonic() - start
    with open(os.path.join(d, "tune.log"), "w") as f:
        f.write(proc.stderr + proc.stdout)
    if proc.returncode != 0:
        tail = (proc.stderr.strip() or proc.stdout.strip()).splitlines()[-4:]
        return {"error": "deform-tune exit status %d: %s" % (proc.returncode, " | ".join(tail))}
    with open(db) as f:
        entries = json.load(f)["entries"]
    if len(entries) != 1:
        return {"error": "deform-tune wrote %d entries, expected 1" % len(entries)}
    return {"entry": entries[0], "wall_s": wall, "db": db, "inputs": inputs,
            "summary": [l for l in proc.stdout.splitlines() if l.startswith("deform-tune:")]}


def time_case(args, case, workdir, tuned):
    """Alternating deform-run calls, heuristic then tuned, --rounds times."""
    in_paths = bench.save_inputs(case, tuned["inputs"], workdir, "inputs")
    sides = {"heuristic": [], "tuned": []}
    applied, check = None, None
    for r in range(args.rounds):
        for side in ("heuristic", "tuned"):
            extra = ["--cpu=" + args.cpu]
            if side == "tuned":
                extra.append("--tuning-db=" + tuned["db"])
                if r == 0:
                    extra.append("--check")
            res = bench.run_ours(args.deform_run, case, tuned["inputs"], workdir, args.reps, args.threads,
                                 timeout=1800, tag=side, threads_flag="num-threads", extra_args=extra,
                                 in_paths=in_paths)
            if res["error"]:
                return {"error": "%s run: %s" % (side, res["error"])}
            sides[side].append(res["ms"])
            if side == "tuned" and r == 0:
                with open(os.path.join(workdir, case.name, side, "stderr.txt")) as f:
                    m = re.search(r"(\d+) of (\d+) deform op\(s\) configured", f.read())
                applied = bool(m) and m.group(1) == m.group(2) != "0"
                m = re.findall(r"relative L2 error (\S+) .*: (PASS|FAIL)", res["stdout"])
                check = m
    ratios = [h / t for h, t in zip(sides["heuristic"], sides["tuned"])]
    return {"heuristic_ms": median(sides["heuristic"]), "tuned_ms": median(sides["tuned"]),
            "speedup": median(ratios), "ratio_range": (min(ratios), max(ratios)),
            "rounds": sides, "applied": applied, "check": check}


def short(config):
    return config.replace("#deform.cpu_config<", "").rstrip(">").replace("register_tile", "reg")


def main(argv):
    args = parse_args(argv)
    for tool in (args.deform_tune, args.deform_run):
        if not os.access(tool, os.X_OK):
            print("error: %s not found (build it)" % tool, file=sys.stderr)
            return 2
    _, cases = bench.load_suite(args.suite)
    if args.cases:
        wanted = [n.strip() for n in args.cases.split(",")]
        unknown = set(wanted) - {c.name for c in cases}
        if unknown:
            print("error: unknown case(s): %s" % ", ".join(sorted(unknown)), file=sys.stderr)
            return 2
        cases = [c for c in cases if c.name in wanted]
    load = os.getloadavg()[0]
    cpu = bench.llvm_host_cpu() or "?"
    print("deform-tune benchmark: %d case(s), budget %gs per case, %d thread(s), --cpu=%s (%s), "
          "load average %.2f at start" % (len(cases), args.budget, args.threads, args.cpu, cpu, load))
    workdir = tempfile.mkdtemp(prefix="deform-tune-bench-")
    rows = []
    for case in cases:
        print("== %s" % case.name, flush=True)
        tuned = tune_case(args, case, workdir)
        row = {"case": case.name}
        if "error" in tuned:
            row["error"] = tuned["error"]
            rows.append(row)
            print("   " + row["error"], flush=True)
            continue
        e = tuned["entry"]
        row.update({"heuristic_config": e.get("heuristic_config", ""), "tuned_config": e["config"],
                    "tuning_s": tuned["wall_s"], "candidates": e.get("candidates"),
                    "tune_heuristic_ms": e["heuristic_ms"], "tune_tuned_ms": e["time_ms"]})
        for line in tuned["summary"]:
            print("   " + line, flush=True)
        timed = time_case(args, case, workdir, tuned)
        if "error" in timed:
            row["error"] = timed["error"]
        else:
            row.update(timed)
            print("   deform-run: heuristic %.3f ms, tuned %.3f ms: %.2fx (rounds %.2f-%.2fx; entry applied: %s, "
                  "check: %s)" % (timed["heuristic_ms"], timed["tuned_ms"], row["speedup"],
                                  timed["ratio_range"][0], timed["ratio_range"][1], timed["applied"],
                                  timed["check"]), flush=True)
        rows.append(row)

    print()
    print("| case | heuristic config | tuned config | heuristic ms | tuned ms | speed-up | measured | rounds | tuning s | candidates | check |")
    print("|---|---|---|---:|---:|---:|---:|---|---:|---:|---|")
    speedups, slower, bad = [], [], []
    for r in rows:
        if "error" in r:
            print("| %s | error: %s | | | | | | | | | |" % (r["case"], r["error"]))
            bad.append(r["case"])
            continue
        ok = r["applied"] and r["check"] and all(p == "PASS" for _, p in r["check"])
        if not ok:
            bad.append(r["case"])
        # The same configuration is the same code: any difference is noise.
        same = r["tuned_config"] == r["heuristic_config"]
        speedup = 1.0 if same else r["speedup"]
        r["reported_speedup"] = speedup
        print("| %s | %s | %s | %.3f | %.3f | %.2fx | %.2fx | %.2f-%.2fx | %.0f | %s | %s |" % (
            r["case"], short(r["heuristic_config"]), "(heuristic)" if same else short(r["tuned_config"]),
            r["heuristic_ms"], r["tuned_ms"], speedup, r["speedup"], r["ratio_range"][0], r["ratio_range"][1],
            r["tuning_s"], r["candidates"], "PASS" if ok else "FAIL"))
        speedups.append(speedup)
        if speedup < 1.0:
            slower.append("%s (%.3fx)" % (r["case"], speedup))
    if speedups:
        gm = math.exp(sum(math.log(s) for s in speedups) / len(speedups))
        print("\ngeometric-mean speed-up of tuned over heuristic: %.3fx over %d case(s)" % (gm, len(speedups)))
    print("cases slower than the heuristic: %s" % (", ".join(slower) or "none"))
    print("load average at the end: %.2f" % os.getloadavg()[0])
    if bad:
        print("cases with errors or failed checks: %s" % ", ".join(bad))
    os.makedirs(args.out_dir, exist_ok=True)
    with open(os.path.join(args.out_dir, "tune-results.json"), "w") as f:
        json.dump({"args": vars(args), "rows": [{k: v for k, v in r.items() if k != "inputs"} for r in rows]},
                  f, indent=1, sort_keys=True)
    dbs = [os.path.join(workdir, r["case"], "tuning.json") for r in rows if "error" not in r]
    if dbs:
        subprocess.run([args.deform_tune, "merge"] + dbs + ["-o", os.path.join(args.out_dir, "tune-db.json")],
                       check=False)
    if not args.keep_temp:
        import shutil
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if bad else 0


def reexec_with_malloc_env():
    """As bench/run.py: every timed process keeps its freed buffers
    (docs/BENCHMARKS.md); deform-tune sets the same itself."""
    if os.environ.get(bench.REEXEC_MARK) == "1":
        return
    env = dict(os.environ)
    for key, value in bench.MALLOC_ENV.items():
        env.setdefault(key, value)
    env[bench.REEXEC_MARK] = "1"
    sys.stdout.flush()
    os.execve(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:], env)


if __name__ == "__main__":
    reexec_with_malloc_env()
    sys.exit(main(sys.argv[1:]))
