#!/usr/bin/env bash
# Load on `churn-radar serve` from wrk on loopback: requests per second and
# latency percentiles of GET /api/users/{id} and POST /api/predict, with the
# count of failed or non-2xx answers (which must be 0).
#
#   bench/serve_load_bench.sh [USERS] [SECONDS] [CONNECTIONS]
#
# Makes (once) a demo of USERS users (default 200000) in
# /tmp/churn-serve-bench, trains and explains it, starts the release binary
# on a free port, and runs wrk with 2 threads. On a 2-core machine wrk and the
# server share the cores, so the figures are a floor.
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-200000}
seconds=${2:-10}
connections=${3:-16}
bin=build/release/bin/churn-radar
folder=/tmp/churn-serve-bench-$users
command -v wrk >/dev/null || { echo "wrk is missing: make test-deps" >&2; exit 1; }
[[ -x $bin ]] || { echo "$bin is missing: make release" >&2; exit 1; }

if [[ ! -f $folder/models/shap_values.bin ]]; then
  mkdir -p "$folder"
  sed -e "s#^  path: .*#  path: $folder/raw#" -e "s#^  data: .*#  data: $folder/data#" \
      -e "s#^  models: .*#  models: $folder/models#" -e "s#^  users: .*#  users: $users#" \
      configs/config.yaml > "$folder/config.yaml"
  "$bin" --quiet --config "$folder/config.yaml" make-dataset --demo
  "$bin" --quiet --config "$folder/config.yaml" run >/dev/null
fi

"$bin" --quiet --config "$folder/config.yaml" serve --port 0 > "$folder/serve.out" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  grep -q listening "$folder/serve.out" 2>/dev/null && break
  sleep 0.1
done
url=$(sed -n 's#.*listening on \(http://[^ ]*\)/$#\1#p' "$folder/serve.out")
export no_proxy='*' NO_PROXY='*'

# A user from the middle of the risk list, and their features as a body.
user=$(curl -s "$url/api/backtest/users?top=1000" | python3 -c \
  'import json,sys; users=json.load(sys.stdin)["users"]; print(users[len(users)//2]["user_id"])')
curl -s "$url/api/users/$user" | python3 -c \
  'import json,sys; print(json.dumps(json.load(sys.stdin)["backtest"]["features"]))' > "$folder/body.json"
cat > "$folder/predict.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local file = io.open("$folder/body.json", "r")
wrk.body = file:read("*a")
file:close()
LUA

echo "churn-radar serve: $(grep -c . "$folder/data/processed_test.csv") test rows, user $user," \
     "wrk -t2 -c$connections -d${seconds}s --latency"
for endpoint in "GET /api/users/$user" "POST /api/predict"; do
  echo "== $endpoint"
  if [[ $endpoint == POST* ]]; then
    wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$folder/predict.lua" "$url/api/predict"
  else
    wrk -t2 -c"$connections" -d"${seconds}s" --latency "$url/api/users/$user"
  fi | grep -E "Requests/sec|Latency |  50%|  99%|Non-2xx|Socket errors|requests in"
done
