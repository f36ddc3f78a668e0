#pragma once
// What changed since the previous scoring, the first thing a retention team
// looks at each month: users newly in the high band (high now, and not high
// before or not scored before), users whose probability rose most (scored
// both times), and users who left the list (flagged before, and now not
// flagged, or no longer in the cohort at all). Each scoring's band and flag
// come from its own model's threshold.
//
//   ScoringChanges changes = CompareScorings(previous, current);
//   changes.newly_high.count, changes.newly_high.users (the first kMoversListed)

#include <cstddef>
#include <limits>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "explain/shap_store.h"

namespace churn::scoring {

inline constexpr double kNotScored = std::numeric_limits<double>::quiet_NaN();

// One scoring's users as the comparison needs them.
struct ScoringScores {
  std::string as_of;
  double threshold = 0;
  std::span<const std::string> user_ids;
  std::span<const double> probabilities;  // one per user
};

struct Mover {
  std::string user_id;
  double probability = kNotScored;           // now; NaN when not scored now
  double previous_probability = kNotScored;  // NaN when not scored before
};

struct MoverList {
  std::size_t count = 0;     // all of them
  std::vector<Mover> users;  // the first kMoversListed, in the list's order
};

struct ScoringChanges {
  std::string previous_as_of;
  double previous_threshold = 0;
  double threshold = 0;
  MoverList newly_high;  // by probability now, highest first
  MoverList risen;       // by the rise, largest first
  MoverList left;        // by the previous probability, highest first
};

// `previous` is the earlier scoring's SHAP store (sorted by user id), with
// its as-of date and threshold.
ScoringChanges CompareScorings(const explain::ShapStore& previous, std::string_view previous_as_of,
                               double previous_threshold, const ScoringScores& current);

// summary.json's "changes": {"previous_as_of", "newly_high": {"count", "users":
// [{"user_id", "probability", "previous_probability", "previous_band"}]},
// "risen": {... "change"}, "left": {... "why"}}.
nlohmann::json ChangesJson(const ScoringChanges& changes);

}  // namespace churn::scoring
