#pragma once
// Which run an artifact comes from. Each stage records, beside what it
// writes, the size and CRC-32 of files: `features` of the tables it wrote
// (features_report.json's "outputs"), `train` of the tables it learned from
// (manifest.json's "inputs") and of its reports ("outputs"), `backtest` of
// its tables. Every stage that reads another's outputs compares the files at
// hand with that record, so the tables of one run never meet the model of
// another: a mismatch is an InputError naming the command that makes them
// agree again.
//
//   RequireRecordedFiles(ReadLineageRecord(models / "manifest.json", "inputs", "train"),
//                        FeatureTableFiles(output));
//   // data/processed_test.csv changed since models/manifest.json was written ...;
//   // run `churn-radar train` (or `churn-radar run`)

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dataset/output_layout.h"

namespace churn::dataset {

// [{"path", "bytes", "crc32"}] of each file, in order: enough to tell a file
// from any other version of it. Throws IoError when one cannot be read.
nlohmann::json FileFingerprints(const std::vector<std::filesystem::path>& files);

// What a stage recorded of some files, where, and the command that writes
// the record again.
struct LineageRecord {
  std::filesystem::path path;  // the file that holds it, for messages
  nlohmann::json files;        // FileFingerprints; null when there is none
  std::string remake;          // e.g. "train": `churn-radar train` makes them agree
};

// The fingerprints under `key` of the JSON file at `path`; `files` is null
// when the file, its JSON or the key is missing (an older run: not checked).
LineageRecord ReadLineageRecord(const std::filesystem::path& path, std::string_view key,
                                std::string_view remake);

// Throws InputError when a file of `files` differs from the record's
// fingerprint of the file of that name. A file that is not there, or that
// the record does not list (a record made before it was recorded), is not
// compared: its reader says what is missing.
void RequireRecordedFiles(const LineageRecord& record,
                          const std::vector<std::filesystem::path>& files);

// The name of the first file the two records both list with different
// fingerprints, or nullopt: for two stages that recorded the same inputs
// (a backtest and the model), compared without reading the files.
std::optional<std::string> DifferingFile(const nlohmann::json& recorded,
                                         const nlohmann::json& other);

// What `features` writes and records, and what `train` learns from: the two
// tables and feature_columns.json.
std::vector<std::filesystem::path> FeatureTableFiles(const OutputLayout& output);

// The tables and feature_columns.json against the fingerprints `features`
// recorded last (features_report.json): InputError naming `churn-radar
// features` when a run of it was stopped before it finished. Returns the
// fingerprints of the files at hand (those that exist), taken before the
// caller reads them: what a model or backtest made from them records.
nlohmann::json RequireFeatureTables(const OutputLayout& output);

// What `train` recorded in the model's manifest (`manifest`, its path) of
// the tables it learned from ("inputs"), against the tables at hand, and of
// its reports ("outputs"), against `reports`, those the caller reads:
// InputError naming `churn-radar train` when they come from another run.
void RequireTrainedOn(const OutputLayout& output, const std::filesystem::path& manifest,
                      const std::vector<std::filesystem::path>& reports = {});

}  // namespace churn::dataset
