#include "training/training_provenance.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <zlib.h>

#include <Eigen/Core>
#include <chrono>
#include <ctime>
#include <fstream>
#include <vector>

#include "errors/error.h"
#include "events/display_path.h"
#include "model/boosted_trees.h"

namespace churn::training {
namespace {

nlohmann::json TreesJson(const model::BoostedTreesParams& params) {
  return {{"rounds", params.rounds},
          {"max_depth", params.max_depth},
          {"max_leaves", params.max_leaves},
          {"learning_rate", params.learning_rate},
          {"subsample", params.subsample},
          {"colsample_bytree", params.colsample_bytree},
          {"min_child_weight", params.min_child_weight},
          {"reg_lambda", params.reg_lambda},
          {"scale_pos_weight", params.scale_pos_weight},
          {"early_stopping_rounds", params.early_stopping_rounds}};
}

std::uint32_t Crc32Of(const std::filesystem::path& path) {
  constexpr std::size_t kChunk = 1 << 20;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw IoError(fmt::format("{}: cannot read it to fingerprint it", path.string()));
  }
  std::vector<char> buffer(kChunk);
  uLong crc = crc32(0L, Z_NULL, 0);
  while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
    crc = crc32(crc, reinterpret_cast<const Bytef*>(buffer.data()), static_cast<uInt>(in.gcount()));
  }
  return static_cast<std::uint32_t>(crc);
}

}  // namespace

nlohmann::json TrainingConfigJson(const model::TrainingConfig& config) {
  return {{"candidates", config.candidates},
          {"selection_metric", config.selection_metric},
          {"threshold", model::ThresholdRuleName(config.threshold_rule)},
          {"calibration", model::CalibrationName(config.calibration)},
          {"validation_share", config.validation_share},
          {"bootstrap_resamples", config.bootstrap_resamples},
          {"seed", config.seed},
          {"campaign",
           {{"contact_cost", config.campaign.contact_cost},
            {"retained_value", config.campaign.retained_value},
            {"offer_success_rate", config.campaign.offer_success_rate}}},
          {"xgboost", TreesJson(config.xgboost)},
          {"xgboost_leafwise", TreesJson(config.xgboost_leafwise)},
          {"logreg", {{"l2", config.logreg.l2}, {"max_iterations", config.logreg.max_iterations}}}};
}

nlohmann::json FileFingerprints(const std::vector<std::filesystem::path>& files) {
  nlohmann::json fingerprints = nlohmann::json::array();
  for (const std::filesystem::path& file : files) {
    fingerprints.push_back({{"path", events::DisplayPath(file)},
                            {"bytes", std::filesystem::file_size(file)},
                            {"crc32", fmt::format("{:08x}", Crc32Of(file))}});
  }
  return fingerprints;
}

nlohmann::json TrainingProvenance(const model::TrainingConfig& config,
                                  const std::vector<std::filesystem::path>& inputs,
                                  std::string_view version) {
  // fmt formats a system_clock time in local time; the Z needs UTC.
  std::tm now = fmt::gmtime(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()));
  return {{"config", TrainingConfigJson(config)},
          {"inputs", FileFingerprints(inputs)},
          {"versions",
           {{"churn_radar", version},
            {"xgboost", model::XgboostVersion()},
            {"eigen", fmt::format("{}.{}.{}", EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION,
                                  EIGEN_MINOR_VERSION)}}},
          {"created_at", fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now)}};
}

}  // namespace churn::training
