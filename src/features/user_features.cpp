#include "features/user_features.h"

#include <fmt/format.h>

#include "errors/error.h"
#include "events/display_path.h"
#include "features/feature_registry.h"
#include "features/partition_rows.h"
#include "features/row_store.h"
#include "features/spill_folder.h"

namespace churn::features {

namespace {

// Streams the logs and stores the rows of the one snapshot at `cutoff`.
struct CutoffStore {
  std::string cutoff;
  EventSpan span;
  RowStore rows;
  CustomerBase customers;
};

CutoffStore StoreCutoffRows(const FeatureConfig& config, const std::string& logs,
                            const std::optional<std::string>& cutoff, const SpillFolder& spill,
                            const LogSetProgress& progress, const std::string& only_user_id,
                            const UserShard& shard = {}) {
  LogSet log_set = FindLogSet(logs);
  LogStreamer streamer = StreamLogSet(config, log_set, spill, progress, only_user_id, shard);
  CheckBadRows(config, streamer.files());
  RequireEventsInEveryMonth(log_set, streamer.files());
  EventSpan span = EventSpanOf(streamer.files());
  SnapshotPlan plan = ScoringPlan(config.churn, log_set, span, cutoff);
  CutoffStore stored{.cutoff = plan.snapshots.front().CutoffDate(),
                     .span = span,
                     .rows = RowStore(spill, 1),
                     .customers = {}};
  PartitionRowsOutcome made =
      MakePartitionRows(streamer, plan, config.churn.qualifying_event, stored.rows);
  WarnAboutDuplicates(config, streamer.files());
  stored.customers = std::move(made.customers.front());
  return stored;
}

}  // namespace

std::vector<std::string> FeatureNames() {
  std::vector<std::string> names;
  for (const FeatureSpec& spec : FeatureRegistry()) {
    names.emplace_back(spec.name);
  }
  return names;
}

UserFeatures ComputeUserFeatures(const FeatureConfig& config, const std::string& logs,
                                 const std::string& user_id,
                                 const std::optional<std::string>& cutoff, double high_value_spend,
                                 const std::filesystem::path& spill_parent,
                                 const LogSetProgress& progress) {
  SpillFolder spill(SpillParent(config, spill_parent));
  CutoffStore stored = StoreCutoffRows(config, logs, cutoff, spill, progress, user_id);
  RowStore::Reader reader = stored.rows.Read(0);
  StoredRow row;
  while (reader.Next(&row)) {
    if (row.user_id == user_id) {
      UserFeatures user{.cutoff = stored.cutoff, .values = {}};
      ComputeFeatures(row.stats, {.high_value_spend = high_value_spend}, &user.values);
      return user;
    }
  }
  throw InputError(fmt::format(
      "user '{}' has no row at {} in {}: no event before the cutoff, or none in the cohort "
      "window the model was trained on (churn.cohort_active_days)",
      user_id, stored.cutoff, events::DisplayPath(logs)));
}

CutoffRows ReadCutoffRows(const RowStore& store, std::size_t snapshot_idx, std::string cutoff,
                          EventSpan span, double high_value_spend, CustomerBase customers) {
  CutoffRows table;
  table.cutoff = std::move(cutoff);
  table.span = span;
  table.customers = std::move(customers);
  table.names = FeatureNames();
  table.user_ids.reserve(static_cast<std::size_t>(store.rows(snapshot_idx)));
  RowStore::Reader reader = store.Read(snapshot_idx);
  StoredRow row;
  std::vector<double> values;
  while (reader.Next(&row)) {
    ComputeFeatures(row.stats, {.high_value_spend = high_value_spend}, &values);
    table.user_ids.push_back(row.user_id);
    table.churned.push_back(row.stats.churned ? 1 : 0);
    table.purchases.push_back(row.stats.purchase_history);
    for (double value : values) {
      table.values.push_back(static_cast<float>(value));
    }
  }
  return table;
}

CutoffRows ComputeCutoffRows(const FeatureConfig& config, const std::string& logs,
                             const std::optional<std::string>& cutoff, double high_value_spend,
                             const std::filesystem::path& spill_parent,
                             const LogSetProgress& progress, const UserShard& shard) {
  SpillFolder spill(SpillParent(config, spill_parent));
  CutoffStore stored = StoreCutoffRows(config, logs, cutoff, spill, progress, {}, shard);
  return ReadCutoffRows(stored.rows, 0, stored.cutoff, stored.span, high_value_spend,
                        std::move(stored.customers));
}

}  // namespace churn::features
