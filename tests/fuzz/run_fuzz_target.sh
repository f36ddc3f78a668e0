#!/usr/bin/env bash
# Runs one libFuzzer target, as ctest does for each of tests/fuzz:
#
#   run_fuzz_target.sh FUZZER SEEDS WORK
#
# FUZZER starts from the committed seeds in SEEDS (every input that once
# crashed it among them, so a regression fails at once) and from what earlier
# runs found in WORK/corpus, for FUZZ_SECONDS seconds (20 by default; `make
# fuzz` gives more). New inputs go to WORK/corpus, never into the source
# tree; a crash leaves its input in WORK/crashes and fails the test. To
# replay one: FUZZER WORK/crashes/crash-<hash>.
set -euo pipefail
fuzzer=$1
seeds=$2
work=$3
seconds=${FUZZ_SECONDS:-20}
mkdir -p "$work/corpus" "$work/crashes"
# Temporary files of a target (the config file's) stay in the build folder.
rm -rf "$work/tmp"
mkdir -p "$work/tmp"
export TMPDIR="$work/tmp"
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/crashes/" "$work/corpus" "$seeds"
