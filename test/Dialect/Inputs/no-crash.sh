#!/usr/bin/env bash
# Feeds deform-opt every prefix of FILE cut at STEP-byte intervals, then
# random byte mutations of it; fails if any run crashes (signal) or hangs.
# Usage: no-crash.sh DEFORM_OPT FILE STEP
set -u
opt=$1 file=$2 step=$3
size=$(wc -c <"$file")
check() { # $1 = description; stdin = input
  timeout 20 "$opt" -split-input-file -verify-each >/dev/null 2>&1
  rc=$?
  if [ $rc -gt 1 ]; then
    echo "deform-opt exited with $rc on $1" >&2
    exit 1
  fi
}
for ((n = 1; n < size; n += step)); do
  head -c "$n" "$file" | check "the first $n bytes of $file"
done
# Byte flips at fixed pseudo-random positions (deterministic: seeded awk).
for seed in $(seq 1 40); do
  awk -v seed="$seed" 'BEGIN { srand(seed); RS = "\0" }
    { n = length($0); for (i = 0; i < 8; i++) { p = int(rand() * n) + 1;
        c = substr("{}()<>:,%@#x0123456789-?!\"", int(rand() * 27) + 1, 1);
        $0 = substr($0, 1, p - 1) c substr($0, p + 1) } printf "%s", $0 }' "$file" |
    check "mutation $seed of $file"
done
echo "no crash"
