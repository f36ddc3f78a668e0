#!/usr/bin/env bash
# Installs what churn-radar needs to build, test and run: Debian packages
# (apt) and the dashboard's front-end packages (npm, from the committed
# package-lock.json files). This is the one list of dependencies; CMake finds
# each library by its config file or pkg-config. What is present is skipped,
# so a second run costs a dpkg query and a file comparison.
#
#   scripts/install-deps.sh          to build and run (make demo)
#   scripts/install-deps.sh --tests  also what the tests and benchmarks use
#   scripts/install-deps.sh --bench  also DuckDB (npm, bench/duckdb), which only
#                                    bench/feature_engine_vs_duckdb.sh uses
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=0
with_bench=0
case "${1:-}" in
  --tests) with_tests=1 ;;
  --bench) with_tests=1 with_bench=1 ;;
esac

PACKAGES=(
  # toolchain
  g++ cmake ninja-build make pkg-config
  # pipeline libraries
  libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev
  zlib1g-dev libzstd-dev libabsl-dev libxxhash-dev
  # models: XGBoost's C API (find_package(xgboost) needs the xgboost package
  # too) and Eigen for the logistic regression's Newton steps
  libxgboost-dev xgboost libeigen3-dev
  # customer value: NLopt for the maximum-likelihood fits, Boost.Math for the
  # special functions (log-gamma, beta, the Gauss hypergeometric function)
  libnlopt-cxx-dev libboost-math-dev
  # server
  libcpp-httplib-dev
  # tests and benchmarks (the release preset builds them)
  libgtest-dev libgmock-dev libbenchmark-dev
  # formatting check
  clang-format
)
# npm installs the dashboard's chart library; Debian's own npm where the
# machine has none (Node.js from elsewhere brings its npm along).
command -v npm >/dev/null || PACKAGES+=(npm)
if [[ $with_tests -eq 1 ]]; then
  # browser tests (driven by playwright-core from npm), the load benchmark,
  # and `make lint`
  PACKAGES+=(chromium wrk clang-tidy)
  # the fuzz targets of tests/fuzz (`make test`, `make fuzz`): clang with
  # libFuzzer; libclang-rt-14-dev holds the runtimes -fsanitize=fuzzer,address
  # links (clang-14 only recommends it, and recommends are not installed here)
  PACKAGES+=(clang-14 libclang-rt-14-dev libfuzzer-14-dev)
  # XGBoost's tracker (tracker.py), which `--workers` starts and the tests of
  # the distributed runs need (docs/scale-out.md); it comes with the Python
  # package, from the same Debian source as libxgboost
  PACKAGES+=(python3-xgboost)
fi

# npm ci in FOLDER when its node_modules is missing or older than the lock.
npm_ci() {
  local folder=$1
  if [[ -f "$folder/node_modules/.package-lock.json" &&
        "$folder/node_modules/.package-lock.json" -nt "$folder/package-lock.json" ]]; then
    return
  fi
  echo "install-deps: npm ci in $folder"
  npm ci --prefix "$folder" --no-audit --no-fund --loglevel=error >/dev/null
}

install_npm_packages() {
  npm_ci web
  if [[ $with_tests -eq 1 ]]; then
    npm_ci tests/browser
    # Prettier and ESLint for `make format` and `make format-check`
    npm_ci web/tools
  fi
  if [[ $with_bench -eq 1 ]]; then
    # DuckDB, the feature benchmark's yardstick; never a product dependency
    npm_ci bench/duckdb
  fi
}

missing=()
for package in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  install_npm_packages
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
install_npm_packages
echo "install-deps: done"
