#include "scoring/scoring_summary.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "events/display_path.h"
#include "events/whole_file.h"

namespace churn::scoring {
namespace {

std::string UtcNow() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
}

nlohmann::json BandsJson(const std::vector<BandCount>& bands) {
  nlohmann::json list = nlohmann::json::array();
  for (const BandCount& band : bands) {
    list.push_back(
        {{"band", band.band}, {"min_probability", band.min_probability}, {"users", band.users}});
  }
  return list;
}

std::string CohortRule(int active_days, const std::string& as_of) {
  return active_days > 0
             ? fmt::format("users with an event in the {} days before {}", active_days, as_of)
             : fmt::format("users with an event in the observation window before {}", as_of);
}

}  // namespace

nlohmann::json ScoringSummaryJson(const ScoringOutcome& outcome, const ScoringFacts& facts,
                                  nlohmann::json changes, nlohmann::json drift,
                                  nlohmann::json value) {
  return {{"as_of", outcome.as_of},
          {"previous_as_of", outcome.previous_as_of ? nlohmann::json(*outcome.previous_as_of)
                                                    : nlohmann::json(nullptr)},
          {"scored_at", UtcNow()},
          {"logs",
           {{"source", facts.logs},
            {"first_event", facts.first_event},
            {"last_event", facts.last_event}}},
          {"cohort",
           {{"active_days", facts.cohort_active_days},
            {"rule", CohortRule(facts.cohort_active_days, outcome.as_of)}}},
          {"model",
           {{"type", outcome.model_type},
            {"digest", facts.model_digest},
            {"threshold", outcome.threshold}}},
          {"users", outcome.users},
          {"flagged", outcome.flagged},
          {"bands", BandsJson(outcome.bands)},
          {"changes", std::move(changes)},
          {"drift", std::move(drift)},
          {"value", std::move(value)},
          {"seconds", outcome.seconds}};
}

std::optional<SummaryModel> ReadSummaryModel(const std::filesystem::path& summary) {
  std::optional<std::string> text = events::ReadWholeFile(summary);
  nlohmann::json json =
      text ? nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false) : nlohmann::json();
  if (!json.is_object() || !json.contains("model") || !json["model"].is_object() ||
      !json["model"].value("digest", nlohmann::json()).is_string() ||
      !json["model"].value("threshold", nlohmann::json()).is_number()) {
    spdlog::warn("{}: cannot read the scoring's model; not comparing with it",
                 events::DisplayPath(summary));
    return std::nullopt;
  }
  return SummaryModel{.digest = json["model"]["digest"].get<std::string>(),
                      .threshold = json["model"]["threshold"].get<double>()};
}

}  // namespace churn::scoring
