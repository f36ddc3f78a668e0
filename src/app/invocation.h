#pragma once
// What the command line asked for, as plain values: the subcommand, the
// config file, the path overrides every subcommand takes, and each
// subcommand's own options. Built by command_line.h, consumed by main.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config_file/app_config.h"
#include "value/value_config.h"

namespace churn::app {

enum class Subcommand {
  kMakeDataset,
  kFeatures,
  kTrain,
  kBacktest,
  kExplain,
  kScore,
  kPredict,
  kServe,
  kRun
};

struct MakeDatasetOptions {
  bool demo = false;
  bool if_missing = false;                // --demo: keep logs that are already there
  bool force = false;                     // --demo: replace logs that are already there
  std::optional<double> sample_fraction;  // --sample FRACTION
  std::vector<std::string> inputs;        // --input FILES (for --sample)
  std::optional<std::filesystem::path> output;
  std::optional<std::int64_t> users;
  std::optional<int> months;
  std::optional<std::string> start;
  std::optional<std::uint64_t> seed;
  std::optional<std::string> compression;
};

struct PredictOptions {
  std::optional<std::string> user_id;
  std::optional<std::filesystem::path> input;
  std::optional<std::filesystem::path> output;
  bool json = false;
  bool from_logs = false;
  std::optional<std::string> cutoff;  // with --from-logs; default: the as-of cutoff
  std::size_t reasons = 3;            // top reasons per user; 0: none (faster)
  bool force = false;                 // replace an --output that predict did not write
};

struct ScoreOptions {
  std::optional<std::string> as_of;      // YYYY-MM-DD; default: the midnight after the last event
  std::optional<value::RankBy> rank_by;  // default: value.rank_by
};

struct ServeOptions {
  std::optional<std::string> host;
  std::optional<int> port;
  bool allow_remote = false;  // serve beyond loopback (needs a token)
};

// --workers and --tracker: a command run by several workers (collective/).
struct DistributedOptions {
  int workers = 1;
  // HOST:PORT: this process is one of `workers` workers that meet at this
  // tracker. Without it, --workers N starts N local workers and a tracker.
  std::optional<std::string> tracker;
};

struct Invocation {
  Subcommand subcommand = Subcommand::kRun;
  std::filesystem::path config_path;
  bool config_given = false;  // --config was passed: a missing file is an error
  bool quiet = false;
  // --threads, on every command that computes: features.threads,
  // train.threads and demo.threads for this run; unset: the config's.
  std::optional<int> threads;
  config_file::PathOverrides overrides;
  MakeDatasetOptions make_dataset;
  ScoreOptions score;
  PredictOptions predict;
  ServeOptions serve;
  DistributedOptions distributed;
  // The command line as given, argv[0] first: what local workers are started with.
  std::vector<std::string> arguments;
};

}  // namespace churn::app
