#!/usr/bin/env bash
# `churn-radar score` beside what it replaces (issue 13): scoring today's
# customers streams the logs, predicts and computes exact SHAP values, so it
# should take no longer than `features` plus `explain` do on the same logs.
#
#   bench/score_vs_features_explain.sh [--users 200000] [--months 4] [--runs 3]
#       [--dir /tmp/churn-score-bench] [--binary build/release/bin/churn-radar]
#
# The demo logs are generated into DIR once and reused; the model is trained
# once (`features` then `train`). Then `features`, `explain` and `score` run
# RUNS times, interleaved, under /usr/bin/time, page cache warm; the table
# shows the median wall time, CPU time (user + system) and peak RSS of each,
# and the ratio of score to features + explain (below 1: score is faster).
set -euo pipefail
cd "$(dirname "$0")/.."

users=200000
months=4
runs=3
dir=/tmp/churn-score-bench
binary=build/release/bin/churn-radar

die() {
  echo "score_vs_features_explain: $*" >&2
  exit 1
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --users) users=${2:?--users needs a value}; shift 2 ;;
    --months) months=${2:?--months needs a value}; shift 2 ;;
    --runs) runs=${2:?--runs needs a value}; shift 2 ;;
    --dir) dir=${2:?--dir needs a value}; shift 2 ;;
    --binary) binary=${2:?--binary needs a value}; shift 2 ;;
    *) die "unknown argument: $1" ;;
  esac
done
[[ -x $binary ]] || die "no binary at $binary: run 'make release' first"
binary=$(realpath "$binary")

logs="$dir/logs-$users-$months"
out="$dir/out-$users-$months"
mkdir -p "$dir"
if [[ ! -d $logs ]]; then
  "$binary" -q --logs "$logs" make-dataset --demo --users "$users" --months "$months" --seed 7 >/dev/null
fi
run() {  # run NAME ARGS...: one timed run, "wall cpu rss_kb" appended to $dir/NAME.times
  local name=$1
  shift
  /usr/bin/time -f '%e %U %S %M' -o "$dir/time.tmp" "$binary" -q --logs "$logs" --out "$out" "$@" \
    >/dev/null 2>"$dir/$name.err" || die "$name failed: $(cat "$dir/$name.err")"
  awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$dir/time.tmp" >>"$dir/$name.times"
}
"$binary" -q --logs "$logs" --out "$out" features >/dev/null
"$binary" -q --logs "$logs" --out "$out" train >/dev/null
rm -f "$dir"/*.times
for ((run_idx = 0; run_idx < runs; run_idx++)); do
  run features features
  run explain explain
  run score score
done
median() {  # median COLUMN FILE
  sort -n -k"$1" "$2" | awk -v col="$1" '{ v[NR] = $col } END { print v[int((NR + 1) / 2)] }'
}
printf '%-20s %10s %10s %12s\n' command "wall (s)" "cpu (s)" "peak RSS MB"
for name in features explain score; do
  printf '%-20s %10s %10s %12d\n' "$name" "$(median 1 "$dir/$name.times")" \
    "$(median 2 "$dir/$name.times")" $(($(median 3 "$dir/$name.times") / 1024))
done
awk -v f="$(median 1 "$dir/features.times")" -v e="$(median 1 "$dir/explain.times")" \
  -v s="$(median 1 "$dir/score.times")" \
  'BEGIN { printf "score / (features + explain) = %.2f / %.2f = %.2f\n", s, f + e, s / (f + e) }'
