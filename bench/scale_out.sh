#!/usr/bin/env bash
# The features stage on 1, 2 and 4 local workers (docs/scale-out.md): wall
# time, CPU, the largest worker's peak RSS, the bytes the workers exchanged
# over loopback, and whether the tables are those of one process.
#
#   bench/scale_out.sh LOGS [WORKERS...]     # e.g. bench/scale_out.sh /data/demo-200k 1 2 4
#
# Needs a release build (build/release/bin/churn-radar) and python3-xgboost's
# tracker. The loopback count is the machine's: run it on a quiet machine.
set -euo pipefail
logs=${1:?usage: bench/scale_out.sh LOGS [WORKERS...]}
shift
counts=("${@:-1 2 4}")
read -r -a counts <<<"${counts[*]}"
bin=$(cd "$(dirname "$0")/.." && pwd)/build/release/bin/churn-radar
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

loopback_bytes() { awk '/lo:/ {print $2}' /proc/net/dev; }

printf '| workers | wall | CPU (user + sys) | peak RSS of a worker | loopback bytes | tables |\n'
printf '|---|---|---|---|---|---|\n'
for workers in "${counts[@]}"; do
  before=$(loopback_bytes)
  /usr/bin/time -f '%e %U %S %M' -o "$out/time" \
    "$bin" -q features --logs "$logs" --out "$out/w$workers" --workers "$workers" >/dev/null
  after=$(loopback_bytes)
  read -r wall user sys rss_kb <"$out/time"
  same=reference
  if [[ $workers != "${counts[0]}" ]]; then
    if cmp -s "$out/w${counts[0]}/data/processed_train.csv" "$out/w$workers/data/processed_train.csv" &&
       cmp -s "$out/w${counts[0]}/data/processed_test.csv" "$out/w$workers/data/processed_test.csv"; then
      same=identical
    else
      same=DIFFERENT
    fi
  fi
  printf '| %s | %s s | %.1f s | %d MB | %d | %s |\n' "$workers" "$wall" \
    "$(echo "$user + $sys" | bc)" $((rss_kb / 1000)) $((after - before)) "$same"
done
