#!/usr/bin/env bash
# Issue 15: which training settings hold out of time? For each data set,
# `churn-radar features` makes the tables once; then each variant (a few
# lines of the train: section) trains on a copy of them and runs the rolling
# backtest, and a table gives the test figures of `train` (the latest
# snapshot, out of time) and the backtest's mean over its test cutoffs.
# Every choice inside a variant is made on validation data; the table only
# compares variants, as a person choosing the defaults would.
#
#   bench/model_quality_experiment.sh                        # demo 200k and the UCI sample
#   DATASETS=uci VARIANTS="default no_blend" bench/model_quality_experiment.sh
#
# BUILD (default build/release) holds bin/churn-radar; WORK (default
# /tmp/mq) keeps each data set's tables (reused when present) and each
# variant's run. Demo logs come from DEMO_LOGS (a folder) or are generated.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
radar=${BUILD:-$root/build/release}/bin/churn-radar
work=${WORK:-/tmp/mq}
read -ra datasets <<<"${DATASETS:-demo200k uci}"
read -ra variants <<<"${VARIANTS:-default no_refit no_blend monotone search30}"
uci_sample=${UCI_SAMPLE:-/work/shared/data/real/online-retail-lines-sample30k/OnlineRetail.csv}

# variant NAME: its lines of the train: section.
variant_settings() {
  case $1 in
    default) ;;
    no_refit) printf '  refit: false\n' ;;
    no_blend) printf '  candidates: [xgboost, xgboost_leafwise, logreg]\n' ;;
    monotone) printf '  monotone_constraints: true\n' ;;
    search30) printf '  search_seconds: 30\n' ;;
    search30_monotone) printf '  search_seconds: 30\n  monotone_constraints: true\n' ;;
    lean) printf '  candidates: [xgboost, xgboost_leafwise, logreg]\n  monotone_constraints: true\n' ;;
    lean_search30)
      printf '  candidates: [xgboost, xgboost_leafwise, logreg]\n  monotone_constraints: true\n'
      printf '  search_seconds: 30\n'
      ;;
    *)
      echo "unknown variant '$1'" >&2
      exit 2
      ;;
  esac
}

# config FILE DATA VARIANT: a data set named like demo200k or uci, with
# .stepN for snapshots every N days (churn.snapshot_step_days).
write_config() {
  {
    printf 'demo:\n  seed: 42\n'
    [[ $2 == uci* ]] && printf 'features:\n  layout: uci_online_retail\n'
    [[ $2 == *.step* ]] && printf 'churn:\n  snapshot_step_days: %s\n' "${2##*.step}"
    printf 'train:\n  seed: 42\n'
    variant_settings "$3"
  } >"$1"
}

make_tables() {
  local name=$1 dir=$work/$1
  [[ -f $dir/tables/models/feature_columns.json ]] && return
  mkdir -p "$dir"
  write_config "$dir/features.yaml" "$name" default
  local logs
  case $name in
    demo*)
      local users=${name#demo}
      users=${users%%.*}
      users=$((${users%k} * 1000))
      logs=${DEMO_LOGS:-$dir/logs}
      if [[ ! -d $logs ]]; then
        "$radar" --config "$dir/features.yaml" make-dataset --demo --users "$users" --months 4 \
          --output "$logs" -q
      fi
      ;;
    uci*) logs=$uci_sample ;;
  esac
  echo "+ churn-radar features --logs $logs --out $dir/tables"
  "$radar" --config "$dir/features.yaml" features --logs "$logs" --out "$dir/tables" -q >/dev/null
}

run_variant() {
  local name=$1 variant=$2 dir=$work/$1/$2
  rm -rf "$dir" && mkdir -p "$dir/models"
  cp -a "$work/$name/tables/data" "$dir/data"
  cp "$work/$name/tables/models/feature_columns.json" "$dir/models/"
  write_config "$dir/train.yaml" "$name" "$variant"
  local start=$SECONDS
  "$radar" --config "$dir/train.yaml" train --out "$dir" >"$dir/train.log" 2>&1
  local train_seconds=$((SECONDS - start))
  "$radar" --config "$dir/train.yaml" backtest --out "$dir" >"$dir/backtest.log" 2>&1
  python3 - "$dir" "$name" "$variant" "$train_seconds" <<'PY'
import json, sys
d, name, variant, seconds = sys.argv[1:]
m = json.load(open(f"{d}/models/metrics.json"))
b = json.load(open(f"{d}/models/backtest.json"))
t, s = m["test"], b["summary"]
print(f"| {name} | {variant} | {m['model']} | {t['roc_auc']:.4f} [{t['roc_auc_95']['low']:.4f}, {t['roc_auc_95']['high']:.4f}] "
      f"| {t['pr_auc']:.4f} [{t['pr_auc_95']['low']:.4f}, {t['pr_auc_95']['high']:.4f}] | {seconds} "
      f"| {s['folds']} | {s['roc_auc']['mean']:.4f} | {s['pr_auc']['mean']:.4f} "
      f"| {' '.join(f['model'] for f in b['cutoffs'])} |")
PY
}

echo "| data | variant | model | test ROC-AUC [95 %] | test PR-AUC [95 %] | train s | backtest folds | mean ROC-AUC | mean PR-AUC | models by fold |"
echo "|---|---|---|---|---|---:|---:|---:|---:|---|"
for name in "${datasets[@]}"; do
  make_tables "$name" >&2
  for variant in "${variants[@]}"; do
    run_variant "$name" "$variant"
  done
done
