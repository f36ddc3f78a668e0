#!/usr/bin/env bash
# Issue 14: do P(alive) and expected purchases help the churn models out of
# time? For each data set: `churn-radar run` makes the feature tables (and
# the value model of each snapshot cutoff, feature_columns.json), then the
# same config trains
#   baseline   on a copy of the run's tables and feature_columns.json
#   augmented  on the copy value_features_experiment makes, with p_alive and
#              expected_purchases_90d from each row's own cutoff's value model
# and a table compares their test and validation figures (metrics.json).
# Seeds fixed: demo.seed 42, train.seed 42 (and each of SEEDS), split_seed 42.
#
#   bench/value_features_experiment.sh                     # demo 200k, UCI sample
#   DATASETS="demo200k uci demo50k" SEEDS="42 7" bench/value_features_experiment.sh
#
# BUILD (default build/release) holds bin/churn-radar and
# bench/value_features_experiment; WORK (default /tmp/vf) is emptied first.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build/release}
radar=$build/bin/churn-radar
augment=$build/bench/value_features_experiment
work=${WORK:-/tmp/vf}
read -ra datasets <<<"${DATASETS:-demo200k uci}"
read -ra seeds <<<"${SEEDS:-42}"
uci_sample=${UCI_SAMPLE:-/work/shared/data/real/online-retail-lines-sample30k/OnlineRetail.csv}

rm -rf "$work"
mkdir -p "$work"

# config FILE SEED [LAYOUT]: the settings both arms share.
write_config() {
  {
    printf 'demo:\n  seed: 42\n'
    printf 'features:\n  layout: %s\n  split_seed: 42\n' "${3:-rees46}"
    printf 'train:\n  seed: %s\n' "$2"
  } >"$1"
}

# tables NAME: the run whose tables both arms train on.
make_tables() {
  local name=$1 dir=$work/$1
  mkdir -p "$dir"
  case $name in
    demo*)
      local thousands=${name#demo}
      local users=$((${thousands%k} * 1000)) # demo200k: 200,000 users
      write_config "$dir/run.yaml" 42
      echo "+ churn-radar make-dataset --demo --users $users --output $dir/raw -q"
      "$radar" --config "$dir/run.yaml" make-dataset --demo --users "$users" --output "$dir/raw" -q
      echo "+ churn-radar run --logs $dir/raw --out $dir/run -q"
      "$radar" --config "$dir/run.yaml" run --logs "$dir/raw" --out "$dir/run" -q >"$dir/run.log" 2>&1
      ;;
    uci)
      write_config "$dir/run.yaml" 42 uci_online_retail
      echo "+ churn-radar --config run.yaml run --logs $uci_sample --out $dir/run -q"
      "$radar" --config "$dir/run.yaml" run --logs "$uci_sample" --out "$dir/run" -q \
        >"$dir/run.log" 2>&1
      ;;
    *)
      echo "unknown data set '$name' (demo<N>k or uci)" >&2
      exit 2
      ;;
  esac
}

# arms NAME SEED: baseline and augmented trained with the same config.
train_arms() {
  local name=$1 seed=$2 dir=$work/$1
  local layout=rees46
  [[ $name == uci ]] && layout=uci_online_retail
  write_config "$dir/train-$seed.yaml" "$seed" "$layout"
  local base=$dir/seed$seed/baseline aug=$dir/seed$seed/augmented
  mkdir -p "$base/models"
  cp -a "$dir/run/data" "$base/data"
  cp "$dir/run/models/feature_columns.json" "$base/models/"
  echo "+ value_features_experiment --in $dir/run --out $aug"
  "$augment" --in "$dir/run" --out "$aug" --threads 2
  for arm in "$base" "$aug"; do
    echo "+ churn-radar --config train-$seed.yaml train --out $arm -q"
    "$radar" --config "$dir/train-$seed.yaml" train --out "$arm" -q >"$arm/train.log" 2>&1
  done
}

for name in "${datasets[@]}"; do
  make_tables "$name"
  for seed in "${seeds[@]}"; do
    train_arms "$name" "$seed"
  done
done

python3 - "$work" "${datasets[@]}" -- "${seeds[@]}" <<'EOF'
import json, sys
work = sys.argv[1]
split = sys.argv.index("--")
datasets, seeds = sys.argv[2:split], sys.argv[split + 1:]

def metrics(name, seed, arm):
    with open(f"{work}/{name}/seed{seed}/{arm}/models/metrics.json") as f:
        return json.load(f)

def ci(figures, key):
    interval = figures.get(f"{key}_95", {})
    return f"{figures[key]:.4f} [{interval.get('low', float('nan')):.4f}, {interval.get('high', float('nan')):.4f}]"

print("\n| data | seed | features | test rows | model | test ROC-AUC [95 %] | test PR-AUC [95 %] "
      "| val ROC-AUC | val PR-AUC | val rows |")
print("|---|---:|---|---:|---|---|---|---:|---:|---:|")
for name in datasets:
    for seed in seeds:
        for arm in ("baseline", "augmented"):
            m = metrics(name, seed, arm)
            val = m["candidates"][m["model"]]["validation"]
            print(f"| {name} | {seed} | {arm} | {m['test']['rows']} | {m['model']} "
                  f"| {ci(m['test'], 'roc_auc')} | {ci(m['test'], 'pr_auc')} "
                  f"| {val['roc_auc']:.4f} | {val['pr_auc']:.4f} | {m['validation']['rows']} |")
        m = metrics(name, seed, "baseline")
        for key in ("baseline_recency", "baseline_bgnbd"):
            if key in m:
                print(f"| {name} | | {key.removeprefix('baseline_')} baseline | | "
                      f"| {ci(m[key], 'roc_auc')} | {ci(m[key], 'pr_auc')} | | | |")

print("\nEvery candidate, augmented minus baseline (validation and test):\n")
print("| data | seed | candidate | val PR-AUC | val ROC-AUC | test PR-AUC | test ROC-AUC |")
print("|---|---:|---|---|---|---|---|")
for name in datasets:
    for seed in seeds:
        base, aug = metrics(name, seed, "baseline"), metrics(name, seed, "augmented")
        for cand in base["candidates"]:
            b, a = base["candidates"][cand], aug["candidates"][cand]
            cells = []
            for part, key in (("validation", "pr_auc"), ("validation", "roc_auc"),
                              ("test", "pr_auc"), ("test", "roc_auc")):
                cells.append(f"{b[part][key]:.4f} → {a[part][key]:.4f} "
                             f"({a[part][key] - b[part][key]:+.4f})")
            print(f"| {name} | {seed} | {cand} | " + " | ".join(cells) + " |")
EOF
