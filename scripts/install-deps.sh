#!/usr/bin/env bash
# Installs the Debian packages churn-radar needs to build, test and run.
# This is the one list of system dependencies; CMake finds each of them by its
# config file or pkg-config. Packages already present are skipped, so a second
# run costs a dpkg query and nothing else.
set -euo pipefail

PACKAGES=(
  # toolchain
  g++ cmake ninja-build make pkg-config
  # pipeline libraries
  libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev
  zlib1g-dev libzstd-dev libabsl-dev
  # models: XGBoost's C API (find_package(xgboost) needs the xgboost package
  # too) and Eigen for the logistic regression's Newton steps
  libxgboost-dev xgboost libeigen3-dev
  # server
  libcpp-httplib-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # formatting check
  clang-format
)

missing=()
for package in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
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
echo "install-deps: done"
