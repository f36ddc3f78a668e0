#pragma once
// What contacting the users most at risk first would find: the cumulative
// gains curve and lift. Ties in score are broken by position, so the curve
// does not depend on luck. Contacting a share of n users reaches
// ceil(share * n) of them, at least one. Both throw InputError when the labels
// hold a single class (or none).

#include <cstdint>
#include <span>
#include <vector>

namespace churn::metrics {

// Churn rate among the top `fraction` of users by score, divided by the
// overall churn rate (1: no better than chance).
double TopFractionLift(std::span<const double> scores, std::span<const std::uint8_t> labels,
                       double fraction = 0.1);

struct GainsPoint {
  double contacted_share = 0;  // of all users, from the riskiest down (after rounding up)
  double churners_found = 0;   // share of all churners among them
  double lift = 0;             // churners_found / contacted_share
};
// `points` equally spaced shares, from 1/points to 1; shares that round to
// the same number of users (fewer users than points) are given once.
std::vector<GainsPoint> GainsCurve(std::span<const double> scores,
                                   std::span<const std::uint8_t> labels, int points = 20);

}  // namespace churn::metrics
