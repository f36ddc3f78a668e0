#include "training/training_provenance.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <zlib.h>

#include <Eigen/Core>
#include <chrono>
#include <ctime>
#include <fstream>
#include <vector>

#include "config/settings_json.h"
#include "errors/error.h"
#include "events/display_path.h"
#include "model/boosted_trees.h"

namespace churn::training {
namespace {

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

nlohmann::json TrainingConfigJson(const model::TrainingConfig& train,
                                  const report::ReportConfig& report) {
  return config::SettingsJson(train, report);
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

nlohmann::json TrainingProvenance(const model::TrainingConfig& train,
                                  const report::ReportConfig& report,
                                  const std::vector<std::filesystem::path>& inputs,
                                  std::string_view version) {
  // fmt formats a system_clock time in local time; the Z needs UTC.
  std::tm now = fmt::gmtime(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()));
  return {{"config", TrainingConfigJson(train, report)},
          {"inputs", FileFingerprints(inputs)},
          {"versions",
           {{"churn_radar", version},
            {"xgboost", model::XgboostVersion()},
            {"eigen", fmt::format("{}.{}.{}", EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION,
                                  EIGEN_MINOR_VERSION)}}},
          {"created_at", fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now)}};
}

}  // namespace churn::training
