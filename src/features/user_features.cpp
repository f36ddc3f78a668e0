#include "features/user_features.h"

#include <fmt/format.h>

#include "errors/error.h"
#include "events/display_path.h"
#include "features/feature_registry.h"
#include "features/snapshot_rows.h"

namespace churn::features {

std::vector<std::string> FeatureNames() {
  std::vector<std::string> names;
  for (const FeatureSpec& spec : FeatureRegistry()) {
    names.emplace_back(spec.name);
  }
  return names;
}

UserFeatures ComputeUserFeatures(const FeatureConfig& config, const std::string& logs,
                                 const std::string& user_id,
                                 const std::optional<std::string>& cutoff,
                                 double high_value_spend) {
  LogSet log_set = FindLogSet(logs);
  LogStreamer streamer = StreamLogSet(config, log_set, {}, user_id);
  CheckBadRows(config, streamer.files());
  SnapshotPlan plan = ScoringPlan(config.churn, log_set, EventSpanOf(streamer.files()), cutoff);
  SnapshotRows rows(streamer.Finish(), plan, config.churn.qualifying_event);
  UserFeatures user{.cutoff = plan.snapshots.front().CutoffDate(), .values = {}};
  for (std::size_t user_idx = 0; user_idx < rows.user_count(); ++user_idx) {
    if (rows.user(user_idx).user_id() != user_id) {
      continue;
    }
    StatsScratch scratch;
    bool churned = false;
    if (!rows.RowOf(0, user_idx, {.high_value_spend = high_value_spend}, &scratch, &user.values,
                    &churned)) {
      break;
    }
    return user;
  }
  throw InputError(fmt::format(
      "user '{}' has no row at {} in {}: no event before the cutoff, or none in the cohort "
      "window the model was trained on (churn.cohort_active_days)",
      user_id, user.cutoff, events::DisplayPath(logs)));
}

CutoffRows ComputeCutoffRows(const FeatureConfig& config, const std::string& logs,
                             const std::optional<std::string>& cutoff, double high_value_spend,
                             const LogSetProgress& progress) {
  LogSet log_set = FindLogSet(logs);
  LogStreamer streamer = StreamLogSet(config, log_set, progress);
  CheckBadRows(config, streamer.files());
  SnapshotPlan plan = ScoringPlan(config.churn, log_set, EventSpanOf(streamer.files()), cutoff);
  SnapshotRows rows(streamer.Finish(), plan, config.churn.qualifying_event);
  CutoffRows table;
  table.cutoff = plan.snapshots.front().CutoffDate();
  table.names = FeatureNames();
  StatsScratch scratch;
  std::vector<double> values;
  for (std::size_t user_idx = 0; user_idx < rows.user_count(); ++user_idx) {
    rows.ReadAhead(user_idx);
    bool churned = false;
    if (rows.RowOf(0, user_idx, {.high_value_spend = high_value_spend}, &scratch, &values,
                   &churned)) {
      table.user_ids.push_back(rows.user(user_idx).user_id());
      table.churned.push_back(churned ? 1 : 0);
      for (double value : values) {
        table.values.push_back(static_cast<float>(value));
      }
    }
  }
  return table;
}

}  // namespace churn::features
