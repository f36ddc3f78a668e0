#include "app/command_line.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <array>
#include <iostream>

#include "app/version.h"
#include "config_file/config_file.h"
#include "errors/error.h"
#include "events/compression.h"
#include "events/event_time.h"
#include "features/memory_limit.h"

namespace churn::app {
namespace {

constexpr std::string_view kDescription =
    "churn-radar: tells an online shop which customers are about to leave, and why.\n"
    "Streams monthly event logs into per-user features, trains and explains churn models,\n"
    "scores today's customers and serves a dashboard. Settings come from a YAML config\n"
    "(--config).";

struct SubcommandSpec {
  std::string_view name;
  Subcommand subcommand;
  std::string_view description;
};

constexpr std::array<SubcommandSpec, 9> kSubcommands = {{
    {"make-dataset", Subcommand::kMakeDataset,
     "Generate demo event logs (--demo) or sample big logs by user (--sample)"},
    {"features", Subcommand::kFeatures,
     "Stream monthly logs into per-user features and churn labels"},
    {"train", Subcommand::kTrain, "Fit the model candidates, pick the best, tune the threshold"},
    {"backtest", Subcommand::kBacktest,
     "Test each snapshot in turn, trained only on those before it: quality month by month"},
    {"explain", Subcommand::kExplain, "Importances and exact SHAP values, global and per user"},
    {"score", Subcommand::kScore,
     "Score today's customers with the trained model: the at-risk list, movers, drift"},
    {"predict", Subcommand::kPredict, "Score one user (--user-id) or a file (--input/--output)"},
    {"serve", Subcommand::kServe, "Serve the dashboard and the JSON scoring API"},
    {"run", Subcommand::kRun,
     "The whole cycle: features, train, explain and score today's customers, with a summary"},
}};

constexpr std::int64_t kMaxDemoUsers = 100'000'000;
constexpr int kMaxDemoMonths = 36;
constexpr int kMaxThreads = 256;
constexpr int kMaxWorkers = 1024;
constexpr int kMaxPort = 65535;
constexpr std::size_t kMaxReasons = 100;

// Accepts a share in (0, 1]: sampling no user at all is a mistake, not a sample.
const CLI::Validator kShareOfUsers(
    [](const std::string& text) -> std::string {
      double share = 0;
      if (!CLI::detail::lexical_cast(text, share) || !(share > 0.0 && share <= 1.0)) {
        return "must be a share of users in (0, 1], e.g. 0.05 for 5%";
      }
      return "";
    },
    "SHARE in (0, 1]");

// A calendar date, YYYY-MM-DD: checked here, so that a typo is a usage error
// before any log is read.
const CLI::Validator kIsoDate(
    [](const std::string& text) -> std::string {
      bool date = text.size() == 10 && events::ParseEventTime(text + " 00:00:00 UTC").has_value();
      return date ? "" : "expected a date YYYY-MM-DD, got '" + text + "'";
    },
    "DATE");

void AddPathOverrides(CLI::App& command, Invocation& invocation) {
  command
      .add_option("--config", invocation.config_path,
                  "Config file (default: configs/config.yaml; built-in defaults when absent)")
      ->type_name("PATH");
  command
      .add_option("--logs", invocation.overrides.logs,
                  "Monthly event logs: a folder of files named like 2019-Oct.csv[.gz|.zst], "
                  "a glob, or one file (overrides logs.path)")
      ->type_name("PATH");
  command
      .add_option("--out", invocation.overrides.out_dir,
                  "Write processed data to DIR/data, models to DIR/models and scorings to "
                  "DIR/scores")
      ->type_name("DIR");
}

// On the subcommands that stream logs.
void AddMemoryLimit(CLI::App& command, Invocation& invocation) {
  command
      .add_option("--memory-limit", invocation.overrides.memory_limit,
                  "Memory the feature engine may hold, e.g. 256MB or 4GB; beyond it, "
                  "partitions of users spill to disk (overrides features.memory_limit)")
      ->type_name("SIZE")
      ->check(CLI::Validator(
          [](const std::string& text) -> std::string {
            return features::ParseMemoryLimit(text)
                       ? ""
                       : "must be a size such as 256MB, 4GB or 1.5GiB, or auto";
          },
          "SIZE"));
}

// A number of threads, 1 to kMaxThreads: "every core" is the config's 0,
// which leaving the option out keeps.
const CLI::Validator kThreadCount(
    [](const std::string& text) -> std::string {
      int threads = 0;
      if (!CLI::detail::lexical_cast(text, threads) || threads < 1 || threads > kMaxThreads) {
        return fmt::format(
            "must be a number of threads from 1 to {}, got '{}' (leave it out for the config's "
            "threads settings; 0 there means every core)",
            kMaxThreads, text);
      }
      return "";
    },
    "N");

// On the subcommands that compute: one number for every stage they run.
void AddThreads(CLI::App& command, Invocation& invocation) {
  command
      .add_option("--threads", invocation.threads,
                  "Threads to compute on, for every stage this command runs (default: the "
                  "config's features.threads, train.threads and demo.threads; 0 there: every "
                  "core)")
      ->type_name("N")
      ->check(kThreadCount);
}

// On the subcommands that can run on several workers (docs/scale-out.md).
void AddWorkers(CLI::App& command, DistributedOptions& options) {
  command
      .add_option("--workers", options.workers,
                  "Run on N workers, each keeping its share of the users: N local worker "
                  "processes, or with --tracker, this process one of N (docs/scale-out.md)")
      ->type_name("N")
      ->check(CLI::Range(1, kMaxWorkers));
  command
      .add_option("--tracker", options.tracker,
                  "HOST:PORT of the XGBoost tracker that brings the --workers together; this "
                  "process is one of them")
      ->type_name("HOST:PORT");
}

void AddDemoOptions(CLI::App& command, CLI::Option* demo, MakeDatasetOptions& options) {
  CLI::Option* if_missing = command.add_flag("--if-missing", options.if_missing,
                                             "Keep the monthly logs already in the output folder");
  CLI::Option* force = command.add_flag("--force", options.force,
                                        "Replace the monthly logs already in the output folder");
  if_missing->needs(demo)->excludes(force);
  force->needs(demo);
  command.add_option("--users", options.users, "Number of users (default: demo.users)")
      ->check(CLI::Range(std::int64_t{1}, kMaxDemoUsers))
      ->needs(demo);
  command.add_option("--months", options.months, "Number of monthly files (default: demo.months)")
      ->check(CLI::Range(1, kMaxDemoMonths))
      ->needs(demo);
  command.add_option("--start", options.start, "First month, e.g. 2019-10 (default: demo.start)")
      ->type_name("YYYY-MM")
      ->needs(demo);
  command.add_option("--compression", options.compression, "none, gz or zst (default: none)")
      ->check(CLI::IsMember(std::vector<std::string>(events::kCompressionChoices.begin(),
                                                     events::kCompressionChoices.end())))
      ->needs(demo);
}

void AddMakeDataset(CLI::App& command, Invocation& invocation) {
  MakeDatasetOptions& options = invocation.make_dataset;
  CLI::Option* demo = command.add_flag(
      "--demo", options.demo, "Generate the demo shop's monthly logs (REES46 layout) in logs.path");
  CLI::Option* sample =
      command
          .add_option("--sample", options.sample_fraction,
                      "Keep every event of this share of users, chosen by a hash of user_id")
          ->type_name("SHARE")
          ->check(kShareOfUsers);
  demo->excludes(sample);
  command
      .add_option("--input", options.inputs,
                  "Logs to sample: files, folders or globs (default: the configured logs)")
      ->type_name("PATH...")
      ->needs(sample);
  command
      .add_option("--output", options.output,
                  "Output folder (--demo: default logs.path; --sample: required)")
      ->type_name("DIR");
  command.add_option("--seed", options.seed, "Seed of the demo, or of the sample's hash")
      ->check(CLI::NonNegativeNumber);
  AddDemoOptions(command, demo, options);
}

void AddPredict(CLI::App& command, PredictOptions& options) {
  command.add_option("--user-id", options.user_id, "Score this user, with the reasons");
  command.add_option("--input", options.input, "Features CSV or raw logs to score")
      ->type_name("PATH");
  command.add_option("--output", options.output, "Where to write the scores (CSV)")
      ->type_name("PATH");
  command.add_flag("--force", options.force,
                   "Replace an existing --output that is not an earlier output of predict");
  command.add_flag("--json", options.json, "Print the result as JSON");
  command.add_flag("--from-logs", options.from_logs,
                   "Compute the user's features from the raw logs instead of the snapshot");
  command
      .add_option("--cutoff", options.cutoff,
                  "With --from-logs or raw logs: the cutoff date, YYYY-MM-DD (default: the "
                  "as-of date, the midnight after the last event)")
      ->type_name("DATE")
      ->check(kIsoDate);
  command.add_option("--reasons", options.reasons, "Top reasons per user (0: none, faster)")
      ->check(CLI::Range(std::size_t{0}, kMaxReasons));
}

void AddScore(CLI::App& command, ScoreOptions& options) {
  command
      .add_option("--as-of", options.as_of,
                  "Score as of this date, YYYY-MM-DD, at most the midnight after the last event "
                  "(the default)")
      ->type_name("DATE")
      ->check(kIsoDate);
  std::map<std::string, value::RankBy> orders;
  for (const auto& [name, order] : value::kRankByNames) {
    orders.emplace(std::string(name), order);
  }
  command
      .add_option("--rank-by", options.rank_by,
                  "The at-risk list's order: probability, or value_at_risk (probability times "
                  "the customer's expected value) (default: value.rank_by)")
      ->type_name("ORDER")
      ->transform(CLI::CheckedTransformer(orders, CLI::ignore_case));
}

void AddServe(CLI::App& command, ServeOptions& options) {
  command.add_option("--host", options.host, "Address to bind (default: server.host)");
  command.add_option("--port", options.port, "Port (default: server.port; 0: any free port)")
      ->check(CLI::Range(0, kMaxPort));
  command.add_flag("--allow-remote", options.allow_remote,
                   "Allow a non-loopback --host; needs a token in CHURN_RADAR_TOKEN or "
                   "server.token_file");
}

// The subcommands whose pipelines take a worker group (app/main.cpp runs
// them through RunDistributed).
bool RunsOnWorkers(Subcommand subcommand) {
  switch (subcommand) {
    case Subcommand::kFeatures:
    case Subcommand::kTrain:
    case Subcommand::kBacktest:
    case Subcommand::kExplain:
    case Subcommand::kScore:
    case Subcommand::kRun:
      return true;
    case Subcommand::kMakeDataset:
    case Subcommand::kPredict:
    case Subcommand::kServe:
      return false;
  }
  return false;
}

void AddSubcommands(CLI::App& app, Invocation& invocation) {
  for (const SubcommandSpec& spec : kSubcommands) {
    CLI::App* command = app.add_subcommand(std::string(spec.name), std::string(spec.description));
    AddPathOverrides(*command, invocation);
    if (spec.subcommand == Subcommand::kFeatures || spec.subcommand == Subcommand::kScore ||
        spec.subcommand == Subcommand::kPredict || spec.subcommand == Subcommand::kRun) {
      AddMemoryLimit(*command, invocation);
    }
    if (spec.subcommand != Subcommand::kServe) {
      AddThreads(*command, invocation);
    }
    if (RunsOnWorkers(spec.subcommand)) {
      AddWorkers(*command, invocation.distributed);
    }
    switch (spec.subcommand) {
      case Subcommand::kMakeDataset:
        AddMakeDataset(*command, invocation);
        break;
      case Subcommand::kScore:
        AddScore(*command, invocation.score);
        break;
      case Subcommand::kPredict:
        AddPredict(*command, invocation.predict);
        break;
      case Subcommand::kServe:
        AddServe(*command, invocation.serve);
        break;
      default:
        break;
    }
  }
}

Subcommand ChosenSubcommand(const CLI::App& app) {
  for (const SubcommandSpec& spec : kSubcommands) {
    if (app.got_subcommand(std::string(spec.name))) {
      return spec.subcommand;
    }
  }
  throw InternalError("the command line parsed without a subcommand");
}

}  // namespace

std::variant<Invocation, ExitCode> ParseCommandLine(int argc, char** argv) {
  Invocation invocation;
  invocation.config_path = config_file::kDefaultConfigPath;
  CLI::App app{std::string(kDescription), "churn-radar"};
  app.set_version_flag("--version", std::string(kVersion));
  app.require_subcommand(1);
  app.fallthrough();  // options of the main command are accepted after the subcommand too
  app.add_flag("-q,--quiet", invocation.quiet, "Only warnings and errors on stderr");
  AddPathOverrides(app, invocation);
  AddSubcommands(app, invocation);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
      app.exit(error);  // --help or --version, printed on stdout
      return ExitCode::kOk;
    }
    std::cerr << "churn-radar: error: " << error.what() << "\n" << kUsageHint << "\n";
    return ExitCode::kUsageError;
  }
  invocation.subcommand = ChosenSubcommand(app);
  invocation.arguments.assign(argv, argv + argc);
  invocation.config_given = app.count("--config") > 0;
  for (const CLI::App* command : app.get_subcommands()) {
    invocation.config_given = invocation.config_given || command->count("--config") > 0;
  }
  return invocation;
}

}  // namespace churn::app
