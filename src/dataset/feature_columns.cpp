#include "dataset/feature_columns.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "errors/error.h"
#include "events/atomic_file_writer.h"
#include "features/log_event.h"

namespace churn::dataset {

using nlohmann::json;

std::string FeatureColumns::FeatureListHash(const std::vector<std::string>& names) {
  return fmt::format("{:016x}", features::KeyOf(fmt::format("{}", fmt::join(names, ","))));
}

const value::ValueModel* FeatureColumns::ValueModelAt(std::string_view cutoff) const {
  for (const value::ValueModel& model : value_models) {
    if (model.cutoff == cutoff) {
      return &model;
    }
  }
  return nullptr;
}

const std::string* FeatureColumns::LabelEndAt(std::string_view cutoff) const {
  for (const SnapshotWindow& snapshot : snapshots) {
    if (snapshot.cutoff == cutoff) {
      return &snapshot.label_end;
    }
  }
  return nullptr;
}

void WriteFeatureColumns(const std::filesystem::path& path, const FeatureColumns& columns) {
  json value_models = json::array();
  for (const value::ValueModel& model : columns.value_models) {
    value_models.push_back(value::ValueModelJson(model));
  }
  json snapshots = json::array();
  for (const SnapshotWindow& snapshot : columns.snapshots) {
    snapshots.push_back({{"cutoff", snapshot.cutoff}, {"label_end", snapshot.label_end}});
  }
  json document = {{"features", columns.names},
                   {"feature_hash", columns.Hash()},
                   {"high_value_spend", columns.high_value_spend},
                   {"split", columns.split},
                   {"value_models", std::move(value_models)},
                   {"snapshots", std::move(snapshots)}};
  events::AtomicFileWriter file(path);
  file.Write(document.dump(2));
  file.Write("\n");
  file.Commit();
}

FeatureColumns ReadFeatureColumns(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) {
    throw InputError(fmt::format(
        "{}: cannot read the feature columns (run `churn-radar features` first)", path.string()));
  }
  std::stringstream text;
  text << in.rdbuf();
  try {
    json document = json::parse(text.str());
    FeatureColumns columns;
    columns.names = document.at("features").get<std::vector<std::string>>();
    columns.high_value_spend = document.value("high_value_spend", 0.0);
    columns.split = document.value("split", "");
    for (const json& model : document.value("value_models", json::array())) {
      columns.value_models.push_back(value::ValueModelFromJson(model));
    }
    for (const json& snapshot : document.value("snapshots", json::array())) {
      columns.snapshots.push_back({.cutoff = snapshot.at("cutoff").get<std::string>(),
                                   .label_end = snapshot.at("label_end").get<std::string>()});
    }
    std::string hash = document.at("feature_hash").get<std::string>();
    if (hash != columns.Hash()) {
      throw InputError(fmt::format("{}: feature_hash {} does not match its feature list ({})",
                                   path.string(), hash, columns.Hash()));
    }
    return columns;
  } catch (const json::exception& error) {
    throw InputError(
        fmt::format("{}: not a valid feature columns file: {}", path.string(), error.what()));
  }
}

}  // namespace churn::dataset
