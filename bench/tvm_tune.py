#!/usr/bin/env python3
"""Tunes Apache TVM's deformable conv for suite cases with meta_schedule and
stores each case's tuning record where bench/run.py looks for it.

    bench/.venv/bin/python bench/tvm_tune.py seed strided --trials 512
    bench/.venv/bin/python bench/tvm_tune.py --suite bench/suite-odd.json odd_5x5 --trials 256

For every CASE it builds the same PrimFunc as bench/peers.py (topi
deformable_conv2d_nchw [+ bias add]) for target {"kind": "llvm", "mcpu":
<host>, "num-cores": --threads}, runs ms.tune_tir with --trials trials
(xgboost cost model, evolutionary search, local builder and runner) and
writes, into OUT/CASE/:
  database_workload.json, database_tuning_record.json   meta_schedule's JSON database
  tune.json   trials, tuning_seconds, target, shape_key, versions, date,
              best measured ms
bench/run.py then times "TVM tuned" from that record (n/a when the record is
missing or is for another shape or target). Tuning takes many minutes per
case (each trial is compiled and measured). Cases TVM cannot express (mask,
weight groups, the TF layer, RoI pooling) are refused.

Run it with the peers' venv python (bench/setup-peers.sh); started with
another python it re-executes itself with bench/.venv/bin/python.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
VENV_PY = os.path.join(os.environ.get("DEFORM_BENCH_VENV", os.path.join(HERE, ".venv")), "bin", "python")


def ensure_venv():
    try:
        import tvm  # noqa: F401
        return
    except ImportError:
        pass
    if os.path.isfile(VENV_PY) and os.path.realpath(sys.executable) != os.path.realpath(VENV_PY) and \
            os.environ.get("DEFORM_TVM_TUNE_REEXEC") != "1":
        os.environ["DEFORM_TVM_TUNE_REEXEC"] = "1"
        os.execv(VENV_PY, [VENV_PY, os.path.abspath(__file__)] + sys.argv[1:])
    sys.exit("tvm_tune: Apache TVM is not installed (bash bench/setup-peers.sh tvm)")


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("cases", nargs="+", metavar="CASE")
    p.add_argument("--suite", default=os.path.join(HERE, "suite.json"))
    p.add_argument("--trials", type=int, default=512, help="max_trials_global (default: %(default)s)")
    p.add_argument("--trials-per-iter", type=int, default=64, help="num_trials_per_iter (default: %(default)s)")
    p.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)),
                   help="num-cores of the target and TVM_NUM_THREADS (must match run.py --threads)")
    p.add_argument("--out", default=os.path.join(HERE, "tvm-tuned"), help="default: %(default)s")
    p.add_argument("--cost-model", default="xgb", help="xgb (default), mlp or random")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--keep-logs", action="store_true", help="keep meta_schedule's work dir (logs)")
    args = p.parse_args(argv)

    os.environ["TVM_NUM_THREADS"] = str(args.threads)
    ensure_venv()
    import tvm
    from tvm.s_tir import meta_schedule as ms
    sys.path.insert(0, HERE)
    import peers
    import run as bench_run  # Case and load_suite only (no torch needed)

    _, cases = bench_run.load_suite(os.path.abspath(args.suite))
    by_name = {c.name: c for c in cases}
    unknown = [n for n in args.cases if n not in by_name]
    if unknown:
        print("tvm_tune: unknown case(s) %s; the suite has: %s" % (", ".join(unknown), ", ".join(by_name)),
              file=sys.stderr)
        return 2
    target_dict = {"kind": "llvm", "mcpu": tvm.target.codegen.llvm_get_system_cpu(), "num-cores": args.threads}
    target = tvm.target.Target(target_dict)
    status = 0
    for name in args.cases:
        spec = by_name[name].spec()
        why = peers.tvm_expressible(spec)
        if why:
            print("tvm_tune: %s: TVM cannot express it: %s" % (name, why), file=sys.stderr)
            status = 1
            continue
        mod = peers.tvm_module(spec)
        work = tempfile.mkdtemp(prefix="tvm-tune-%s-" % name)
        print("== %s: %d trials, target %s, work dir %s" % (name, args.trials, json.dumps(target_dict), work),
              flush=True)
        t0 = time.time()
        db = ms.tune_tir(mod, target, work, max_trials_global=args.trials,
                         num_trials_per_iter=min(args.trials_per_iter, args.trials),
                         cost_model=args.cost_model, num_tuning_cores=args.threads, seed=args.seed)
        seconds = time.time() - t0
        best_ms, records = None, 0
        try:
            wl = db.commit_workload(peers_normalize(mod))
            top = db.get_top_k(wl, 1)
            records = len(db.get_all_tuning_records())
            if top and top[0].run_secs:
                best_ms = 1e3 * min(float(x) for x in top[0].run_secs)
        except Exception as e:  # noqa: BLE001 - the record is still usable
            print("tvm_tune: %s: could not read the best time: %s" % (name, e), file=sys.stderr)
        sch = ms.tir_integration.compile_tir(db, mod, target)
        out = os.path.join(args.out, name)
        os.makedirs(out, exist_ok=True)
        for f in ("database_workload.json", "database_tuning_record.json"):
            shutil.copyfile(os.path.join(work, f), os.path.join(out, f))
        info = {"case": name, "trials": args.trials, "records": records, "tuning_seconds": round(seconds, 1),
                "target": target_dict, "shape_key": peers.shape_key(spec), "cost_model": args.cost_model,
                "best_measured_ms": best_ms, "schedule_found": sch is not None,
                "tvm": tvm.__version__, "date": time.strftime("%Y-%m-%d %H:%M:%S"),
                "suite": os.path.relpath(os.path.abspath(args.suite), os.path.dirname(HERE))}
        try:
            import tvm_ffi
            info["tvm_ffi"] = getattr(tvm_ffi, "__version__", None)
        except ImportError:
            pass
        with open(os.path.join(out, "tune.json"), "w") as f:
            json.dump(info, f, indent=1)
        print("== %s: %.0f s, %d records, best %s ms, schedule %s -> %s" % (
            name, seconds, records, "%.3f" % best_ms if best_ms else "?",
            "found" if sch is not None else "NOT found", out), flush=True)
        if sch is None:
            status = 1
        if args.keep_logs:
            print("   logs kept in %s" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return status


def peers_normalize(mod):
    from tvm.s_tir.meta_schedule.tir_integration import _normalize_mod
    return _normalize_mod(mod)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
