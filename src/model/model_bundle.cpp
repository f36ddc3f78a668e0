#include "model/model_bundle.h"

#include <fmt/format.h>

#include <optional>

#include "errors/error.h"
#include "events/atomic_file_writer.h"
#include "events/display_path.h"
#include "events/whole_file.h"
#include "features/log_event.h"
#include "model/classifier_json.h"
#include "model/risk_band.h"

namespace churn::model {
namespace {

constexpr int kManifestVersion = 1;

std::string ReadWholeFile(const std::filesystem::path& path) {
  std::optional<std::string> text = events::ReadWholeFile(path);
  if (!text) {
    throw InputError(fmt::format("{}: cannot read it (train a model first: `churn-radar train`)",
                                 path.string()));
  }
  return std::move(*text);
}

void WriteWholeFile(const std::filesystem::path& path, std::string_view text) {
  events::AtomicFileWriter file(path);
  file.Write(text);
  file.Commit();
}

void RequireSameFeatures(const std::filesystem::path& manifest_path, const nlohmann::json& manifest,
                         const dataset::FeatureColumns& columns) {
  auto features = manifest.at("features").get<std::vector<std::string>>();
  std::string hash = manifest.at("feature_hash").get<std::string>();
  if (hash != columns.Hash() || features != columns.names) {
    throw ModelError(fmt::format(
        "{}: the model was trained on {} features (hash {}), but feature_columns.json lists {} "
        "(hash {}): train again with `churn-radar train`",
        manifest_path.string(), features.size(), hash, columns.names.size(), columns.Hash()));
  }
}

std::string ModelDigest(std::string_view model_text) {
  return fmt::format("{:016x}", features::KeyOf(model_text));
}

ModelKind KindOf(const std::filesystem::path& manifest_path, const std::string& model_type) {
  std::optional<ModelKind> kind = config::ValueOf(kModelKindNames, model_type);
  if (!kind) {
    throw InputError(fmt::format("{}: model_type '{}' is not a model this version knows ({})",
                                 manifest_path.string(), model_type,
                                 config::NameList(kModelKindNames)));
  }
  return *kind;
}

}  // namespace

std::vector<double> ModelBundle::Probabilities(const dataset::FeatureMatrix& rows,
                                               int threads) const {
  std::vector<double> raw = model::Probabilities(classifier->PredictMargin(rows, threads));
  return calibration.Apply(raw);
}

std::string_view ModelBundle::RiskBand(double probability) const {
  return RiskBandOf(probability, threshold);
}

void SaveModelBundle(const std::filesystem::path& folder, const ModelBundle& bundle,
                     const nlohmann::json& provenance) {
  std::filesystem::create_directories(folder);
  std::string model_text = bundle.classifier->ToJson();
  WriteWholeFile(folder / kModelFileName, model_text);
  nlohmann::json manifest = provenance;
  manifest["manifest_version"] = kManifestVersion;
  manifest["model_type"] = config::NameOf(kModelKindNames, bundle.classifier->Kind());
  manifest["model_file"] = kModelFileName;
  // Ties the manifest to this model.json: a train stopped between the two
  // files leaves a pair that loading refuses.
  manifest["model_digest"] = ModelDigest(model_text);
  manifest["features"] = bundle.features;
  manifest["feature_hash"] = dataset::FeatureColumns::FeatureListHash(bundle.features);
  manifest["threshold"] = bundle.threshold;
  manifest["calibration"] = bundle.calibration.ToJson();
  WriteWholeFile(folder / kManifestFileName, manifest.dump(2) + "\n");
}

nlohmann::json ReadManifest(const std::filesystem::path& folder) {
  std::filesystem::path path = folder / kManifestFileName;
  try {
    return nlohmann::json::parse(ReadWholeFile(path));
  } catch (const nlohmann::json::exception& error) {
    throw InputError(fmt::format("{}: not a valid manifest: {}", path.string(), error.what()));
  }
}

ModelBundle LoadModelBundle(const std::filesystem::path& folder,
                            const dataset::FeatureColumns& columns) {
  nlohmann::json manifest = ReadManifest(folder);
  std::filesystem::path manifest_path = folder / kManifestFileName;
  try {
    RequireSameFeatures(manifest_path, manifest, columns);
    ModelBundle bundle;
    bundle.features = columns.names;
    bundle.threshold = manifest.at("threshold").get<double>();
    bundle.calibration = ProbabilityCalibration::FromJson(manifest.at("calibration"));
    ModelKind kind = KindOf(manifest_path, manifest.at("model_type").get<std::string>());
    std::string model_text = ReadWholeFile(folder / manifest.at("model_file").get<std::string>());
    bundle.digest = ModelDigest(model_text);
    if (manifest.contains("model_digest") && manifest["model_digest"] != bundle.digest) {
      throw InputError(fmt::format(
          "{}: describes another model than {} (a train was stopped between the two); run "
          "`churn-radar train` (or `churn-radar run`)",
          events::DisplayPath(manifest_path), events::DisplayPath(folder / kModelFileName)));
    }
    bundle.classifier = LoadClassifier(kind, std::move(model_text), columns.names);
    return bundle;
  } catch (const nlohmann::json::exception& error) {
    throw InputError(
        fmt::format("{}: not a valid manifest: {}", manifest_path.string(), error.what()));
  }
}

}  // namespace churn::model
