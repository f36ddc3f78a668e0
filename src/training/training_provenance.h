#pragma once
// Where a model came from, for its manifest: the training settings, the
// fingerprints of the tables it learned from, the library versions and the
// time it was made. RunTraining adds the fingerprints of the reports it
// wrote ("outputs") before it saves the bundle, last.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "model/training_config.h"
#include "report/report_config.h"

namespace churn::training {

// Every setting of the train: section, keyed as in the config file.
nlohmann::json TrainingConfigJson(const model::TrainingConfig& train,
                                  const report::ReportConfig& report);

// {"config": ..., "inputs": ..., "versions": ..., "created_at": ...};
// "inputs" are the fingerprints of the tables as they were read
// (dataset::RequireFeatureTables), which every reader of the model compares
// with the tables at hand (dataset/artifact_lineage.h); `version`:
// churn-radar's own.
nlohmann::json TrainingProvenance(const model::TrainingConfig& train,
                                  const report::ReportConfig& report, const nlohmann::json& inputs,
                                  std::string_view version);

}  // namespace churn::training
