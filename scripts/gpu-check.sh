#!/usr/bin/env bash
# The one-command GPU check.
#
# In the source tree (scripts/gpu-check.sh): builds the project (setup.sh)
# and the GPU check bundle, build/gpu-check/deform-gpu-check.tar.gz: the GPU
# sweep against the float64 reference (with its adversarial offsets and
# rois) and the GPU benchmark of bench/suite.json, as executables with
# their kernels compiled ahead of time (a fatbin with sm_80 and sm_90
# cubins and compute_80 PTX) and the runtime linked in (static libstdc++,
# glibc dynamic; no LLVM, no CUDA toolkit needed where it runs), plus this
# script. If this machine has an NVIDIA GPU, the bundle then runs here.
#
# In the bundle (./gpu-check.sh on a GPU machine): checks what it needs (an
# NVIDIA driver with a device, the glibc version the executables need),
# runs the sweep (under compute-sanitizer's memcheck when it is installed,
# and racecheck on some convolution cases), then the benchmark, and, when
# `import torch` works there, the same cases through torchvision's CUDA
# deform_conv2d / roi_align, printed as one table.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

bundle_mode() {
  cd "$here"
  echo "== deform-mlir GPU check ($(uname -n), $(uname -m))"
  local need found
  need=$(cat REQUIREMENTS 2>/dev/null | sed -n 's/^glibc //p')
  found=$(ldd --version 2>/dev/null | head -1 | grep -oE '[0-9]+\.[0-9]+$' || true)
  if [ -n "$need" ] && [ -n "$found" ] &&
     [ "$(printf '%s\n%s\n' "$need" "$found" | sort -V | head -1)" != "$need" ]; then
    echo "missing: glibc $need or newer (this machine has $found); rebuild the bundle on an older distribution or against an older sysroot"
    return 1
  fi
  echo "glibc: ${found:-unknown} (needs ${need:-?})"
  command -v nvidia-smi >/dev/null && nvidia-smi -L || echo "nvidia-smi: not installed"
  local rc=0
  bin/deform-gpu-sweep --probe || rc=$?
  if [ "$rc" -eq 77 ]; then
    echo "missing: a usable NVIDIA driver (libcuda.so.1) with a device; nothing was run"
    return 1
  elif [ "$rc" -ne 0 ]; then
    return "$rc"
  fi

  local sanitizer status=0
  sanitizer=$(command -v compute-sanitizer || true)
  [ -z "$sanitizer" ] && [ -x /usr/local/cuda/bin/compute-sanitizer ] && sanitizer=/usr/local/cuda/bin/compute-sanitizer
  echo
  if [ -n "$sanitizer" ]; then
    echo "== sweep under compute-sanitizer memcheck"
    "$sanitizer" --tool memcheck --error-exitcode 99 bin/deform-gpu-sweep || status=1
    echo "== shared-memory races (racecheck) on conv cases"
    "$sanitizer" --tool racecheck --error-exitcode 99 bin/deform-gpu-sweep --only=conv_1 || status=1
  else
    echo "== sweep (compute-sanitizer is not installed: no memcheck)"
    bin/deform-gpu-sweep || status=1
  fi

  local work
  work=$(mktemp -d "${TMPDIR:-/tmp}/deform-gpu-bench.XXXXXX")
  echo
  echo "== benchmark (bench/suite.json)"
  bin/deform-gpu-bench --out="$work" || status=1
  if command -v python3 >/dev/null; then
    python3 bench/gpu_peer.py "$work" || status=1
  else
    echo "python3 is not installed: no torchvision comparison"
  fi
  rm -rf "$work"
  echo
  [ "$status" -eq 0 ] && echo "GPU check: PASS" || echo "GPU check: FAIL"
  return "$status"
}

source_mode() {
  local repo build out bundle
  repo="$(cd "$here/.." && pwd)"
  build="${BUILD_DIR:-$repo/build}"
  "$repo/scripts/setup.sh"
  echo "gpu-check: building the bundle"
  ninja -C "$build" -j "${DEFORM_JOBS:-$(nproc)}" deform-gpu-check-bundle
  out="$build/gpu-check"
  bundle="$out/bundle"
  # The newest glibc symbol version the executables use.
  local objdump glibc
  objdump=$(command -v objdump || echo /usr/lib/llvm-22/bin/llvm-objdump)
  glibc=$("$objdump" -T "$bundle"/bin/* | grep -oE 'GLIBC_[0-9]+\.[0-9]+' | sed 's/GLIBC_//' | sort -V | tail -1)
  echo "glibc $glibc" > "$bundle/REQUIREMENTS"
  rm -rf "$out/deform-gpu-check"
  cp -r "$bundle" "$out/deform-gpu-check"
  tar -C "$out" -czf "$out/deform-gpu-check.tar.gz" deform-gpu-check
  echo "gpu-check: $out/deform-gpu-check.tar.gz ($(du -h "$out/deform-gpu-check.tar.gz" | cut -f1) packed, $(du -sh "$bundle" | cut -f1) unpacked; needs glibc $glibc and an NVIDIA driver)"
  ls -l "$bundle/bin"
  if "$bundle/bin/deform-gpu-sweep" --probe >/dev/null 2>&1; then
    "$bundle/gpu-check.sh"
  else
    echo "gpu-check: no NVIDIA GPU here ($("$bundle/bin/deform-gpu-sweep" --probe | tail -1)); copy the archive to a GPU machine and run deform-gpu-check/gpu-check.sh there"
  fi
}

if [ -f "$here/DEFORM_GPU_CHECK_BUNDLE" ]; then
  bundle_mode
else
  source_mode
fi
