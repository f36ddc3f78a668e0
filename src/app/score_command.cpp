#include "app/score_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

#include "app/progress_line.h"
#include "events/display_path.h"
#include "scoring/scoring_files.h"

namespace churn::app {
namespace {

constexpr std::size_t kDriftedNamed = 3;
// A drifted feature with at least this share of users above the training
// rows' range drifted mostly by reaching past it.
constexpr double kMostlyBeyond = 0.25;

// "days_since_last_purchase (PSI 0.31), the score itself (PSI 0.25) and 4 more"
std::string DriftedList(const scoring::ScoringOutcome& outcome) {
  std::vector<std::string> named;
  if (outcome.score_psi > scoring::kDriftPsi) {
    named.push_back(fmt::format("the score itself (PSI {:.2f})", outcome.score_psi));
  }
  for (const scoring::DriftedFeature& feature : outcome.drifted) {
    named.push_back(fmt::format("{} (PSI {:.2f})", feature.feature, feature.psi));
  }
  std::size_t shown = std::min(named.size(), kDriftedNamed);
  std::string list = fmt::format("{}", fmt::join(named.begin(), named.begin() + shown, ", "));
  if (named.size() > shown) {
    list += fmt::format(" and {} more (drift.json)", named.size() - shown);
  }
  return list;
}

// Drift from values beyond any the model saw is most often longer
// histories than the training snapshots had: said, with the remedy.
std::string BeyondRangeNote(const scoring::ScoringOutcome& outcome) {
  std::size_t beyond = static_cast<std::size_t>(std::count_if(
      outcome.drifted.begin(), outcome.drifted.end(), [](const scoring::DriftedFeature& feature) {
        return feature.beyond_training_range >= kMostlyBeyond;
      }));
  if (beyond == 0) {
    return "";
  }
  return fmt::format(
      ". {} of them lie mostly beyond any value in the training rows, as when today's histories "
      "are longer than the training snapshots' were; a fixed churn.observation_days makes "
      "snapshots comparable",
      beyond == outcome.drifted.size() ? std::string("All") : std::to_string(beyond));
}

void PrintBands(const scoring::ScoringOutcome& outcome) {
  for (const scoring::BandCount& band : outcome.bands) {
    std::string floor =
        band.band == "high"
            ? fmt::format("probability at least {:.3f}: flagged", band.min_probability)
        : band.min_probability > 0 ? fmt::format("from {:.3f}", band.min_probability)
                                   : std::string("below that");
    fmt::print("  {:<7} {:>9}  ({})\n", band.band, band.users, floor);
  }
}

}  // namespace

scoring::ScoringOutcome ScoreWithConfig(const config_file::AppConfig& config,
                                        const std::optional<std::string>& as_of, bool quiet,
                                        const collective::WorkerGroup& group) {
  ProgressLine progress("score", quiet);
  return scoring::ScoreCurrentCustomers(config.output,
                                        {.features = config.features,
                                         .logs = config.logs,
                                         .as_of = as_of,
                                         .value = config.value,
                                         .group = group},
                                        progress.Reading(), progress.Steps());
}

scoring::ScoringOutcome ScoreWithConfig(const config_file::AppConfig& config,
                                        features::CutoffRows as_of_rows, bool quiet,
                                        const collective::WorkerGroup& group) {
  ProgressLine progress("score", quiet);
  return scoring::ScoreCurrentCustomers(config.output,
                                        {.features = config.features,
                                         .logs = config.logs,
                                         .as_of = std::nullopt,
                                         .value = config.value,
                                         .group = group},
                                        std::move(as_of_rows), progress.Steps());
}

void PrintScoreSummary(const scoring::ScoringOutcome& outcome) {
  fmt::print("Scored {} customers as of {} with the {} model in {:.2f} s; {} flagged\n",
             outcome.users, outcome.as_of, outcome.model_type, outcome.seconds, outcome.flagged);
  PrintBands(outcome);
  if (outcome.previous_as_of) {
    fmt::print("  since {}: {} newly in the high band, {} risen, {} left the list\n",
               *outcome.previous_as_of, outcome.newly_high, outcome.risen, outcome.left);
  } else {
    fmt::print("  the first scoring: nothing to compare with yet\n");
  }
  if (outcome.retrain_due) {
    spdlog::warn(
        "drift: {} moved from the training rows (PSI above {}): today's customers are not "
        "those the model was trained on; retraining is due (churn-radar run){}",
        DriftedList(outcome), scoring::kDriftPsi, BeyondRangeNote(outcome));
    fmt::print("  drift: retraining is due ({})\n", DriftedList(outcome));
  } else {
    fmt::print("  drift: none above PSI {} (score PSI {:.3f})\n", scoring::kDriftPsi,
               outcome.score_psi);
  }
  if (outcome.valued) {
    fmt::print(
        "  value at risk over the next {} days: {:.2f} ({} of the {} scored customers have made a "
        "purchase)\n",
        outcome.value_horizon_days, outcome.value_at_risk, outcome.customers_valued, outcome.users);
  } else {
    fmt::print("  no customer value: {}\n", outcome.value_why_not);
  }
  fmt::print("wrote {} (the list: {})\n", events::DisplayPath(outcome.folder),
             events::DisplayPath(outcome.folder / scoring::kAtRiskFile));
}

ExitCode RunScore(const config_file::AppConfig& config, const std::optional<std::string>& as_of,
                  bool quiet, const collective::WorkerGroup& group) {
  scoring::ScoringOutcome outcome = ScoreWithConfig(config, as_of, quiet, group);
  if (group.coordinator()) {
    PrintScoreSummary(outcome);
  }
  return ExitCode::kOk;
}

}  // namespace churn::app
