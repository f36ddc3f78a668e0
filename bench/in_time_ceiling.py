#!/usr/bin/env python3
"""How far can a model of our features go on the test month itself?

Fits XGBoost *in time*: on half of the test snapshot's own users (a fifth of
that half for early stopping), scored on the other half, over several random
halves. No out-of-time model of the same features can expect to beat this:
it has the test month's own labels. With --timeline (written by
bench/churn_ceiling --timeline), a second model also sees each user's
sessions on every day before the cutoff (the last 28 days one by one, the
weeks before as weekly sums), the whole visit history the features summarise.
With --train, a third also fits every earlier snapshot's rows, so it has at
least the rows the out-of-time model had, and the test month's as well.

    /usr/bin/python3 bench/in_time_ceiling.py RUN/data/processed_test.csv \
        --train RUN/data/processed_train.csv --timeline /tmp/timeline.csv --splits 3

Debian's python3-pandas, python3-sklearn and python3-xgboost.
"""
import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.metrics import average_precision_score, roc_auc_score

LAST_DAYS = 28


def timeline_columns(path):
    """Day-by-day sessions before the cutoff, as columns per user."""
    days = pd.read_csv(path, header=None)
    counts = days.iloc[:, 1:].to_numpy()
    span = counts.shape[1]
    columns = {"user_id": days.iloc[:, 0]}
    for back in range(LAST_DAYS):
        columns[f"sessions_day_{back + 1}"] = counts[:, span - 1 - back]
    for week in range(LAST_DAYS // 7, span // 7):
        columns[f"sessions_week_{week + 1}"] = counts[:, span - 7 * (week + 1):span - 7 * week].sum(axis=1)
    return pd.DataFrame(columns)


def fit_and_score(table, columns, fit_rows, stop_rows, test_rows, earlier=None):
    model = xgb.XGBClassifier(n_estimators=3000, learning_rate=0.03, max_depth=6, subsample=0.8,
                              colsample_bytree=0.8, min_child_weight=5, tree_method="hist",
                              early_stopping_rounds=50, eval_metric="auc", n_jobs=2)
    features = table[columns].to_numpy()
    labels = table["churn"].to_numpy()
    fit_features, fit_labels = features[fit_rows], labels[fit_rows]
    if earlier is not None:
        fit_features = np.vstack([earlier[columns].to_numpy(), fit_features])
        fit_labels = np.concatenate([earlier["churn"].to_numpy(), fit_labels])
    model.fit(fit_features, fit_labels,
              eval_set=[(features[stop_rows], labels[stop_rows])], verbose=False)
    scores = model.predict_proba(features[test_rows])[:, 1]
    return roc_auc_score(labels[test_rows], scores), average_precision_score(labels[test_rows], scores)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("test_table", help="a run's data/processed_test.csv, beside its "
                        "models/feature_columns.json")
    parser.add_argument("--timeline", help="bench/churn_ceiling --timeline output")
    parser.add_argument("--train", help="a run's data/processed_train.csv: one more model fits "
                        "the earlier snapshots as well")
    parser.add_argument("--splits", type=int, default=3, help="random halves")
    args = parser.parse_args()

    table = pd.read_csv(args.test_table)
    # The model's features, as train reads them: the tables also carry the
    # purchase summary of the value models, which is no feature.
    columns_file = Path(args.test_table).parent.parent / "models" / "feature_columns.json"
    base = json.loads(columns_file.read_text())["features"]
    arms = {"features": base}
    if args.timeline:
        timeline = timeline_columns(args.timeline)
        table = table.merge(timeline, on="user_id")
        arms["features + daily sessions"] = base + [c for c in timeline.columns if c != "user_id"]
    earlier = pd.read_csv(args.train) if args.train else None
    if args.train:
        arms["features, earlier snapshots too"] = base
    figures = {name: [] for name in arms}
    for split in range(args.splits):
        order = np.random.default_rng(split).permutation(len(table))
        fit_half, test_rows = order[:len(order) // 2], order[len(order) // 2:]
        stop_rows, fit_rows = fit_half[:len(fit_half) // 5], fit_half[len(fit_half) // 5:]
        for name, columns in arms.items():
            figures[name].append(fit_and_score(table, columns, fit_rows, stop_rows, test_rows,
                                               earlier if "earlier" in name else None))
            roc, pr = figures[name][-1]
            print(f"split {split}: {name}: ROC-AUC {roc:.4f}, PR-AUC {pr:.4f}", flush=True)
    print(f"\n{len(table)} users, {len(test_rows)} tested per split\n")
    print("| model, in time | mean ROC-AUC | mean PR-AUC |\n|---|---:|---:|")
    for name, values in figures.items():
        roc, pr = np.mean(values, axis=0)
        print(f"| {name} | {roc:.4f} | {pr:.4f} |")


if __name__ == "__main__":
    main()
