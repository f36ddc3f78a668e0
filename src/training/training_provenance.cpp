#include "training/training_provenance.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <Eigen/Core>
#include <chrono>
#include <ctime>

#include "config/settings_json.h"
#include "dataset/artifact_lineage.h"
#include "model/boosted_trees.h"

namespace churn::training {

nlohmann::json TrainingConfigJson(const model::TrainingConfig& train,
                                  const report::ReportConfig& report) {
  return config::SettingsJson(train, report);
}

nlohmann::json TrainingProvenance(const model::TrainingConfig& train,
                                  const report::ReportConfig& report, const nlohmann::json& inputs,
                                  std::string_view version) {
  // fmt formats a system_clock time in local time; the Z needs UTC.
  std::tm now = fmt::gmtime(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()));
  return {{"config", TrainingConfigJson(train, report)},
          {"inputs", inputs},
          {"versions",
           {{"churn_radar", version},
            {"xgboost", model::XgboostVersion()},
            {"eigen", fmt::format("{}.{}.{}", EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION,
                                  EIGEN_MINOR_VERSION)}}},
          {"created_at", fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now)}};
}

}  // namespace churn::training
