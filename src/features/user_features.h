#pragma once
// Feature rows at one cutoff straight from the logs, by the same code as the
// feature tables: what `score`, `predict --from-logs` and the scoring of raw
// logs score. The cutoff is YYYY-MM-DD, or by default the as-of cutoff, the
// midnight after the last event (ScoringPlan).
//
//   UserFeatures user =
//       ComputeUserFeatures(config, "data/raw", "512475445", std::nullopt, 120.0, "out/data");
//   user.cutoff  // "2020-02-01"; user.values in FeatureRegistry() order

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "features/customer_base.h"
#include "features/feature_config.h"
#include "features/log_set.h"
#include "features/row_store.h"

namespace churn::features {

struct UserFeatures {
  std::string cutoff;  // YYYY-MM-DD
  std::vector<double> values;
};

// Every labelled user's row at one cutoff, in user id order. `churned` holds
// what the logs say after the cutoff, if anything.
struct CutoffRows {
  std::string cutoff;              // YYYY-MM-DD
  EventSpan span;                  // the first and last event of the logs
  std::vector<std::string> names;  // FeatureRegistry() order
  std::vector<std::string> user_ids;
  std::vector<std::uint8_t> churned;
  std::vector<float> values;               // row-major, names.size() per user
  std::vector<PurchaseHistory> purchases;  // per user, in full precision
  // Every customer with a purchase before the cutoff, labelled or not: what
  // the customer-value models are fitted on.
  CustomerBase customers;
};

// `high_value_spend`: the context the model was trained with
// (feature_columns.json). `spill_parent`: where the engine's spill folder
// goes unless features.spill_dir says otherwise. Throws InputError when the
// user has no row there (no event before the cutoff, or none in the cohort
// window the model was trained on). `progress`: the reading of the logs.
UserFeatures ComputeUserFeatures(const FeatureConfig& config, const std::string& logs,
                                 const std::string& user_id,
                                 const std::optional<std::string>& cutoff, double high_value_spend,
                                 const std::filesystem::path& spill_parent,
                                 const LogSetProgress& progress = {});

// Rows in the engine's order: by user partition, then by id. With a
// `shard`, only its users' (and its customers): one worker's share.
CutoffRows ComputeCutoffRows(const FeatureConfig& config, const std::string& logs,
                             const std::optional<std::string>& cutoff, double high_value_spend,
                             const std::filesystem::path& spill_parent,
                             const LogSetProgress& progress = {}, const UserShard& shard = {});

// The rows of snapshot `snapshot_idx` of `store`, dated `cutoff`, with the
// features at `high_value_spend`, and the snapshot's `customers`: what
// ComputeCutoffRows returns, for a pipeline that stored the snapshot among
// others from one stream.
CutoffRows ReadCutoffRows(const RowStore& store, std::size_t snapshot_idx, std::string cutoff,
                          EventSpan span, double high_value_spend, CustomerBase customers);

// The feature names, in FeatureRegistry() order.
std::vector<std::string> FeatureNames();

}  // namespace churn::features
