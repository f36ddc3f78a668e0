#!/usr/bin/env python3
"""How far can a model of our features go on the test month itself?

Fits XGBoost *in time*: on half of the test snapshot's own users (a fifth of
that half for early stopping), scored on the other half, over several random
halves. No out-of-time model of the same features can expect to beat this:
it has the test month's own labels. With --logs, a second model also sees
each user's whole daily record before the cutoff, read from the logs
themselves (events of each type and sessions: the last 28 days one by one,
the weeks before as weekly sums), all that the features summarise.
With --train, a third also fits every earlier snapshot's rows, so it has at
least the rows the out-of-time model had, and the test month's as well.

    /usr/bin/python3 bench/in_time_ceiling.py RUN/data/processed_test.csv \
        --train RUN/data/processed_train.csv --logs LOGS --splits 3

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


def daily_record(logs, cutoff, users):
    """Each user's events of each type and sessions on every day before the
    cutoff, from the REES46-layout logs: the last 28 days one by one, the
    weeks before as weekly sums. A benchmark's shortcut: it holds the test
    users' events in memory."""
    cutoff_day = pd.Timestamp(cutoff).value // 86_400_000_000_000
    parts = []
    for path in sorted(Path(logs).glob("*.csv")):
        chunk = pd.read_csv(path, usecols=["event_time", "event_type", "user_id", "user_session"],
                            dtype={"event_type": "category", "user_session": "category"})
        chunk = chunk[chunk["user_id"].isin(users)]
        day = pd.to_datetime(chunk["event_time"].str.slice(0, 19)).astype("int64") // 86_400_000_000_000
        back = cutoff_day - day  # 1: the day before the cutoff
        keep = back >= 1
        parts.append(pd.DataFrame({"user_id": chunk["user_id"][keep], "back": back[keep],
                                   "event_type": chunk["event_type"][keep].astype(str),
                                   "user_session": chunk["user_session"][keep].astype(str)}))
    events = pd.concat(parts)
    events["slot"] = np.where(events["back"] <= LAST_DAYS, "day_" + events["back"].astype(str),
                              "week_" + ((events["back"] - 1) // 7 + 1).astype(str))
    counts = events.groupby(["user_id", "event_type", "slot"]).size().unstack(
        ["event_type", "slot"], fill_value=0)
    counts.columns = [f"{kind}_{slot}" for kind, slot in counts.columns]
    sessions = events.groupby(["user_id", "slot"])["user_session"].nunique().unstack(fill_value=0)
    sessions.columns = [f"sessions_{slot}" for slot in sessions.columns]
    return counts.join(sessions, how="outer").fillna(0).reset_index()


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
    parser.add_argument("--logs", help="the run's REES46-layout logs: one more model also sees "
                        "each user's daily record")
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
    if args.logs:
        record = daily_record(args.logs, table["snapshot"].iloc[0], set(table["user_id"]))
        table = table.merge(record, on="user_id", how="left").fillna(0)
        arms["features + daily record"] = base + [c for c in record.columns if c != "user_id"]
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
