#pragma once
// What the customer-value models say about the labelled rows: the BG/NBD
// baseline (1 - P(alive) as a churn score, the textbook answer to "who has
// left") beside the recency baseline, and each row's value if kept, for a
// campaign that weighs customers by what they are worth.
// Each row is judged by the value model of its own snapshot's cutoff
// (feature_columns.json), fitted on the customers before it without labels.
//
//   std::optional<std::vector<double>> scores = BgNbdScores(tables.test, tables.columns);

#include <optional>
#include <string_view>
#include <vector>

#include "dataset/feature_columns.h"
#include "dataset/feature_matrix.h"

namespace churn::report {

// 1 - P(alive) of each row; 1 for a user who never bought (no customer of
// the model's, and the least attached of all). Nullopt when a row's cutoff
// has no value model (too few repeat buyers before it) or the rows have no
// purchase histories (a table without the purchase columns).
std::optional<std::vector<double>> BgNbdScores(const dataset::LabelledRows& rows,
                                               const dataset::FeatureColumns& columns);

// Each row's value if kept: their expected value over the value model's
// horizon given that they stay (expected value / P(alive); a campaign that
// keeps a churner keeps a customer who is alive), 0 for a user who never
// bought; nullopt as for BgNbdScores.
std::optional<std::vector<double>> RetainedValues(const dataset::LabelledRows& rows,
                                                  const dataset::FeatureColumns& columns,
                                                  int threads);

}  // namespace churn::report
