#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, docs/notes/fuzzing.md) with clang in build-fuzz and runs
# them.
#
#   scripts/fuzz.sh [--ci] [--merge] [--no-build] [TARGET...]
#
#   (default)   each target fuzzes for FUZZ_SECONDS (default 60) from its committed corpus;
#               new inputs go to build-fuzz/work/<target>, crashes to build-fuzz/artifacts.
#   --merge     afterwards, merges what the run found into fuzz/corpus/<target> (only inputs
#               that add coverage), to be committed.
#   --ci        each target replays its committed corpus, then fuzzes FUZZ_CI_SECONDS (default
#               5) more; exit 1 on any crash, leak, UB, timeout or broken invariant.
#   --no-build  use the binaries already built (to run two sets of targets at once).
#   TARGET      names like `note` or `rule_expr`; default all.
#
# Ends with a table per target: seconds, executions, coverage (cov:), features (ft:), corpus
# size and the result. Exit status: 1 when a target found something, 2 on usage errors.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-60}
CI_SECONDS=${FUZZ_CI_SECONDS:-5}
ALL_TARGETS=(declaration csv decimal rule_expr bank rates note witness bundle jcs config correction language tracking xray)

ci=false merge=false build=true targets=()
for arg in "$@"; do
  case "$arg" in
    --ci) ci=true ;;
    --merge) merge=true ;;
    --no-build) build=false ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $arg" >&2; exit 2 ;;
    *) targets+=("$arg") ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${ALL_TARGETS[@]}")
for t in "${targets[@]}"; do
  [ -f "fuzz/fuzz_$t.cc" ] || { echo "fuzz.sh: no target '$t' (fuzz/fuzz_$t.cc)" >&2; exit 2; }
done

if $build; then
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    CC=clang CXX=clang++ cmake -S . -B "$BUILD_DIR" -G Ninja -DOC_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
  fi
  nice -n 10 cmake --build "$BUILD_DIR"
fi

work="$BUILD_DIR/work"
artifacts="$BUILD_DIR/artifacts"
logs="$BUILD_DIR/logs"
mkdir -p "$work" "$artifacts" "$logs"
# UB aborts (-fno-sanitize-recover); the stack trace says where.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

# One fuzzing run of target $1 for $2 seconds, log to $3; the committed corpus is read, never
# written (libFuzzer adds new inputs to the first directory only).
run() {
  local t=$1 secs=$2 log=$3
  local dict=() corpus="fuzz/corpus/$t"
  [ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")
  mkdir -p "$work/$t" "$artifacts/$t" "$corpus"
  nice -n 10 "$BUILD_DIR/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/$t/" "${dict[@]}" "$work/$t" "$corpus" > "$log" 2>&1
}

# "seconds execs cov ft corpus" from a libFuzzer log.
stats() {
  local log=$1 last
  last=$(grep -E '^#[0-9]+[[:space:]].*cov: ' "$log" | tail -1 || true)
  local execs cov ft corp
  execs=$(sed -n 's/^stat::number_of_executed_units: //p' "$log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<< "$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p' <<< "$last")
  echo "${execs:-?} ${cov:-?} ${ft:-?} ${corp:-?}"
}

failed=0
report=()
for t in "${targets[@]}"; do
  bin="$BUILD_DIR/fuzz/fuzz_$t"
  [ -x "$bin" ] || { echo "fuzz.sh: $bin is not built" >&2; exit 2; }
  log="$logs/$t.log"
  start=$(date +%s)
  mkdir -p "$artifacts/$t"
  touch "$logs/$t.start"
  status=0
  if $ci; then
    # The committed corpus first, as regression tests, then a short random run from it.
    "$bin" -runs=0 -timeout=10 -artifact_prefix="$artifacts/$t/" "fuzz/corpus/$t" > "$log.replay" 2>&1 || status=$?
    if [ $status -eq 0 ]; then
      rm -rf "${work:?}/$t"
      run "$t" "$CI_SECONDS" "$log" || status=$?
    else
      cp "$log.replay" "$log"
    fi
  else
    run "$t" "$SECONDS_EACH" "$log" || status=$?
  fi
  secs=$(( $(date +%s) - start ))
  read -r execs cov ft corp <<< "$(stats "$log")"
  result=ok
  if [ $status -ne 0 ]; then
    failed=1
    found=$(find "$artifacts/$t" -type f -newer "$logs/$t.start" 2>/dev/null | head -1)
    kind=$(grep -m1 -oE 'fuzz invariant broken|runtime error|ERROR: [A-Za-z]+: [a-z -]*[a-z]' "$log" || echo "exit $status")
    result="FOUND ($kind) $found"
    echo "== $t: $kind; log $log" >&2
    grep -E 'fuzz invariant broken|runtime error|ERROR:|SUMMARY' "$log" | head -5 >&2 || true
  fi
  if $merge && [ $status -eq 0 ]; then
    nice -n 10 "$bin" -merge=1 -timeout=10 "fuzz/corpus/$t" "$work/$t" > "$logs/$t.merge.log" 2>&1
  fi
  report+=("$(printf '%-12s %6ss %12s %6s %7s %12s  %s' "$t" "$secs" "$execs" "$cov" "$ft" "$corp" "$result")")
done

printf '%-12s %7s %12s %6s %7s %12s  %s\n' target time execs cov ft corpus result
printf '%s\n' "${report[@]}"
if $merge; then echo "fuzz/corpus/: $(git status --short --untracked-files=all fuzz/corpus | wc -l) files not committed yet"; fi
exit $failed
