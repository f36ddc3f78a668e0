#!/usr/bin/env bash
# Issue 15: churn-radar's rolling backtest beside the Python peer, cutoff by
# cutoff. For each test cutoff of RUN/models/backtest.json the peer trains at
# the snapshot before it and tests at it (as the issue's target asks), on the
# same cohort (users active in the 30 days before the cutoff; the script
# checks that the counts agree). The peer's "best" is the best of its three
# models on each test, picked on the test itself: a yardstick that flatters it.
#
#   bench/peer_backtest.sh RUN LOGS [--layout uci]
#   bench/peer_backtest.sh /tmp/mq/uci/no_blend \
#       /work/shared/data/real/online-retail-lines-sample30k/OnlineRetail.csv --layout uci
#
# RUN is a run folder with models/backtest.json and models/feature_columns.json
# (bench/model_quality_experiment.sh makes them), on monthly snapshots
# (churn.snapshot_step_days 0): the peer labels the calendar month after a
# cutoff. Needs Debian's python3-pandas,
# python3-sklearn and python3-xgboost, and /work/shared/peers/python_peer.py
# (PEER overrides it).
set -euo pipefail

run=$1
logs=$2
shift 2
peer=${PEER:-/work/shared/peers/python_peer.py}
[[ -f $peer ]] || {
  echo "the Python peer is not at $peer (set PEER)" >&2
  exit 2
}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# "TRAIN TEST" cutoff pairs: each backtest fold's cutoff and the snapshot before it.
pairs=$(python3 - "$run" <<'PY'
import json, sys
run = sys.argv[1]
cutoffs = [s["cutoff"] for s in json.load(open(f"{run}/models/feature_columns.json"))["snapshots"]]
for fold in json.load(open(f"{run}/models/backtest.json"))["cutoffs"]:
    test = fold["test_cutoff"]
    if cutoffs.index(test) == 0:
        sys.exit(f"{test} is the first snapshot: the peer has none before it to train on")
    print(cutoffs[cutoffs.index(test) - 1], test)
PY
)

echo "| test cutoff | users | churn-radar ROC-AUC | peer best ROC-AUC | lead | churn-radar PR-AUC | peer best PR-AUC | lead |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
while read -r train test; do
  /usr/bin/python3 "$peer" "$logs" "$train" "$test" --cohort-days 30 "$@" 2>/dev/null >"$scratch/peer_$test.json"
  python3 - "$run" "$test" "$scratch/peer_$test.json" <<'PY'
import json, sys
run, test, peer_file = sys.argv[1:]
fold = next(f for f in json.load(open(f"{run}/models/backtest.json"))["cutoffs"] if f["test_cutoff"] == test)
peer = json.load(open(peer_file))
if peer["test_users"] != fold["rows"]:
    sys.exit(f"{test}: the peer tests {peer['test_users']} users, churn-radar {fold['rows']}")
roc, pr = fold["roc_auc"], fold["pr_auc"]
peer_roc, peer_pr = peer["best_roc_auc"], peer["best_pr_auc"]
print(f"| {test} | {fold['rows']} | {roc:.4f} | {peer_roc:.4f} | {roc - peer_roc:+.4f} "
      f"| {pr:.4f} | {peer_pr:.4f} | {pr - peer_pr:+.4f} |")
PY
done <<<"$pairs" | tee "$scratch/rows.md"
python3 - "$scratch/rows.md" <<'PY'
import sys
rows = [line.split("|")[1:-1] for line in open(sys.argv[1])]
weights = [int(r[1]) for r in rows]
for name, column in (("ROC-AUC", 4), ("PR-AUC", 7)):
    leads = [float(r[column]) for r in rows]
    mean = sum(leads) / len(leads)
    weighted = sum(w * l for w, l in zip(weights, leads)) / sum(weights)
    ahead = sum(l > 0 for l in leads)
    print(f"{name} lead: mean {mean:+.4f}, weighted by users {weighted:+.4f}, ahead at {ahead} of {len(leads)} cutoffs")
PY
