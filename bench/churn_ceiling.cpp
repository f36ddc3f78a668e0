// How well could any model rank the demo's churners? The demo's shoppers are
// drawn from a hidden model (src/demo/shopper.h), so for each test user of a
// run this program computes the chance of churning that the hidden model
// itself gives, and ranks the same users by it beside the run's own scores.
//
// Three oracles, each knowing more than the logs say:
// - "knows the traits and sees the visits": every hidden trait of the
//   shopper (visit rate, mean lifetime, fade length, breaks) and the
//   sessions of each day before the cutoff, as the logs show them; the
//   leave day it infers, weighing each possible day by its prior and by how
//   likely it makes those sessions. It ignores what the logs say within a
//   session (a fading shopper's visits are also shallower, with fewer carts),
//   so it bounds a model of the logs only as far as the traits outweigh that.
// - "knows the present": the traits, and whether the shopper has started to
//   fade or has left by the cutoff, but not the day they will leave when
//   that is still ahead (a one-time visitor's, a few days after joining, it
//   knows). Ranking by the true posterior of a richer view is never beaten
//   by a poorer view (Neyman-Pearson), so no model of the logs can beat it.
// - "knows the future": also the day each shopper leaves; only the Poisson
//   draws of the label month stay random.
//
//   build/release/bench/churn_ceiling --users 200000 --seed 42
//       --predictions RUN/models/test_predictions.csv   (one command line)
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "demo/catalog.h"
#include "demo/session_simulator.h"
#include "demo/shopper.h"
#include "events/event_time.h"
#include "events/year_month.h"
#include "metrics/ranking_metrics.h"

namespace {

using churn::demo::Shopper;
using churn::events::kSecondsPerDay;

struct TestRow {
  std::uint64_t user_id = 0;
  std::int64_t cutoff = 0;  // Unix seconds
  double probability = 0;
  std::uint8_t label = 0;
};

std::int64_t ParseDate(const std::string& text) {
  std::optional<std::int64_t> midnight = churn::events::ParseEventTime(text + " 00:00:00 UTC");
  if (!midnight || text.size() != 10) {
    throw std::runtime_error("not a YYYY-MM-DD date: " + text);
  }
  return *midnight;
}

// user_id,snapshot,probability,label,churn: `label` is the model's flag at
// its threshold, `churn` what happened.
std::vector<TestRow> ReadPredictions(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw std::runtime_error("cannot read " + path);
  }
  std::string line;
  std::getline(in, line);
  std::vector<TestRow> rows;
  while (std::getline(in, line)) {
    std::stringstream fields(line);
    std::string id;
    std::string snapshot;
    std::string probability;
    std::string flagged;
    std::string churned;
    std::getline(fields, id, ',');
    std::getline(fields, snapshot, ',');
    std::getline(fields, probability, ',');
    std::getline(fields, flagged, ',');
    std::getline(fields, churned, ',');
    rows.push_back({.user_id = std::stoull(id),
                    .cutoff = ParseDate(snapshot),
                    .probability = std::stod(probability),
                    .label = static_cast<std::uint8_t>(churned == "1" ? 1 : 0)});
  }
  return rows;
}

// The label month: the calendar month starting at the cutoff, as day indices
// of the generated window.
struct LabelWindow {
  std::int64_t window_start = 0;  // Unix seconds of day 0
  std::int32_t first_day = 0;
  std::int32_t end_day = 0;
};

LabelWindow LabelWindowOf(std::int64_t window_start, std::int64_t cutoff) {
  churn::events::YearMonth month =
      *churn::events::YearMonth::Parse(churn::events::FormatDate(cutoff).substr(0, 7));
  auto day_of = [&](std::int64_t seconds) {
    return static_cast<std::int32_t>((seconds - window_start) / kSecondsPerDay);
  };
  return {window_start, day_of(cutoff), day_of(month.EndSecond())};
}

// The chance of no session in the label month if the shopper leaves on
// `leave_day`.
double NoVisitChance(Shopper shopper, std::int32_t leave_day, const LabelWindow& window) {
  shopper.leave_day = leave_day;
  double expected = 0;
  for (std::int32_t day = window.first_day; day < window.end_day; ++day) {
    expected += churn::demo::ExpectedSessions(shopper, window.window_start + day * kSecondsPerDay,
                                              shopper.EngagementOn(day));
  }
  return std::exp(-expected);
}

// The chance of no visit in the label month given that the shopper leaves on
// `first` or later. leave_day = start + 1 + floor(Exponential(mean)) is
// geometric, so memoryless: the same from any `first`.
double ChanceLeavingFrom(const Shopper& shopper, std::int32_t first, const LabelWindow& window) {
  double stay = std::exp(-1.0 / shopper.mean_lifetime_days);
  std::int32_t last = window.end_day + shopper.fade_days + 1;  // later days look the same
  double chance = 0;
  double weight = 1.0 - stay;
  for (std::int32_t leave_day = first; leave_day < last; ++leave_day) {
    chance += weight * NoVisitChance(shopper, leave_day, window);
    weight *= stay;
  }
  double beyond = weight / (1.0 - stay);
  return chance + beyond * NoVisitChance(shopper, std::max(first, last), window);
}

// The first leave day a shopper's engagement before the cutoff cannot tell
// apart from any later one: by then they have not started to fade.
std::int32_t FirstHiddenLeaveDay(const Shopper& shopper, const LabelWindow& window) {
  return window.first_day + shopper.fade_days;
}

// What a shopper's state at the cutoff says about the label month, the leave
// day unknown where it lies beyond the fade the shopper would have started.
double ChanceKnowingThePresent(const Shopper& shopper, const LabelWindow& window) {
  std::int32_t hidden_from = FirstHiddenLeaveDay(shopper, window);
  if (shopper.leave_day < hidden_from || shopper.mean_lifetime_days <= 0) {
    return NoVisitChance(shopper, shopper.leave_day, window);
  }
  return ChanceLeavingFrom(shopper, hidden_from, window);
}

// The shopper's sessions on each day of the window before the cutoff, as the
// generator drew them.
std::vector<int> SessionCounts(const Shopper& shopper, std::uint64_t seed,
                               std::uint64_t shopper_idx, const LabelWindow& window) {
  std::vector<int> counts(static_cast<std::size_t>(window.first_day), 0);
  for (std::int32_t day = 0; day < window.first_day; ++day) {
    churn::demo::ShopperDay shopper_day{&shopper, static_cast<std::uint32_t>(shopper_idx),
                                        window.window_start + day * kSecondsPerDay,
                                        shopper.EngagementOn(day), day == shopper.join_day};
    if (shopper_day.engagement > 0) {
      churn::demo::RandomStream random = churn::demo::ShopperDayStream(seed, shopper_idx, day);
      counts[static_cast<std::size_t>(day)] = churn::demo::DrawSessionCount(shopper_day, random);
    }
  }
  return counts;
}

// log P(the sessions seen | the shopper leaves on leave_day), up to a
// constant; the joining day says only that they joined.
double VisitLogLikelihood(Shopper shopper, std::int32_t leave_day, const std::vector<int>& counts,
                          const LabelWindow& window) {
  shopper.leave_day = leave_day;
  double log_likelihood = 0;
  for (std::int32_t day = std::max(0, shopper.join_day + 1); day < window.first_day; ++day) {
    double expected = churn::demo::ExpectedSessions(
        shopper, window.window_start + day * kSecondsPerDay, shopper.EngagementOn(day));
    int seen = counts[static_cast<std::size_t>(day)];
    if (expected <= 0) {
      if (seen > 0) {
        return -std::numeric_limits<double>::infinity();
      }
      continue;
    }
    log_likelihood += seen * std::log(expected) - expected;
  }
  return log_likelihood;
}

// The shopper's hidden traits known, the leave day inferred from the
// sessions seen before the cutoff: each possible leave day weighed by its
// prior and by how likely it makes those sessions.
double ChanceSeeingTheVisits(const Shopper& shopper, const std::vector<int>& counts,
                             const LabelWindow& window) {
  std::int32_t first = shopper.join_day < 0 ? 1 : shopper.join_day + 1;
  std::vector<std::pair<double, double>> weighed;  // log weight, churn chance
  if (shopper.mean_lifetime_days <= 0) {           // a one-time visitor: join + 1 to join + 5
    for (std::int32_t leave_day = first; leave_day < first + 5; ++leave_day) {
      weighed.emplace_back(VisitLogLikelihood(shopper, leave_day, counts, window),
                           NoVisitChance(shopper, leave_day, window));
    }
  } else {
    double log_stay = -1.0 / shopper.mean_lifetime_days;
    double log_leave = std::log(-std::expm1(log_stay));
    std::int32_t hidden_from = std::max(first, FirstHiddenLeaveDay(shopper, window));
    for (std::int32_t leave_day = first; leave_day < hidden_from; ++leave_day) {
      weighed.emplace_back(log_leave + (leave_day - first) * log_stay +
                               VisitLogLikelihood(shopper, leave_day, counts, window),
                           NoVisitChance(shopper, leave_day, window));
    }
    weighed.emplace_back(
        (hidden_from - first) * log_stay + VisitLogLikelihood(shopper, hidden_from, counts, window),
        ChanceLeavingFrom(shopper, hidden_from, window));
  }
  double top = -std::numeric_limits<double>::infinity();
  for (const auto& [log_weight, chance] : weighed) {
    top = std::max(top, log_weight);
  }
  double total = 0;
  double churn = 0;
  for (const auto& [log_weight, chance] : weighed) {
    double weight = std::exp(log_weight - top);
    total += weight;
    churn += weight * chance;
  }
  return churn / total;
}

struct Scores {
  std::vector<double> model;
  std::vector<double> present;
  std::vector<double> visits;
  std::vector<double> future;
  std::vector<std::uint8_t> labels;
};

void Report(const char* who, std::span<const double> scores, std::span<const std::uint8_t> labels) {
  fmt::print("| {} | {:.4f} | {:.4f} |\n", who, churn::metrics::RocAuc(scores, labels),
             churn::metrics::AveragePrecision(scores, labels));
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"The demo's churn ceiling: the hidden model's own chances on a run's test users"};
  std::string predictions;
  std::int64_t users = 200000;
  std::uint64_t seed = 42;
  int months = 4;
  std::string start = "2019-10";
  app.add_option("--predictions", predictions, "a run's models/test_predictions.csv")->required();
  app.add_option("--users", users, "the demo's users (make-dataset --users)");
  app.add_option("--seed", seed, "demo.seed");
  app.add_option("--months", months, "demo.months");
  app.add_option("--start", start, "demo.start, YYYY-MM");
  CLI11_PARSE(app, argc, argv);
  try {
    churn::events::YearMonth first_month = *churn::events::YearMonth::Parse(start);
    std::int64_t window_start = first_month.FirstSecond();
    auto window_days = static_cast<std::int32_t>(
        (first_month.Plus(months).FirstSecond() - window_start) / kSecondsPerDay);
    churn::demo::Catalog catalog(seed);
    std::unordered_map<std::uint64_t, std::pair<std::uint64_t, Shopper>> shoppers;
    shoppers.reserve(static_cast<std::size_t>(users));
    for (std::int64_t index = 0; index < users; ++index) {
      Shopper shopper =
          churn::demo::DrawShopper(seed, static_cast<std::uint64_t>(index), window_days, catalog);
      shoppers.emplace(shopper.user_id, std::pair{static_cast<std::uint64_t>(index), shopper});
    }
    Scores scores;
    for (const TestRow& row : ReadPredictions(predictions)) {
      auto found = shoppers.find(row.user_id);
      if (found == shoppers.end()) {
        throw std::runtime_error(fmt::format("user {} is not a shopper of this demo", row.user_id));
      }
      const auto& [shopper_idx, shopper] = found->second;
      LabelWindow window = LabelWindowOf(window_start, row.cutoff);
      scores.model.push_back(row.probability);
      std::vector<int> counts = SessionCounts(shopper, seed, shopper_idx, window);
      scores.visits.push_back(ChanceSeeingTheVisits(shopper, counts, window));
      scores.present.push_back(ChanceKnowingThePresent(shopper, window));
      scores.future.push_back(NoVisitChance(shopper, shopper.leave_day, window));
      scores.labels.push_back(row.label);
    }
    fmt::print("{} test users, {} churners\n\n| ranked by | ROC-AUC | PR-AUC |\n|---|---:|---:|\n",
               scores.labels.size(),
               std::count(scores.labels.begin(), scores.labels.end(), std::uint8_t{1}));
    Report("the run's model", scores.model, scores.labels);
    Report("oracle that knows the traits and sees the visits", scores.visits, scores.labels);
    Report("oracle that knows the present", scores.present, scores.labels);
    Report("oracle that knows the future", scores.future, scores.labels);
  } catch (const std::exception& error) {
    std::cerr << "churn_ceiling: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
