#include "report/recency_baseline.h"

#include <fmt/format.h>

#include <algorithm>

#include "errors/error.h"

namespace churn::report {

std::vector<double> RecencyScores(const dataset::FeatureMatrix& features) {
  auto column = std::find(features.names.begin(), features.names.end(), kRecencyFeature);
  if (column == features.names.end()) {
    throw InputError(
        fmt::format("the features have no '{}' column for the recency baseline", kRecencyFeature));
  }
  auto col = static_cast<std::size_t>(column - features.names.begin());
  std::vector<double> scores(features.rows());
  for (std::size_t row = 0; row < scores.size(); ++row) {
    scores[row] = features.At(row, col);
  }
  return scores;
}

}  // namespace churn::report
