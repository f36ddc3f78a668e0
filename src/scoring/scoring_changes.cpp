#include "scoring/scoring_changes.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

#include "model/risk_band.h"
#include "scoring/scoring_files.h"

namespace churn::scoring {
namespace {

// Keeps the count and the first kMoversListed by `before` (then user id).
template <typename Before>
MoverList Listed(std::vector<Mover> movers, Before before) {
  MoverList list;
  list.count = movers.size();
  auto order = [&](const Mover& left, const Mover& right) {
    if (before(left, right) != before(right, left)) {
      return before(left, right);
    }
    return left.user_id < right.user_id;
  };
  std::size_t kept = std::min(movers.size(), kMoversListed);
  std::partial_sort(movers.begin(), movers.begin() + static_cast<std::ptrdiff_t>(kept),
                    movers.end(), order);
  movers.resize(kept);
  list.users = std::move(movers);
  return list;
}

nlohmann::json Probability(double value) {
  return std::isnan(value) ? nlohmann::json(nullptr) : nlohmann::json(value);
}

nlohmann::json MoverJson(const Mover& mover, double previous_threshold) {
  nlohmann::json json = {{"user_id", mover.user_id},
                         {"probability", Probability(mover.probability)},
                         {"previous_probability", Probability(mover.previous_probability)}};
  json["previous_band"] =
      std::isnan(mover.previous_probability)
          ? nlohmann::json(nullptr)
          : nlohmann::json(model::RiskBandOf(mover.previous_probability, previous_threshold));
  return json;
}

nlohmann::json ListJson(const MoverList& list, double previous_threshold, const auto& annotate) {
  nlohmann::json users = nlohmann::json::array();
  for (const Mover& mover : list.users) {
    nlohmann::json json = MoverJson(mover, previous_threshold);
    annotate(mover, json);
    users.push_back(std::move(json));
  }
  return {{"count", list.count}, {"users", std::move(users)}};
}

// The current users in user id order, to look the previous ones up.
std::vector<std::size_t> ByUserId(std::span<const std::string> user_ids) {
  std::vector<std::size_t> order(user_ids.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t left, std::size_t right) { return user_ids[left] < user_ids[right]; });
  return order;
}

// The users flagged before who are not flagged now, or not scored now.
std::vector<Mover> LeftTheList(const explain::ShapStore& previous, double previous_threshold,
                               const ScoringScores& current) {
  std::vector<std::size_t> by_id = ByUserId(current.user_ids);
  std::vector<Mover> left;
  for (std::size_t idx = 0; idx < previous.size(); ++idx) {
    explain::StoredUser user = previous.At(idx);
    if (user.probability < previous_threshold) {
      continue;
    }
    auto found = std::lower_bound(
        by_id.begin(), by_id.end(), user.user_id,
        [&](std::size_t row, std::string_view id) { return current.user_ids[row] < id; });
    bool scored = found != by_id.end() && current.user_ids[*found] == user.user_id;
    double now = scored ? current.probabilities[*found] : kNotScored;
    if (!scored || now < current.threshold) {
      left.push_back({std::string(user.user_id), now, user.probability});
    }
  }
  return left;
}

}  // namespace

ScoringChanges CompareScorings(const explain::ShapStore& previous, std::string_view previous_as_of,
                               double previous_threshold, const ScoringScores& current) {
  std::vector<Mover> newly_high;
  std::vector<Mover> risen;
  for (std::size_t row = 0; row < current.user_ids.size(); ++row) {
    double now = current.probabilities[row];
    std::optional<std::size_t> found = previous.Find(current.user_ids[row]);
    double before = found ? previous.At(*found).probability : kNotScored;
    bool high_before = found && before >= previous_threshold;
    if (now >= current.threshold && !high_before) {
      newly_high.push_back({current.user_ids[row], now, before});
    }
    if (found && now > before) {
      risen.push_back({current.user_ids[row], now, before});
    }
  }
  ScoringChanges changes;
  changes.previous_as_of = std::string(previous_as_of);
  changes.previous_threshold = previous_threshold;
  changes.threshold = current.threshold;
  changes.newly_high = Listed(std::move(newly_high), [](const Mover& left, const Mover& right) {
    return left.probability > right.probability;
  });
  changes.risen = Listed(std::move(risen), [](const Mover& left, const Mover& right) {
    return left.probability - left.previous_probability >
           right.probability - right.previous_probability;
  });
  changes.left = Listed(LeftTheList(previous, previous_threshold, current),
                        [](const Mover& left, const Mover& right) {
                          return left.previous_probability > right.previous_probability;
                        });
  return changes;
}

nlohmann::json ChangesJson(const ScoringChanges& changes) {
  double threshold = changes.previous_threshold;
  auto nothing = [](const Mover&, nlohmann::json&) {};
  return {{"previous_as_of", changes.previous_as_of},
          {"newly_high", ListJson(changes.newly_high, threshold, nothing)},
          {"risen", ListJson(changes.risen, threshold,
                             [](const Mover& mover, nlohmann::json& json) {
                               json["change"] = mover.probability - mover.previous_probability;
                             })},
          {"left", ListJson(changes.left, threshold, [](const Mover& mover, nlohmann::json& json) {
             json["why"] = std::isnan(mover.probability) ? "not in the cohort now" : "risk fell";
           })}};
}

}  // namespace churn::scoring
