#pragma once
// A scored row's reasons as CSV columns, reason_1 to reason_N: the phrases
// of its top SHAP contributions (explain::TopReasons), empty where a row has
// fewer. Shared by the file `predict --input` writes and today's at-risk
// list, so that both read the same.
//
//   std::string text = "user_id,probability" + ReasonColumnsHeader(3) + "\n";
//   AppendReasonColumns(rows.features, row, shap_row, 3, &text);

#include <cstddef>
#include <span>
#include <string>

#include "dataset/feature_matrix.h"

namespace churn::report {

// ",reason_1,...,reason_N" (empty for 0).
std::string ReasonColumnsHeader(std::size_t count);

// Appends ",phrase" `count` times for row `row` of `features`, whose SHAP
// values (one per feature, the base value not included) are `shap`.
void AppendReasonColumns(const dataset::FeatureMatrix& features, std::size_t row,
                         std::span<const float> shap, std::size_t count, std::string* line);

}  // namespace churn::report
