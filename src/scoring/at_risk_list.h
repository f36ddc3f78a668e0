#pragma once
// at_risk.csv, the list a retention campaign works from: every user of a
// scoring, riskiest first (ties in user id order), with their band, whether
// the model's threshold flags them, and their top three reasons in words.
//
//   user_id,as_of,probability,band,flagged,reason_1,reason_2,reason_3
//
//   std::vector<std::size_t> order = RiskOrder(probabilities, rows.user_ids);
//   WriteAtRiskList(folder / kAtRiskFile, as_of, rows, probabilities, shap, order, bundle);

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "dataset/feature_matrix.h"
#include "model/model_bundle.h"

namespace churn::scoring {

inline constexpr std::size_t kAtRiskReasons = 3;

// Row indices, highest probability first; equal ones by user id.
std::vector<std::size_t> RiskOrder(std::span<const double> probabilities,
                                   std::span<const std::string> user_ids);

// `shap` holds rows × (features + 1) values in the rows' order. Written
// atomically (events::AtomicFileWriter).
void WriteAtRiskList(const std::filesystem::path& path, const std::string& as_of,
                     const dataset::LabelledRows& rows, std::span<const double> probabilities,
                     std::span<const float> shap, std::span<const std::size_t> order,
                     const model::ModelBundle& bundle);

}  // namespace churn::scoring
