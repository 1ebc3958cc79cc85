#!/usr/bin/env bash
# Builds the libFuzzer harnesses (test/fuzz/) into build-fuzz/ (the whole tree
# with -fsanitize=fuzzer-no-link,address,undefined) and runs each, one after
# another in one process, for a bounded time on a copy of its seed corpus
# (test/fuzz/corpus/<harness>/). Prints each harness's final libFuzzer stats
# (executions, exec/s, coverage cov: and features ft:) in a table and exits
# non-zero if any harness crashed, hung, ran out of memory or reported
# (sanitizer, leak, or a failed check of its own: "FINDING"). Crash inputs go
# to build-fuzz/fuzz-artifacts/, each harness's log to
# build-fuzz/fuzz-logs/<harness>.log.
#
#   scripts/fuzz.sh [SECONDS_PER_HARNESS]     # default 60
#   FUZZ_HARNESSES="npy runtime" scripts/fuzz.sh 30
#   FUZZ_KEEP_CORPUS=1 scripts/fuzz.sh 600    # continue from the last run's corpus
#   FUZZ_RUNS=1000000 scripts/fuzz.sh 3600    # stop each after that many executions
#   FUZZ_SEED=1 scripts/fuzz.sh 45            # libFuzzer's -seed (default: random)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SECONDS_PER_HARNESS=${1:-60}
BUILD_DIR=build-fuzz
HARNESSES=(${FUZZ_HARNESSES:-pipeline npy runtime kernels})
targets=""
for h in "${HARNESSES[@]}"; do targets+=" deform-fuzz-$h"; done

BUILD_DIR=$BUILD_DIR DEFORM_FUZZ=ON DEFORM_TARGETS="$targets" scripts/setup.sh

ARTIFACTS=$ROOT/$BUILD_DIR/fuzz-artifacts
LOGS=$ROOT/$BUILD_DIR/fuzz-logs
WORK=$ROOT/$BUILD_DIR/fuzz-corpus
mkdir -p "$ARTIFACTS" "$LOGS" "$WORK"

# Per harness: max input length, per-input timeout (a hang), RSS limit (MB).
declare -A MAX_LEN=([pipeline]=4096 [npy]=4096 [runtime]=1024 [kernels]=512)
declare -A TIMEOUT=([pipeline]=30 [npy]=10 [runtime]=20 [kernels]=120)
declare -A RSS=([pipeline]=4096 [npy]=2048 [runtime]=2048 [kernels]=10240)
declare -A DICT=([pipeline]=$ROOT/test/fuzz/pipeline.dict)
# The kernels' choices need long inputs from the start (libFuzzer otherwise
# grows the length limit slowly).
declare -A EXTRA=([kernels]=-len_control=0)

# LeakSanitizer suppressions: MLIR's own one-time registrations only.
export LSAN_OPTIONS="suppressions=$ROOT/test/fuzz/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

failed=0
rows=()
for h in "${HARNESSES[@]}"; do
  bin=$ROOT/$BUILD_DIR/bin/deform-fuzz-$h
  corpus=$WORK/$h
  if [ -z "${FUZZ_KEEP_CORPUS:-}" ] || [ ! -d "$corpus" ]; then
    rm -rf "$corpus"
    mkdir -p "$corpus"
    cp "$ROOT/test/fuzz/corpus/$h/"* "$corpus/"
  fi
  log=$LOGS/$h.log
  jobdir=$LOGS/$h.job
  rm -rf "$jobdir"
  mkdir -p "$jobdir"
  echo "fuzz: $h for ${SECONDS_PER_HARNESS}s (log: ${log#$ROOT/})"
  # One job, one worker: libFuzzer runs it in a child process whose output
  # goes to fuzz-0.log in the current directory.
  status=0
  (cd "$jobdir" && "$bin" "$corpus" \
      -max_total_time="$SECONDS_PER_HARNESS" ${FUZZ_RUNS:+-runs=$FUZZ_RUNS} ${FUZZ_SEED:+-seed=$FUZZ_SEED} \
      -max_len="${MAX_LEN[$h]}" -timeout="${TIMEOUT[$h]}" -rss_limit_mb="${RSS[$h]}" \
      ${DICT[$h]:+-dict=${DICT[$h]}} ${EXTRA[$h]:-} -jobs=1 -workers=1 -print_final_stats=1 \
      -artifact_prefix="$ARTIFACTS/$h-" >/dev/null 2>&1) || status=$?
  mv "$jobdir/fuzz-0.log" "$log" 2>/dev/null || : > "$log"
  rm -rf "$jobdir"

  # The final stats (printed at the end, and on a crash too).
  stat() { grep -a "^stat::$1:" "$log" | tail -1 | awk '{print $2}'; }
  runs=$(stat number_of_executed_units)
  eps=$(stat average_exec_per_sec)
  rss=$(stat peak_rss_mb)
  last=$(grep -aE '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
  result=ok
  if grep -aq "ERROR: libFuzzer: timeout" "$log"; then result=HANG
  elif grep -aq "out-of-memory" "$log"; then result=OOM
  elif grep -aq "ERROR: LeakSanitizer" "$log"; then result=LEAK
  elif grep -aq "==deform-fuzz== FINDING" "$log"; then result=FINDING
  elif grep -aqE "ERROR: (AddressSanitizer|UndefinedBehaviorSanitizer)|runtime error:" "$log"; then result=SANITIZER
  elif grep -aq "ERROR: libFuzzer" "$log"; then result=CRASH
  elif [ "$status" -ne 0 ] || ! grep -aq "^Done [0-9]* runs" "$log"; then result="FAILED($status)"
  fi
  if [ "$result" != ok ]; then
    failed=1
    artifact=$(sed -nE "s/.*Test unit written to (.*)/\1/p" "$log" | tail -1)
    echo "fuzz: $h: $result${artifact:+, input: ${artifact#$ROOT/}}" >&2
    grep -aE "==deform-fuzz== FINDING|SUMMARY:|runtime error:" "$log" | head -5 >&2 || true
  fi
  rows+=("$(printf '%-10s %-10s %12s %9s %8s %8s %8s' "$h" "$result" "${runs:-?}" "${eps:-?}" \
    "${cov:-?}" "${ft:-?}" "${rss:-?}")")
done

echo
printf '%-10s %-10s %12s %9s %8s %8s %8s\n' harness result executions exec/s cov ft rss_mb
for r in "${rows[@]}"; do echo "$r"; done
if [ "$failed" -ne 0 ]; then
  echo "fuzz: FAILED (inputs in ${ARTIFACTS#$ROOT/}/, logs in ${LOGS#$ROOT/}/)" >&2
  exit 1
fi
echo "fuzz: every harness ran clean"
