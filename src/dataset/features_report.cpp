#include "dataset/features_report.h"

#include "config/settings_json.h"
#include "events/atomic_file_writer.h"
#include "events/event_time.h"
#include "events/readable_text.h"
#include "features/user_partition.h"

namespace churn::dataset {
namespace {

using nlohmann::json;

json FileReports(const std::vector<features::FileReport>& files) {
  json reports = json::array();
  for (const features::FileReport& file : files) {
    json skipped = json::object();
    for (int issue_idx = 0; issue_idx < events::kRowIssueCount; ++issue_idx) {
      auto issue = static_cast<events::RowIssue>(issue_idx);
      if (file.skipped.Count(issue) > 0) {
        skipped[std::string(events::RowIssueName(issue))] = file.skipped.Count(issue);
      }
    }
    reports.push_back(
        {{"file", events::ValidUtf8(file.path.string())},
         {"first_event",
          file.first_event_time >= 0 ? events::FormatDate(file.first_event_time) : std::string()},
         {"last_event",
          file.last_event_time >= 0 ? events::FormatDate(file.last_event_time) : std::string()},
         {"rows_read", file.rows_read},
         {"events", file.events},
         {"duplicate_rows", file.duplicate_rows},
         {"skipped", skipped},
         {"examples", file.examples}});
  }
  return reports;
}

json SnapshotsJson(const std::vector<SnapshotSummary>& summaries) {
  json snapshots = json::array();
  for (const SnapshotSummary& summary : summaries) {
    double rate = summary.users > 0
                      ? static_cast<double>(summary.churned) / static_cast<double>(summary.users)
                      : 0.0;
    snapshots.push_back({{"cutoff", summary.cutoff},
                         {"users", summary.users},
                         {"churned", summary.churned},
                         {"churn_rate", rate},
                         {"role", summary.test ? "test" : "train"}});
  }
  return snapshots;
}

}  // namespace

json FeatureConfigJson(const features::FeatureConfig& config) {
  json record = config::SettingsJson(config);
  record["churn"] = config::SettingsJson(config.churn);  // its own section of the config file
  return record;
}

// The budget, and whether the run kept within it by spilling.
json MemoryJson(const EngineMemory& memory) {
  const features::SpillReport& spill = memory.spill;
  return {{"memory_limit_bytes", spill.memory_limit},
          {"history_budget_bytes", spill.state_budget},
          {"history_peak_bytes", spill.peak_state},
          {"spilled", spill.spilled_partitions > 0},
          {"spilled_partitions", spill.spilled_partitions},
          {"partitions", features::kUserPartitions},
          {"spilled_bytes", spill.spilled_bytes},
          {"row_store_bytes", memory.row_bytes},
          {"peak_resident_bytes", memory.peak_resident}};
}

json FeaturesReportJson(const features::FeatureConfig& config, const features::SnapshotPlan& plan,
                        const std::vector<features::FileReport>& files,
                        const FeatureTablesOutcome& outcome) {
  json skipped = json::array();
  for (const features::SkippedCutoff& cutoff : plan.skipped) {
    skipped.push_back({{"cutoff", events::FormatDate(cutoff.cutoff)}, {"reason", cutoff.reason}});
  }
  double rate = outcome.seconds > 0 ? static_cast<double>(outcome.events) / outcome.seconds : 0.0;
  return {{"config", FeatureConfigJson(config)},
          {"files", FileReports(files)},
          {"snapshots", SnapshotsJson(outcome.snapshots)},
          {"skipped_cutoffs", skipped},
          {"split", outcome.split},
          {"users", outcome.users},
          {"events", outcome.events},
          {"history_bytes", outcome.history_bytes},
          {"memory", MemoryJson(outcome.memory)},
          {"threads", outcome.threads},
          {"seconds", outcome.seconds},
          {"stream_seconds", outcome.stream_seconds},
          {"events_per_second", rate}};
}

void WriteFeaturesReport(const std::filesystem::path& path, const nlohmann::json& report) {
  events::AtomicFileWriter file(path);
  // Every piece of input text in the report is made valid where it enters
  // (events::ValidUtf8); replacing what might still slip through keeps the
  // report from being lost to one odd byte.
  file.Write(report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  file.Write("\n");
  file.Commit();
}

}  // namespace churn::dataset
