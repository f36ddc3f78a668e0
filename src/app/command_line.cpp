#include "app/command_line.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "app/config_file.h"
#include "app/version.h"

namespace churn::app {
namespace {

constexpr std::string_view kDescription =
    "churn-radar: tells an online shop which customers are about to leave, and why.\n"
    "Streams monthly event logs into per-user features, trains and explains churn models,\n"
    "and serves a dashboard. Settings come from a YAML config (--config).";

void AddPathOverrides(CLI::App& command, Invocation& invocation) {
  command.add_option("--config", invocation.config_path,
                     "Config file (default: configs/config.yaml; built-in defaults when absent)");
  command.add_option("--logs", invocation.overrides.logs,
                     "Monthly event logs: a folder of files named like 2019-Oct.csv[.gz|.zst], "
                     "a glob, or one file (overrides logs.path)");
  command.add_option("--out", invocation.overrides.out_dir,
                     "Write processed data to DIR/data and models to DIR/models");
}

void AddMakeDataset(CLI::App& app, Invocation& invocation) {
  MakeDatasetOptions& options = invocation.make_dataset;
  CLI::App* command = app.add_subcommand(
      "make-dataset", "Generate demo event logs (--demo) or sample big logs by user (--sample)");
  AddPathOverrides(*command, invocation);
  CLI::Option* demo = command->add_flag("--demo", options.demo,
                                        "Generate the demo shop's monthly logs (REES46 layout)");
  CLI::Option* sample =
      command
          ->add_option("--sample", options.sample_fraction,
                       "Keep every event of this share of users, chosen by a hash of user_id")
          ->check(CLI::Range(0.0, 1.0));
  demo->excludes(sample);
  command->add_flag("--if-missing", options.if_missing,
                    "With --demo: do nothing when the output folder already holds monthly logs");
  command
      ->add_option("--input", options.inputs,
                   "With --sample: logs to sample (files, folders or globs)")
      ->needs(sample);
  command->add_option("--output", options.output,
                      "Output folder (--demo: default logs.path; --sample: required)");
  command->add_option("--users", options.users, "Demo: number of users")->needs(demo);
  command->add_option("--months", options.months, "Demo: number of monthly files")->needs(demo);
  command->add_option("--start", options.start, "Demo: first month, e.g. 2019-10")->needs(demo);
  command->add_option("--seed", options.seed, "Seed of the demo or of the sample's hash");
  command->add_option("--compression", options.compression, "Demo: none, gz or zst")
      ->check(CLI::IsMember({"none", "gz", "zst"}))
      ->needs(demo);
  command->add_option("--threads", options.threads, "Demo: threads (0: every core)")->needs(demo);
}

void AddPredict(CLI::App& app, Invocation& invocation) {
  PredictOptions& options = invocation.predict;
  CLI::App* command =
      app.add_subcommand("predict", "Score one user (--user-id) or a file (--input/--output)");
  AddPathOverrides(*command, invocation);
  command->add_option("--user-id", options.user_id, "Score this user, with the reasons");
  command->add_option("--input", options.input, "Features CSV or raw logs to score");
  command->add_option("--output", options.output, "Where to write the scores (CSV)");
  command->add_flag("--json", options.json, "Print the result as JSON");
  command->add_flag("--from-logs", options.from_logs,
                    "Compute the user's features from the raw logs instead of the snapshot");
}

void AddServe(CLI::App& app, Invocation& invocation) {
  CLI::App* command = app.add_subcommand("serve", "Serve the dashboard and the JSON scoring API");
  AddPathOverrides(*command, invocation);
  command->add_option("--host", invocation.serve.host, "Address to bind (default 127.0.0.1)");
  command->add_option("--port", invocation.serve.port, "Port (default 8501)")
      ->check(CLI::Range(1, 65535));
}

void AddStageCommands(CLI::App& app, Invocation& invocation) {
  AddMakeDataset(app, invocation);
  AddPathOverrides(*app.add_subcommand(
                       "features", "Stream monthly logs into per-user features and churn labels"),
                   invocation);
  AddPathOverrides(
      *app.add_subcommand("train", "Fit the model candidates, pick the best, tune the threshold"),
      invocation);
  AddPathOverrides(
      *app.add_subcommand("explain", "Importances and exact SHAP values, global and per user"),
      invocation);
  AddPredict(app, invocation);
  AddServe(app, invocation);
  AddPathOverrides(
      *app.add_subcommand("run", "The whole cycle: features, train, explain, with a summary"),
      invocation);
}

Subcommand ChosenSubcommand(const CLI::App& app) {
  static const std::pair<std::string_view, Subcommand> kNames[] = {
      {"make-dataset", Subcommand::kMakeDataset},
      {"features", Subcommand::kFeatures},
      {"train", Subcommand::kTrain},
      {"explain", Subcommand::kExplain},
      {"predict", Subcommand::kPredict},
      {"serve", Subcommand::kServe},
      {"run", Subcommand::kRun}};
  for (const auto& [name, subcommand] : kNames) {
    if (app.got_subcommand(std::string(name))) {
      return subcommand;
    }
  }
  return Subcommand::kRun;  // unreachable: a subcommand is required
}

}  // namespace

std::variant<Invocation, ExitCode> ParseCommandLine(int argc, char** argv) {
  Invocation invocation;
  invocation.config_path = kDefaultConfigPath;
  CLI::App app{std::string(kDescription), "churn-radar"};
  app.set_version_flag("--version", std::string(kVersion));
  app.require_subcommand(1);
  app.fallthrough();  // --quiet is accepted after the subcommand too
  app.add_flag("-q,--quiet", invocation.quiet, "Only warnings and errors on stderr");
  AddPathOverrides(app, invocation);  // before the subcommand, or after it
  AddStageCommands(app, invocation);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
      app.exit(error);  // --help or --version, printed on stdout
      return ExitCode::kOk;
    }
    std::cerr << "churn-radar: error: " << error.what() << "\n"
              << "Run 'churn-radar --help' or 'churn-radar <command> --help' for usage.\n";
    return ExitCode::kUsageError;
  }
  invocation.subcommand = ChosenSubcommand(app);
  invocation.config_given = app.count("--config") > 0;
  for (const CLI::App* command : app.get_subcommands()) {
    invocation.config_given = invocation.config_given || command->count("--config") > 0;
  }
  return invocation;
}

}  // namespace churn::app
