// churn-radar's entry point: parse the command line, read the config, run the
// subcommand. This is the one place where errors are caught: each maps to an
// exit code and one line on stderr (see exit_code.h).

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <exception>
#include <filesystem>
#include <memory>
#include <variant>

#include "app/backtest_command.h"
#include "app/command_line.h"
#include "app/distributed_command.h"
#include "app/explain_command.h"
#include "app/features_command.h"
#include "app/make_dataset_command.h"
#include "app/openmp_environment.h"
#include "app/predict_command.h"
#include "app/run_command.h"
#include "app/score_command.h"
#include "app/serve_command.h"
#include "app/stderr_log_sink.h"
#include "app/train_command.h"
#include "config_file/config_file.h"
#include "errors/error.h"
#include "events/display_path.h"
#include "parallel/malloc_arenas.h"

namespace churn::app {
namespace {

void ConfigureLogging(const Invocation& invocation) {
  // Thread-safe (serve logs from its worker threads), and kept clear of a
  // progress line on a terminal. A worker of a distributed run says only
  // what goes wrong until it knows its rank (distributed_command.h).
  auto logger = std::make_shared<spdlog::logger>("churn-radar", MakeStderrLogSink());
  logger->set_pattern("%n: %l: %v");
  bool quiet = invocation.quiet || invocation.distributed.tracker.has_value();
  logger->set_level(quiet ? spdlog::level::warn : spdlog::level::info);
  spdlog::set_default_logger(logger);
}

config_file::AppConfig ResolveConfig(const Invocation& invocation) {
  config_file::AppConfig config;
  if (invocation.config_given || std::filesystem::exists(invocation.config_path)) {
    config = config_file::LoadConfigFile(invocation.config_path);
    spdlog::info("config {}", events::DisplayPath(invocation.config_path));
  } else {
    spdlog::info("no config file; built-in defaults (no {} here; --config PATH chooses one)",
                 invocation.config_path.string());
    config = config_file::AppConfig::Defaults(std::filesystem::current_path());
  }
  config_file::ApplyOverrides(invocation.overrides, &config);
  if (invocation.serve.host) {
    config.server.host = *invocation.serve.host;
  }
  if (invocation.serve.port) {
    config.server.port = *invocation.serve.port;
  }
  if (invocation.score.rank_by) {
    config.value.rank_by = *invocation.score.rank_by;
  }
  if (invocation.serve.allow_remote) {
    config.server.allow_remote = true;
  }
  if (invocation.threads) {
    config.features.threads = *invocation.threads;
    config.train.threads = *invocation.threads;
    config.demo.threads = *invocation.threads;
  }
  config.Validate();
  return config;
}

ExitCode Dispatch(const Invocation& invocation) {
  config_file::AppConfig config = ResolveConfig(invocation);
  switch (invocation.subcommand) {
    case Subcommand::kMakeDataset:
      return RunMakeDataset(config, invocation.make_dataset, invocation.quiet);
    case Subcommand::kRun:
      return RunPipeline(config, invocation);
    case Subcommand::kFeatures:
      return RunDistributed(invocation, [&](const collective::WorkerGroup& group, bool quiet) {
        return RunFeatures(config, quiet, group);
      });
    case Subcommand::kTrain:
      return RunDistributed(invocation, [&](const collective::WorkerGroup& group, bool quiet) {
        return RunTrain(config, quiet, group);
      });
    case Subcommand::kBacktest:
      return RunDistributed(invocation, [&](const collective::WorkerGroup& group, bool quiet) {
        return RunBacktestCommand(config, quiet, group);
      });
    case Subcommand::kExplain:
      return RunDistributed(invocation, [&](const collective::WorkerGroup& group, bool quiet) {
        return RunExplain(config, quiet, group);
      });
    case Subcommand::kScore:
      return RunDistributed(invocation, [&](const collective::WorkerGroup& group, bool quiet) {
        return RunScore(config, invocation.score.as_of, quiet, group);
      });
    case Subcommand::kPredict:
      return RunPredict(config, invocation.predict, invocation.quiet);
    case Subcommand::kServe:
      return RunServe(config);
  }
  throw InternalError("unhandled subcommand");
}

int ReportError(std::string_view message, ExitCode code) {
  fmt::print(stderr, "churn-radar: error: {}\n", message);
  return ToInt(code);
}

}  // namespace
}  // namespace churn::app

int main(int argc, char** argv) {
  using namespace churn::app;
  RestartWithPassiveOpenMpWaiting(argv);
  churn::parallel::LimitMallocArenasToCores();
  std::variant<Invocation, ExitCode> parsed = ParseCommandLine(argc, argv);
  if (const ExitCode* code = std::get_if<ExitCode>(&parsed)) {
    return ToInt(*code);
  }
  const Invocation& invocation = std::get<Invocation>(parsed);
  try {
    ConfigureLogging(invocation);
    return ToInt(Dispatch(invocation));
  } catch (const churn::UsageError& error) {
    ReportError(error.what(), ExitCode::kUsageError);
    fmt::print(stderr, "{}\n", kUsageHint);
    return ToInt(ExitCode::kUsageError);
  } catch (const churn::InternalError& error) {
    return ReportError(fmt::format("internal error (a bug, please report it): {}", error.what()),
                       ExitCode::kRuntimeError);
  } catch (const std::exception& error) {
    return ReportError(error.what(), ExitCode::kRuntimeError);
  }
}
