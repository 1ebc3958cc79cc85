#!/usr/bin/env bash
# Installs the optional CPU peers of bench/run.py into a virtual environment,
# bench/.venv (override with DEFORM_BENCH_VENV=DIR): ONNX Runtime (+ onnx),
# Apache TVM 0.27 (+ meta_schedule's extras) and TensorFlow 2.21 (CPU).
#
#   bash bench/setup-peers.sh            # everything
#   bash bench/setup-peers.sh ort tvm    # only some peers: ort, tvm, tf
#
# The venv is isolated (no --system-site-packages): it has its own numpy, and
# bench/run.py runs each peer in its own process with the venv's python
# (bench/peers.py), exchanging .npy files, so Debian's torch 1.13 / numpy 1.24
# stay untouched in the main process. The core build never depends on any of
# this. Idempotent: a peer already installed at the wanted version is only
# re-checked. A peer that cannot be installed is reported and the script goes
# on; the exit status is 1 when any peer failed to install or import.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VENV=${DEFORM_BENCH_VENV:-$HERE/.venv}
BASE_PY=${DEFORM_BENCH_PYTHON:-/usr/bin/python3}

# Versions (docs: the project's benchmarking notes). apache-tvm-ffi newer than
# 0.1.14.post0 crashes TVM 0.27's JSON tuning database.
ORT_PKGS=("onnx==1.23.*" "onnxruntime==1.32.*")
TVM_PKGS=("apache-tvm[popen-pool]==0.27.*" "apache-tvm-ffi==0.1.14.post0" "xgboost-cpu")
TF_PKGS=("tensorflow-cpu==2.21.*")
TF_NODEPS_PKGS=("tf-keras==2.21.*")

want=("$@")
[ ${#want[@]} -eq 0 ] && want=(ort tvm tf)
for w in "${want[@]}"; do
  case "$w" in ort|tvm|tf) ;; *) echo "setup-peers: unknown peer '$w' (ort, tvm, tf)" >&2; exit 2;; esac
done

if [ ! -x "$BASE_PY" ]; then
  echo "setup-peers: $BASE_PY not found (Debian: apt-get install python3 python3-venv)" >&2
  exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating $VENV with $BASE_PY"
  if ! "$BASE_PY" -m venv "$VENV"; then
    echo "setup-peers: '$BASE_PY -m venv' failed (Debian: apt-get install python3-venv)" >&2
    exit 1
  fi
fi
PY="$VENV/bin/python"
PIP=("$PY" -m pip --disable-pip-version-check --no-input)

failed=()

pip_install() {  # label, pip arguments...
  local label=$1; shift
  echo "== $label: pip install $*"
  if ! "${PIP[@]}" install "$@"; then
    echo "setup-peers: $label: pip install failed; going on without it" >&2
    return 1
  fi
}

check() {  # label, python code
  local label=$1 code=$2 out
  if out=$("$PY" -c "$code" 2>&1); then
    echo "   $label: OK ($(echo "$out" | tail -n 1))"
  else
    echo "   $label: does not import:" >&2
    echo "$out" | tail -5 | sed 's/^/     /' >&2
    failed+=("$label")
  fi
}

for w in "${want[@]}"; do
  case "$w" in
    ort)
      pip_install "ONNX Runtime" "${ORT_PKGS[@]}" || failed+=("ort (install)")
      check "ONNX Runtime" 'import onnx, onnxruntime as o; print("onnxruntime", o.__version__, "onnx", onnx.__version__)'
      ;;
    tvm)
      pip_install "Apache TVM" "${TVM_PKGS[@]}" || failed+=("tvm (install)")
      check "Apache TVM" 'import tvm, tvm_ffi; from tvm import topi; from tvm.s_tir import meta_schedule; import xgboost; print("tvm", tvm.__version__, "tvm-ffi", getattr(tvm_ffi, "__version__", "?"))'
      ;;
    tf)
      if pip_install "TensorFlow" "${TF_PKGS[@]}"; then
        pip_install "tf-keras" --no-deps "${TF_NODEPS_PKGS[@]}" || failed+=("tf-keras (install)")
      else
        failed+=("tf (install)")
      fi
      check "TensorFlow" 'import os; os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2"); os.environ["TF_USE_LEGACY_KERAS"] = "1"; import tensorflow as tf; print("tensorflow", tf.__version__)'
      ;;
  esac
done

echo "== numpy in the venv: $("$PY" -c 'import numpy; print(numpy.__version__)' 2>&1)"
if [ ${#failed[@]} -gt 0 ]; then
  echo "setup-peers: not available: ${failed[*]} (bench/run.py prints n/a for them)" >&2
  exit 1
fi
echo "setup-peers: all requested peers installed in $VENV"
