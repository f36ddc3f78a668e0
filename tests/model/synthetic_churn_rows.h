#pragma once
// Labelled rows for the model tests, generated deterministically: the same
// seed gives the same rows on every machine. The generator draws from a
// 64-bit Mersenne Twister directly, because the standard fixes its output but
// not that of its distributions.

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "dataset/feature_matrix.h"

namespace churn::model::testing {

inline const std::vector<std::string> kSyntheticFeatures = {"days_since_last_visit", "sessions_30d",
                                                            "spend_90d", "has_account", "noise"};

// The columns of kSyntheticFeatures.
inline constexpr std::size_t kDaysColumn = 0;
inline constexpr std::size_t kSessionsColumn = 1;
inline constexpr std::size_t kConstantColumn = 3;

class UnitRandom {
 public:
  explicit UnitRandom(std::uint64_t seed) : engine_(seed) {}
  // Uniform in [0, 1): the top 53 bits of one draw.
  double Next() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

 private:
  std::mt19937_64 engine_;
};

// The log-odds of churn behind NoisyChurnRows: churn rises with the days
// since the last visit and falls with sessions and spend.
inline double TrueChurnMargin(double days, double sessions, double spend) {
  return -1.0 + 0.08 * (days - 30.0) - 0.15 * (sessions - 10.0) - 0.005 * (spend - 60.0);
}

// Rows of kSyntheticFeatures whose churn is drawn from TrueChurnMargin
// (so no model can separate them); has_account is always 1, noise unrelated.
// With `separable`, a user churns exactly when days_since_last_visit > 30.
inline dataset::LabelledRows SyntheticChurnRows(std::size_t rows, std::uint64_t seed,
                                                bool separable = false) {
  constexpr double kMaxDays = 60.0;
  constexpr double kMaxSessions = 20.0;
  constexpr double kMaxSpend = 200.0;
  constexpr double kSeparatingDays = 30.0;
  UnitRandom random(seed);
  dataset::LabelledRows labelled;
  labelled.features.names = kSyntheticFeatures;
  for (std::size_t row_idx = 0; row_idx < rows; ++row_idx) {
    double days = kMaxDays * random.Next();
    double sessions = std::floor(kMaxSessions * random.Next());
    double spend_draw = random.Next();
    double spend = kMaxSpend * spend_draw * spend_draw;
    double noise = random.Next();
    double churn_draw = random.Next();
    bool churned =
        separable ? days > kSeparatingDays
                  : churn_draw < 1.0 / (1.0 + std::exp(-TrueChurnMargin(days, sessions, spend)));
    for (double value : {days, sessions, spend, 1.0, noise}) {
      labelled.features.values.push_back(static_cast<float>(value));
    }
    labelled.user_ids.push_back("user" + std::to_string(row_idx));
    labelled.cutoffs.emplace_back("2019-12-01");
    labelled.churned.push_back(churned ? 1 : 0);
  }
  return labelled;
}

}  // namespace churn::model::testing
