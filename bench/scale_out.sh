#!/usr/bin/env bash
# A stage on 1, 2 and 4 local workers (docs/scale-out.md): wall time, CPU,
# the largest worker's peak RSS, the bytes the workers exchanged over
# loopback, and whether the tables are those of one process. With --run, the
# whole cycle (`churn-radar run`: features, train, backtest, explain, score)
# and the test figures of the model chosen, beside the tables.
#
#   bench/scale_out.sh LOGS [WORKERS...]        # e.g. bench/scale_out.sh /data/demo-200k 1 2 4
#   bench/scale_out.sh --run LOGS [WORKERS...]  # e.g. bench/scale_out.sh --run /data/demo-200k 1 3
#
# Needs a release build (build/release/bin/churn-radar) and python3-xgboost's
# tracker. The loopback count is the machine's: run it on a quiet machine.
set -euo pipefail
command=features
if [[ ${1:-} == --run ]]; then
  command=run
  shift
fi
logs=${1:?usage: bench/scale_out.sh [--run] LOGS [WORKERS...]}
shift
counts=("${@:-1 2 4}")
read -r -a counts <<<"${counts[*]}"
bin=$(cd "$(dirname "$0")/.." && pwd)/build/release/bin/churn-radar
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

loopback_bytes() { awk '/lo:/ {print $2}' /proc/net/dev; }

# "0.8317 / 0.6161 (xgboost)": the chosen model's test ROC-AUC and PR-AUC.
test_figures() {
  python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))
print("%.5f / %.5f (%s)" % (m["test"]["roc_auc"], m["test"]["pr_auc"], m["model"]))' "$1/models/metrics.json"
}

header='| workers | wall | CPU (user + sys) | peak RSS of a worker | loopback bytes | tables |'
rule='|---|---|---|---|---|---|'
if [[ $command == run ]]; then
  header+=' test ROC / PR (chosen) |'
  rule+='---|'
fi
printf '%s\n%s\n' "$header" "$rule"
for workers in "${counts[@]}"; do
  before=$(loopback_bytes)
  /usr/bin/time -f '%e %U %S %M' -o "$out/time" \
    "$bin" -q "$command" --logs "$logs" --out "$out/w$workers" --workers "$workers" >/dev/null
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
  printf '| %s | %s s | %.1f s | %d MB | %d | %s |' "$workers" "$wall" \
    "$(echo "$user + $sys" | bc)" $((rss_kb / 1000)) $((after - before)) "$same"
  if [[ $command == run ]]; then
    printf ' %s |' "$(test_figures "$out/w$workers")"
  fi
  printf '\n'
done
