#!/usr/bin/env bash
# Runs, as written, every command of the README's `sh` code blocks except the
# two set-up commands (scripts/*.sh, which CI and fresh machines run
# themselves), in a scratch folder where `build` is the build tree and
# `examples` the repository's examples, with the .npy inputs the README's
# deform-run example names. Fails if a command fails or if none was found.
# Usage: readme-commands.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
ln -s "$build" build
ln -s "$src/examples" examples

# The inputs of examples/dcnv2.mlir, drawn like the benchmark suite.
/usr/bin/python3 - <<'PY'
import numpy as np
rng = np.random.default_rng(0)
def save(name, shape, scale=1.0, f=lambda a: a):
    np.save(name, f(rng.normal(0.0, scale, shape)).astype(np.float32))
save("x.npy", (8, 64, 56, 56))
save("offset.npy", (8, 18, 56, 56), 2.0)
save("w.npy", (64, 64, 3, 3), 1 / 24)
save("mask.npy", (8, 9, 56, 56), f=lambda a: 1 / (1 + np.exp(-a)))
save("bias.npy", (64,))
PY

# Commands: lines of ```sh blocks, continuation lines joined, comments dropped.
mapfile -t commands < <(awk '
  /^```sh$/ { inside = 1; next }
  /^```/    { inside = 0; next }
  inside {
    line = $0
    sub(/[ \t]+#.*$/, "", line)
    if (line ~ /^[ \t]*(#|$)/) next
    if (line ~ /\\$/) { sub(/\\$/, "", line); pending = pending line; next }
    print pending line; pending = ""
  }' "$src/README.md")

ran=0
for cmd in "${commands[@]}"; do
  case "$cmd" in scripts/*) continue ;; esac
  echo "README\$ $cmd"
  if ! bash -c "$cmd" >"$work/out.txt" 2>&1; then
    cat "$work/out.txt"
    echo "readme-commands: FAILED: $cmd" >&2
    exit 1
  fi
  ran=$((ran + 1))
done
[ "$ran" -gt 0 ] || { echo "readme-commands: no command found in README.md" >&2; exit 1; }
echo "readme-commands: $ran README command(s) ran as written"
