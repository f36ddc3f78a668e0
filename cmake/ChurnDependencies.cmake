# External libraries, all from Debian's packages (scripts/install-deps.sh holds
# the package list). Each is found through its CMake config file or pkg-config;
# nothing is downloaded at build time.

find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)                # .gz logs
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)  # .zst logs
# XXH3 for the feature engine's id keys (KeyOf); its output is fixed since 0.8.0.
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash>=0.8)
find_package(yaml-cpp REQUIRED)            # configs/config.yaml, read by config_file/ only
find_package(nlohmann_json 3.10 REQUIRED)  # feature_columns.json and run reports
find_package(CLI11 REQUIRED)               # the command line
find_package(fmt REQUIRED)                 # formatting of messages
find_package(spdlog REQUIRED)              # progress and warnings on stderr
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)  # serve: the dashboard and API

if(CHURN_DEVELOPER_MODE)
  find_package(GTest REQUIRED)
  find_package(benchmark REQUIRED)
endif()
find_package(absl REQUIRED)                # flat_hash_map for the per-user tables
find_package(xgboost REQUIRED)             # gradient-boosted trees, through the C API
find_package(Eigen3 3.3 REQUIRED NO_MODULE)  # linear algebra of the logistic regression
pkg_check_modules(NLOPT REQUIRED IMPORTED_TARGET nlopt)  # value/: maximum-likelihood fits
find_package(Boost 1.74 REQUIRED)          # value/: Boost.Math's special functions (header-only)
