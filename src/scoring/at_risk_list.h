#pragma once
// at_risk.csv, the list a retention campaign works from: every user of a
// scoring, riskiest first (or with the most value at risk first), with their
// band, whether the model's threshold flags them, their customer value, and
// their top three reasons in words.
//
//   user_id,as_of,probability,band,flagged,p_alive,expected_purchases,
//   expected_value,value_at_risk,reason_1,reason_2,reason_3
//
// The four value cells are empty without a value model, and p_alive for a
// user who never bought.
//
//   std::vector<std::size_t> order = ListOrder(probabilities, values, rows.user_ids);
//   WriteAtRiskList(folder / kAtRiskFile, as_of, {rows, probabilities, shap, values}, order,
//                   bundle);

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dataset/feature_matrix.h"
#include "model/model_bundle.h"
#include "scoring/customer_values.h"

namespace churn::scoring {

inline constexpr std::size_t kAtRiskReasons = 3;
inline constexpr std::string_view kValueColumns =
    "p_alive,expected_purchases,expected_value,value_at_risk";

// Row indices, highest probability first; equal ones by user id.
std::vector<std::size_t> RiskOrder(std::span<const double> probabilities,
                                   std::span<const std::string> user_ids);

// Row indices in the order values.rank_by asks for: by probability, or by
// value at risk (then probability); equal ones by user id.
std::vector<std::size_t> ListOrder(std::span<const double> probabilities,
                                   const ScoredValues& values,
                                   std::span<const std::string> user_ids);

// What the list shows of each row.
struct ListedUsers {
  const dataset::LabelledRows& rows;
  std::span<const double> probabilities;
  std::span<const float> shap;  // rows × (features + 1), in the rows' order
  const ScoredValues& values;
};

// Written atomically (events::AtomicFileWriter).
void WriteAtRiskList(const std::filesystem::path& path, const std::string& as_of,
                     const ListedUsers& users, std::span<const std::size_t> order,
                     const model::ModelBundle& bundle);

}  // namespace churn::scoring
