#pragma once
// features_report.json: what the feature tables pipeline read (each file's
// rows, events, exact duplicate rows and skipped rows by reason, every piece
// of the logs' text made valid UTF-8), the snapshots it made and
// skipped, the split, its speed, and the config behind it (the churn
// definition and the cohort rule included), which `train` copies into the
// model's manifest.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "dataset/feature_tables.h"
#include "features/feature_config.h"
#include "features/log_streamer.h"
#include "features/snapshot_plan.h"

namespace churn::dataset {

// Every setting of the features: and churn: sections, keyed as in the config
// file (config::SettingsJson): {"layout", "columns": {...}, "on_bad_row",
// ..., "churn": {"cutoffs", "observation_days", ..., "qualifying_event"}}.
nlohmann::json FeatureConfigJson(const features::FeatureConfig& config);

nlohmann::json FeaturesReportJson(const features::FeatureConfig& config,
                                  const features::SnapshotPlan& plan,
                                  const std::vector<features::FileReport>& files,
                                  const FeatureTablesOutcome& outcome);

// Pretty-printed, atomically.
void WriteFeaturesReport(const std::filesystem::path& path, const nlohmann::json& report);

}  // namespace churn::dataset
