#!/usr/bin/env bash
# Runs the benchmarks of bench/ on the release build. bench/README.md records
# the figures with the machine they came from.
set -euo pipefail
cd "$(dirname "$0")/.."
for bench in build/release/bench/*_bench; do
  echo "== $bench"
  "$bench" "$@"
done
echo "== bench/serve_load_bench.sh"
bench/serve_load_bench.sh
echo "== bench/score_vs_features_explain.sh"
bench/score_vs_features_explain.sh
echo "== bench/feature_engine_vs_duckdb.sh"
bench/feature_engine_vs_duckdb.sh
