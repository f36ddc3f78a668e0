#include "dataset/artifact_lineage.h"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <map>
#include <system_error>
#include <utility>
#include <vector>

#include "dataset/dataset_files.h"
#include "errors/error.h"
#include "events/c_file.h"
#include "events/display_path.h"
#include "events/whole_file.h"

namespace churn::dataset {
namespace {

constexpr std::size_t kReadChunk = std::size_t{1} << 20;

struct Fingerprint {
  std::uintmax_t bytes = 0;
  std::string crc32;

  bool operator==(const Fingerprint&) const = default;
};

std::string Crc32Of(const std::filesystem::path& path) {
  events::CFile file(std::fopen(path.c_str(), "rb"));
  if (file == nullptr) {
    throw IoError(fmt::format("{}: cannot read it to fingerprint it ({})",
                              events::DisplayPath(path), events::ErrnoText(errno)));
  }
  std::vector<Bytef> buffer(kReadChunk);
  uLong crc = crc32(0L, Z_NULL, 0);
  std::size_t got = 0;
  while ((got = std::fread(buffer.data(), 1, buffer.size(), file.get())) > 0) {
    crc = crc32(crc, buffer.data(), static_cast<uInt>(got));
  }
  if (std::ferror(file.get()) != 0) {
    throw IoError(fmt::format("{}: cannot read it to fingerprint it", events::DisplayPath(path)));
  }
  return fmt::format("{:08x}", static_cast<std::uint32_t>(crc));
}

std::uintmax_t SizeOf(const std::filesystem::path& path) {
  std::error_code error;
  std::uintmax_t bytes = std::filesystem::file_size(path, error);
  if (error) {
    throw IoError(fmt::format("{}: cannot read its size to fingerprint it ({})",
                              events::DisplayPath(path), error.message()));
  }
  return bytes;
}

// A record's fingerprints by file name; entries it cannot read are left out.
std::map<std::string, Fingerprint> ByName(const nlohmann::json& recorded) {
  std::map<std::string, Fingerprint> by_name;
  if (!recorded.is_array()) {
    return by_name;
  }
  for (const nlohmann::json& entry : recorded) {
    if (!entry.is_object() || !entry.contains("path") || !entry["path"].is_string() ||
        !entry.contains("bytes") || !entry["bytes"].is_number_integer() ||
        entry["bytes"].get<std::int64_t>() < 0 || !entry.contains("crc32") ||
        !entry["crc32"].is_string()) {
      continue;
    }
    std::string name = std::filesystem::path(entry["path"].get<std::string>()).filename().string();
    by_name[name] = {entry["bytes"].get<std::uintmax_t>(), entry["crc32"].get<std::string>()};
  }
  return by_name;
}

std::string ChangedSinceMessage(const std::filesystem::path& file, const LineageRecord& record) {
  return fmt::format(
      "{} changed after {} was written, so the two come from different runs; run "
      "`churn-radar {}` (or `churn-radar run`) to make them agree",
      events::DisplayPath(file), events::DisplayPath(record.path), record.remake);
}

}  // namespace

nlohmann::json FileFingerprints(const std::vector<std::filesystem::path>& files) {
  nlohmann::json fingerprints = nlohmann::json::array();
  for (const std::filesystem::path& file : files) {
    fingerprints.push_back(
        {{"path", events::DisplayPath(file)}, {"bytes", SizeOf(file)}, {"crc32", Crc32Of(file)}});
  }
  return fingerprints;
}

LineageRecord ReadLineageRecord(const std::filesystem::path& path, std::string_view key,
                                std::string_view remake) {
  LineageRecord record{.path = path, .files = nullptr, .remake = std::string(remake)};
  std::optional<std::string> text = events::ReadWholeFile(path);
  if (!text) {
    return record;
  }
  nlohmann::json document = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (document.is_object() && document.contains(key)) {
    record.files = document[std::string(key)];
  }
  return record;
}

void RequireRecordedFiles(const LineageRecord& record,
                          const std::vector<std::filesystem::path>& files) {
  const std::map<std::string, Fingerprint> recorded = ByName(record.files);
  for (const std::filesystem::path& file : files) {
    auto found = recorded.find(file.filename().string());
    std::error_code error;
    if (found == recorded.end() || !std::filesystem::is_regular_file(file, error)) {
      continue;
    }
    // The size first: a rebuilt table rarely keeps it, and it costs no read.
    if (found->second.bytes == SizeOf(file) && found->second.crc32 == Crc32Of(file)) {
      continue;
    }
    throw InputError(ChangedSinceMessage(file, record));
  }
}

std::optional<std::string> DifferingFile(const nlohmann::json& recorded,
                                         const nlohmann::json& other) {
  const std::map<std::string, Fingerprint> mine = ByName(recorded);
  const std::map<std::string, Fingerprint> theirs = ByName(other);
  for (const auto& [name, fingerprint] : mine) {
    auto found = theirs.find(name);
    if (found != theirs.end() && found->second != fingerprint) {
      return name;
    }
  }
  return std::nullopt;
}

std::vector<std::filesystem::path> FeatureTableFiles(const OutputLayout& output) {
  return {output.data_dir / kProcessedTrainFile, output.data_dir / kProcessedTestFile,
          output.models_dir / kFeatureColumnsFile};
}

nlohmann::json RequireFeatureTables(const OutputLayout& output) {
  std::vector<std::filesystem::path> present;
  for (const std::filesystem::path& file : FeatureTableFiles(output)) {
    std::error_code error;
    if (std::filesystem::is_regular_file(file, error)) {
      present.push_back(file);
    }
  }
  nlohmann::json fingerprints = FileFingerprints(present);
  const LineageRecord record =
      ReadLineageRecord(output.data_dir / kFeaturesReportFile, "outputs", "features");
  if (std::optional<std::string> changed = DifferingFile(record.files, fingerprints)) {
    auto file = std::find_if(present.begin(), present.end(), [&](const std::filesystem::path& p) {
      return p.filename() == *changed;
    });
    throw InputError(ChangedSinceMessage(*file, record));
  }
  return fingerprints;
}

void RequireTrainedOn(const OutputLayout& output, const std::filesystem::path& manifest,
                      const std::vector<std::filesystem::path>& reports) {
  RequireRecordedFiles(ReadLineageRecord(manifest, "inputs", "train"), FeatureTableFiles(output));
  if (!reports.empty()) {
    RequireRecordedFiles(ReadLineageRecord(manifest, "outputs", "train"), reports);
  }
}

}  // namespace churn::dataset
