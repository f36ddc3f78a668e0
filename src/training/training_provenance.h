#pragma once
// Where a model came from, for its manifest: the training settings, the
// fingerprints of the tables it learned from, the library versions and the
// time it was made.

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

// Size and CRC-32 of each file: enough to tell whether a model was trained
// on the tables at hand.
nlohmann::json FileFingerprints(const std::vector<std::filesystem::path>& files);

// {"config": ..., "inputs": ..., "versions": ..., "created_at": ...};
// `version`: churn-radar's own.
nlohmann::json TrainingProvenance(const model::TrainingConfig& train,
                                  const report::ReportConfig& report,
                                  const std::vector<std::filesystem::path>& inputs,
                                  std::string_view version);

}  // namespace churn::training
