#!/usr/bin/env bash
# `churn-radar features` side by side with DuckDB (bench/duckdb/features.mjs:
# the same per-user features and churn labels as SQL) and `wc -l`, on the same
# REES46-layout CSV files, threads and machine, page cache warm (issue 12).
#
#   bench/feature_engine_vs_duckdb.sh [--threads 2] [--runs 3] [--users 1000000]
#       [--dir /tmp/churn-duckdb-bench] [--binary build/release/bin/churn-radar]
#       [--duckdb-features all|seed] [--no-compare] [-- EXTRA ARGS FOR churn-radar features, e.g. --memory-limit 256MB]
#
# The demo logs (two months, October for features and November for labels)
# are generated into DIR once and reused. Each of the three commands runs
# RUNS times, interleaved, under /usr/bin/time; the table shows medians of
# wall time and peak RSS. Speed-up is DuckDB's time over churn-radar's (above
# 1: churn-radar is faster). Unless --no-compare, the last run's rows of both
# are compared column by column (bench/duckdb/compare.mjs). DuckDB computes
# all 47 feature columns, or with --duckdb-features seed the seed's 21.
# DuckDB comes from npm (bench/duckdb/package-lock.json): `make bench-deps`.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

threads=2
runs=3
users=1000000
dir=/tmp/churn-duckdb-bench
binary=build/release/bin/churn-radar
compare=1
duckdb_features=all
extra=()

die() {
  echo "feature_engine_vs_duckdb: $*" >&2
  exit 1
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) threads=${2:?--threads needs a value}; shift 2 ;;
    --runs) runs=${2:?--runs needs a value}; shift 2 ;;
    --users) users=${2:?--users needs a value}; shift 2 ;;
    --dir) dir=${2:?--dir needs a value}; shift 2 ;;
    --binary) binary=${2:?--binary needs a value}; shift 2 ;;
    --duckdb-features) duckdb_features=${2:?--duckdb-features needs all or seed}; shift 2 ;;
    --no-compare) compare=0; shift ;;
    --) shift; extra=("$@"); break ;;
    -h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ $threads =~ ^[1-9][0-9]*$ ]] || die "--threads: a positive integer"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs: a positive integer"

[[ -x $binary ]] || die "no churn-radar at $binary (make release, or --binary PATH)"
[[ -x /usr/bin/time ]] || die "needs GNU time at /usr/bin/time (apt-get install time)"
command -v node >/dev/null || die "needs Node.js for DuckDB (make bench-deps)"
[[ -f bench/duckdb/node_modules/@duckdb/node-api/package.json ]] ||
  die "DuckDB is not installed in bench/duckdb/node_modules: run make bench-deps" \
    "(or scripts/install-deps.sh --bench)"
binary=$(realpath "$binary")

# The logs, made once. The marker holds the arguments they were made with,
# so that a half-written folder or other users are never reused.
logs=$dir/logs
marker="$logs/.made-with users=$users months=2"
if [[ ! -f $marker ]]; then
  echo "== generating $users users x 2 months into $logs (once)"
  rm -rf "$logs"
  mkdir -p "$logs"
  "$binary" make-dataset --demo --users "$users" --months 2 --output "$logs" -q
  touch "$marker"
fi
mapfile -t files < <(find "$logs" -maxdepth 1 -name '*.csv' -printf '%f\n' |
  sort -t- -k1,1n -k2,2M | sed "s|^|$logs/|")
[[ ${#files[@]} -eq 2 ]] || die "expected two monthly CSV files in $logs"
# Users with an event in either month (churn-radar holds each one's history).
if [[ ! -f $logs/.users ]]; then
  node --input-type=module -e "
    import { DuckDBInstance } from '$repo/bench/duckdb/node_modules/@duckdb/node-api/lib/index.js';
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    const reader = await connection.runAndReadAll(
      \"SELECT count(DISTINCT user_id) FROM read_csv(['${files[0]}', '${files[1]}'])\");
    console.log(String(reader.getRows()[0][0]));" >"$logs/.users"
fi
users_seen=$(cat "$logs/.users")

# Warm the page cache, and count the events (lines less headers).
echo "== warming the page cache"
events=0
for file in "${files[@]}"; do
  lines=$(wc -l <"$file")
  echo "   $(basename "$file"): $((lines - 1)) events, $(du -h "$file" | cut -f1)"
  events=$((events + lines - 1))
done

work=$dir/work
mkdir -p "$work/log"
config=$work/config.yaml
printf 'features:\n  threads: %s\n' "$threads" >"$config"

# Runs NAME RUN COMMAND... under /usr/bin/time; appends "wall peak_kb cpu"
# (cpu: user + system seconds, which contention on a shared machine disturbs
# less than wall time) to $work/NAME.times, the command's output to
# $work/log/NAME.RUN.
timed() {
  local name=$1 run=$2
  shift 2
  local out=$work/log/$name.$run
  if ! /usr/bin/time -f '%e %M %U %S' -o "$out.time" "$@" >"$out" 2>&1; then
    tail -n 20 "$out" >&2
    die "$name failed (run $run); its output is in $out"
  fi
  awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$out.time" | tee -a "$work/$name.times" \
    >"$work/$name.times.last"
}

rm -f "$work"/*.times "$work/load"
for ((run = 1; run <= runs; run++)); do
  cut -d' ' -f1 /proc/loadavg >>"$work/load"
  echo "== run $run of $runs (load average $(tail -n 1 "$work/load"))"
  timed wc "$run" wc -l "${files[@]}"
  rm -rf "$work/churn-radar"
  timed churn-radar "$run" "$binary" --config "$config" features --logs "$logs" \
    --out "$work/churn-radar" "${extra[@]}"
  rm -rf "$work/duckdb" && mkdir -p "$work/duckdb"
  timed duckdb "$run" node "$repo/bench/duckdb/features.mjs" --logs "$logs" \
    --out "$work/duckdb/features.csv" --threads "$threads" --features "$duckdb_features"
  for name in wc churn-radar duckdb; do
    read -r wall peak_kb cpu <"$work/$name.times.last"
    printf '   %-12s %7s s %9s KB %7s s CPU\n' "$name" "$wall" "$peak_kb" "$cpu"
  done
done

# Median of column COLUMN (1: wall, 2: peak KB, 3: CPU seconds) of NAME's runs.
median() {
  sort -g -k"$2,$2" "$work/$1.times" | awk -v c="$2" '{ v[NR] = $c }
    END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
wall_wc=$(median wc 1)
wall_ours=$(median churn-radar 1)
wall_duck=$(median duckdb 1)
rss_ours=$(median churn-radar 2)
rss_duck=$(median duckdb 2)
best_ours=$(sort -g "$work/churn-radar.times" | head -n 1 | cut -d' ' -f1)
best_duck=$(sort -g "$work/duckdb.times" | head -n 1 | cut -d' ' -f1)
cpu_wc=$(median wc 3)
cpu_ours=$(median churn-radar 3)
cpu_duck=$(median duckdb 3)
rows=$(($(wc -l <"$work/duckdb/features.csv") - 1))

row() {  # NAME WALL PEAK_KB CPU
  awk -v n="$1" -v w="$2" -v k="$3" -v u="$4" -v e="$events" -v d="$wall_duck" -v c="$wall_wc" \
    -v du="$cpu_duck" 'BEGIN {
    rss = k == "" ? "" : sprintf("%.2f GB", k / 1048576)
    printf "| %s | %.2f s | %s | %.2f M | %.2f | %.1f | %.2f s | %.2f |\n",
      n, w, rss, e / w / 1e6, d / w, w / c, u, (u > 0 ? du / u : 0) }'
}

loadavg=$(sort -g "$work/load" | sed -n '1p;$p' | paste -sd' ' | sed 's/ / to /')
echo
echo "## Feature engine against DuckDB: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "$(nproc) cores, $threads threads, median of $runs runs, page cache warm; 1-minute load" \
  "average before the runs $loadavg (above 0.5 or so: another job was running). Logs: $users demo users, ${#files[@]} months, $events events" \
  "($(basename "${files[0]}") for the features, $(basename "${files[1]}") for the labels);" \
  "$users_seen users with events, $rows of them labelled (rows). churn-radar" \
  "$("$binary" --version 2>&1 | head -n 1)${extra[*]:+ (features ${extra[*]})}, DuckDB $(node -p \
    "require('$repo/bench/duckdb/node_modules/@duckdb/node-api/package.json').version")."
echo
echo "| | wall | peak RSS | events/s | DuckDB time / this | this / \`wc -l\` | CPU (user+sys) | DuckDB CPU / this |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
row "\`churn-radar features\`" "$wall_ours" "$rss_ours" "$cpu_ours"
row "DuckDB (\`bench/duckdb/features.mjs\`, $duckdb_features)" "$wall_duck" "$rss_duck" "$cpu_duck"
row "\`wc -l\` on the same files" "$wall_wc" "" "$cpu_wc"
echo
awk -v o="$wall_ours" -v d="$wall_duck" -v r="$rss_ours" -v u="$users_seen" 'BEGIN {
  printf "speed-up over DuckDB: %.2fx (target 5x); churn-radar peak RSS per user seen: %.0f B" \
    " (%d users; target 1 KB per user + 100 MB: %.2f GB)\n",
    d / o, r * 1024 / u, u, (u * 1024 + 100 * 1048576) / 1073741824 }'
awk -v o="$best_ours" -v d="$best_duck" 'BEGIN {
  printf "best of the runs (least disturbed): churn-radar %.2f s, DuckDB %.2f s, speed-up %.2fx\n",
    o, d, d / o }'

if [[ $compare -eq 1 ]]; then
  echo
  echo "== rows of the last run compared (bench/duckdb/compare.mjs)"
  node bench/duckdb/compare.mjs "$work/duckdb/features.csv" "$work/churn-radar/data" |
    grep -v '^same' || true
fi
