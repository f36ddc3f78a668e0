#include "metrics/campaign_gains.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "errors/error.h"
#include "metrics/ranking_metrics.h"
#include "metrics/score_ranking.h"

namespace churn::metrics {
namespace {

// fraction * users carries rounding error (0.07 * 100 is 7.000000000000001),
// far below this; without the allowance ceil would contact one user too many.
constexpr double kCountTolerance = 1e-9;

// How many users a campaign reaching `fraction` of `users` contacts: rounded
// up, and at least one.
std::size_t ContactedUsers(double fraction, std::size_t users) {
  double exact = fraction * static_cast<double>(users);
  auto contacted = static_cast<std::size_t>(std::ceil(exact - kCountTolerance));
  return std::clamp<std::size_t>(contacted, 1, users);
}

// churners_by_contacted[k]: the churners among the k riskiest users.
std::vector<std::int64_t> ChurnersByContacted(const ScoreRanking& ranking) {
  std::span<const std::uint8_t> labels = ranking.labels_by_rank();
  std::vector<std::int64_t> churners(labels.size() + 1, 0);
  for (std::size_t rank = 0; rank < labels.size(); ++rank) {
    churners[rank + 1] = churners[rank] + labels[rank];
  }
  return churners;
}

GainsPoint GainsAt(std::size_t contacted, std::span<const std::int64_t> churners_by_contacted) {
  auto users = static_cast<double>(churners_by_contacted.size() - 1);
  auto all_churners = static_cast<double>(churners_by_contacted.back());
  GainsPoint point;
  point.contacted_share = static_cast<double>(contacted) / users;
  point.churners_found = static_cast<double>(churners_by_contacted[contacted]) / all_churners;
  point.lift = point.churners_found / point.contacted_share;
  return point;
}

}  // namespace

double TopFractionLift(std::span<const double> scores, std::span<const std::uint8_t> labels,
                       double fraction) {
  ScoreRanking ranking(scores, labels);
  RequireBothClasses(labels, kScoredRows);
  if (!(fraction > 0.0 && fraction <= 1.0)) {
    throw InternalError(
        fmt::format("lift asked for the top {} of users; expected (0, 1]", fraction));
  }
  std::vector<std::int64_t> churners_by_contacted = ChurnersByContacted(ranking);
  return GainsAt(ContactedUsers(fraction, ranking.size()), churners_by_contacted).lift;
}

std::vector<GainsPoint> GainsCurve(std::span<const double> scores,
                                   std::span<const std::uint8_t> labels, int points) {
  ScoreRanking ranking(scores, labels);
  RequireBothClasses(labels, kScoredRows);
  if (points < 1) {
    throw InternalError(fmt::format("a gains curve of {} points", points));
  }
  std::vector<std::int64_t> churners_by_contacted = ChurnersByContacted(ranking);
  std::vector<GainsPoint> curve;
  std::size_t previous_contacted = 0;
  for (int point_idx = 1; point_idx <= points; ++point_idx) {
    double share = static_cast<double>(point_idx) / points;
    std::size_t contacted = ContactedUsers(share, ranking.size());
    // With fewer users than points, several shares round to the same users.
    if (contacted == previous_contacted) {
      continue;
    }
    curve.push_back(GainsAt(contacted, churners_by_contacted));
    previous_contacted = contacted;
  }
  return curve;
}

}  // namespace churn::metrics
