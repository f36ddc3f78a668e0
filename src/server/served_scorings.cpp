#include "server/served_scorings.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "errors/error.h"
#include "events/display_path.h"
#include "events/whole_file.h"
#include "scoring/scoring_files.h"
#include "server/risk_list.h"

namespace churn::server {
namespace {

// A JSON file of a scoring folder, parsed.
nlohmann::json ReadScoringJson(const std::filesystem::path& path) {
  std::optional<std::string> text = events::ReadWholeFile(path);
  if (!text) {
    throw InputError(
        fmt::format("{} is missing: run `churn-radar score` again", events::DisplayPath(path)));
  }
  try {
    return nlohmann::json::parse(*text);
  } catch (const nlohmann::json::parse_error& error) {
    throw InputError(fmt::format("{}: not valid JSON ({}); run `churn-radar score` again",
                                 events::DisplayPath(path), error.what()));
  }
}

std::optional<std::string> OptionalString(const nlohmann::json& value) {
  if (value.is_null()) {
    return std::nullopt;
  }
  return value.get<std::string>();
}

// summary.json's value.rank_by; probability for a summary from before
// customer values.
RiskOrder RankBy(const nlohmann::json& summary, const std::filesystem::path& summary_path) {
  auto value = summary.find("value");
  if (value == summary.end()) {
    return RiskOrder::kProbability;
  }
  std::string name = value->at("rank_by").get<std::string>();
  std::optional<RiskOrder> order = RiskOrderNamed(name);
  if (!order) {
    throw InputError(
        fmt::format("{}: value.rank_by is '{}', not probability or value_at_risk; "
                    "run `{}` again",
                    events::DisplayPath(summary_path), name, scoring::kScoreCommand));
  }
  return *order;
}

// Whether summary.json says the scoring has customer values.
bool ValuesAvailable(const nlohmann::json& summary) {
  auto value = summary.find("value");
  return value != summary.end() && value->at("available").get<bool>();
}

// The current scoring's customer values, which its summary must agree on.
void LoadValues(const std::filesystem::path& folder, const nlohmann::json& summary,
                ServedScoring* scoring) {
  scoring->values = CustomerValueTable::Load(folder, scoring->store);
  bool promised = ValuesAvailable(summary) || scoring->rank_by == RiskOrder::kValueAtRisk;
  if (promised && !scoring->values) {
    throw InputError(fmt::format(
        "{} is missing, though {} says the scoring has customer values; run `{}` again",
        events::DisplayPath(folder / scoring::kCustomerValuesFile),
        events::DisplayPath(folder / scoring::kScoringSummaryFile), scoring::kScoreCommand));
  }
}

ServedScoring LoadScoring(const std::filesystem::path& scores_dir, const std::string& as_of,
                          const std::vector<std::string>& features, bool with_values) {
  std::filesystem::path folder = scoring::ScoringFolder(scores_dir, as_of);
  std::filesystem::path summary_path = folder / scoring::kScoringSummaryFile;
  nlohmann::json summary = ReadScoringJson(summary_path);
  nlohmann::json drift = ReadScoringJson(folder / scoring::kDriftFile);
  std::optional<ServedScoring> scoring;
  try {
    const nlohmann::json& model = summary.at("model");
    scoring = ServedScoring{
        .as_of = as_of,
        .previous_as_of = OptionalString(summary.value("previous_as_of", nlohmann::json())),
        .users = summary.at("users").get<std::size_t>(),
        .flagged = summary.at("flagged").get<std::size_t>(),
        .threshold = model.at("threshold").get<double>(),
        .summary_json = summary.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
        .drift_json = drift.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
        .store = explain::ShapStore::Open(folder / scoring::kScoringShapFile,
                                          model.at("digest").get<std::string>(), features,
                                          scoring::kScoreCommand),
        .rank_by = RankBy(summary, summary_path),
        .values = std::nullopt};
    if (with_values) {
      LoadValues(folder, summary, &*scoring);
    }
  } catch (const nlohmann::json::exception& error) {
    throw InputError(fmt::format("{}: {}; run `{}` again", events::DisplayPath(summary_path),
                                 error.what(), scoring::kScoreCommand));
  }
  return std::move(*scoring);
}

std::string ListJson(const std::vector<ServedScoring>& scorings) {
  nlohmann::json list = nlohmann::json::array();
  for (auto scoring = scorings.rbegin(); scoring != scorings.rend(); ++scoring) {
    list.push_back(
        {{"as_of", scoring->as_of},
         {"users", scoring->users},
         {"flagged", scoring->flagged},
         {"previous_as_of", scoring->previous_as_of ? nlohmann::json(*scoring->previous_as_of)
                                                    : nlohmann::json(nullptr)}});
  }
  nlohmann::json current =
      scorings.empty() ? nlohmann::json(nullptr) : nlohmann::json(scorings.back().as_of);
  return nlohmann::json{{"current", std::move(current)}, {"scorings", std::move(list)}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

ServedScorings ServedScorings::Load(const std::filesystem::path& scores_dir,
                                    const std::vector<std::string>& features) {
  std::vector<std::string> dates = scoring::ListScorings(scores_dir);
  ServedScorings scorings;
  for (std::size_t date_idx = 0; date_idx < dates.size(); ++date_idx) {
    bool latest = date_idx + 1 == dates.size();
    try {
      scorings.scorings_.push_back(LoadScoring(scores_dir, dates[date_idx], features, latest));
    } catch (const InputError& error) {
      if (latest) {
        throw;
      }
      spdlog::warn("the scoring of {} is left out of users' history: {}", dates[date_idx],
                   error.what());
    }
  }
  if (!scorings.scorings_.empty()) {
    const ServedScoring& current = scorings.scorings_.back();
    scorings.by_risk_ = OrderByRisk(current.store);
    if (current.values) {
      scorings.by_value_at_risk_ = current.values->OrderByValueAtRisk(current.store);
    }
  }
  scorings.list_json_ = ListJson(scorings.scorings_);
  return scorings;
}

const ServedScoring* ServedScorings::current() const {
  return scorings_.empty() ? nullptr : &scorings_.back();
}

const ServedScoring* ServedScorings::Find(std::string_view as_of) const {
  if (as_of == kLatestScoring) {
    return current();
  }
  auto found = std::find_if(scorings_.begin(), scorings_.end(),
                            [&](const ServedScoring& scoring) { return scoring.as_of == as_of; });
  return found == scorings_.end() ? nullptr : &*found;
}

}  // namespace churn::server
