#pragma once
// Reasons in words: a score's strongest SHAP contributions turned into
// phrases a CRM manager reads, built from the feature registry's phrase
// templates and the user's own values.
//
//   std::vector<Reason> reasons = TopReasons(names, user_values, user_shap, 3);
//   // reasons[0].phrase == "last visit 23 days ago (raises risk)"
//   // reasons[1].phrase == "3 purchases (lowers risk)"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace churn::explain {

struct Reason {
  std::string feature;  // column name
  std::string phrase;   // "last visit 23 days ago (raises risk)"
  double value = 0;     // the user's value
  double shap = 0;      // contribution to the log-odds
  bool raises_risk = false;
};

// The top `count` reasons by absolute SHAP value (ties: column order), from
// one user's values and contributions (one per feature, in column order; the
// base value NOT included). Features with a SHAP value of exactly 0 are never
// reasons. `feature_names` is the column order of feature_columns.json; names
// not in the registry get a generic phrase "<name> = <value>". Throws
// InternalError when the three spans differ in length.
std::vector<Reason> TopReasons(std::span<const std::string> feature_names,
                               std::span<const float> values, std::span<const float> shap,
                               std::size_t count);

// "last visit 23 days ago" — the phrase for one feature and value, without
// the direction. A missing value (NaN) reads "<meaning>: unknown".
std::string DescribeValue(std::string_view feature, double value);

}  // namespace churn::explain
