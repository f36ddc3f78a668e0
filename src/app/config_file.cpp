#include "app/config_file.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <array>
#include <fstream>
#include <utility>

#include "app/closest_key.h"
#include "app/yaml_section.h"
#include "errors/error.h"
#include "events/event_time.h"

namespace churn::app {
namespace {

// Reads a string key whose value must be one of `choices`, into the enum
// value paired with it.
template <typename Enum, std::size_t N>
void ReadChoice(YamlSection& section, std::string_view key,
                const std::array<std::pair<std::string_view, Enum>, N>& choices, Enum* value) {
  std::string text;
  section.Read(key, &text);
  if (text.empty()) {
    return;
  }
  std::vector<std::string> names;
  for (const auto& [name, choice] : choices) {
    if (name == text) {
      *value = choice;
      return;
    }
    names.emplace_back(name);
  }
  std::string hint;
  if (std::optional<std::string> closest = ClosestKey(text, names)) {
    hint = fmt::format("; did you mean '{}'?", *closest);
  }
  throw ConfigError(fmt::format("{}{}: unknown value '{}' (expected one of: {}{})",
                                section.Where(key), section.KeyPath(key), text,
                                fmt::join(names, ", "), hint));
}

std::filesystem::path Resolve(const std::filesystem::path& base, const std::string& text) {
  std::filesystem::path path(text);
  return (path.is_absolute() ? path : base / path).lexically_normal();
}

void ReadPaths(YamlSection& root, const std::filesystem::path& base, AppConfig* config) {
  YamlSection logs = root.Section("logs");
  std::string logs_path;
  logs.Read("path", &logs_path);
  if (!logs_path.empty()) {
    config->logs = Resolve(base, logs_path).string();
  }
  logs.RejectUnknownKeys();

  YamlSection output = root.Section("output");
  std::string data_dir;
  std::string models_dir;
  output.Read("data", &data_dir);
  output.Read("models", &models_dir);
  if (!data_dir.empty()) {
    config->output.data_dir = Resolve(base, data_dir);
  }
  if (!models_dir.empty()) {
    config->output.models_dir = Resolve(base, models_dir);
  }
  output.RejectUnknownKeys();
}

void ReadDemo(YamlSection& root, demo::DemoConfig* demo) {
  YamlSection section = root.Section("demo");
  section.Read("users", &demo->users);
  section.Read("months", &demo->months);
  section.Read("seed", &demo->seed);
  section.Read("threads", &demo->threads);
  std::string start;
  section.Read("start", &start);
  if (!start.empty()) {
    std::optional<events::YearMonth> month = events::YearMonth::Parse(start);
    if (!month) {
      throw ConfigError(fmt::format("{}demo.start: expected a month like 2019-10, got '{}'",
                                    section.Where("start"), start));
    }
    demo->start = *month;
  }
  constexpr std::array<std::pair<std::string_view, events::Compression>, 3> kCompressions = {{
      {"none", events::Compression::kNone},
      {"gz", events::Compression::kGzip},
      {"zst", events::Compression::kZstd},
  }};
  ReadChoice(section, "compression", kCompressions, &demo->compression);
  section.RejectUnknownKeys();
}

void ReadChurn(YamlSection& root, features::ChurnDefinition* churn) {
  YamlSection section = root.Section("churn");
  std::vector<std::string> cutoffs;
  section.Read("cutoffs", &cutoffs);
  for (const std::string& cutoff : cutoffs) {
    std::optional<std::int64_t> midnight = events::ParseEventTime(cutoff + " 00:00:00");
    if (!midnight) {
      throw ConfigError(fmt::format("{}churn.cutoffs: expected dates like 2019-11-01, got '{}'",
                                    section.Where("cutoffs"), cutoff));
    }
    churn->cutoffs.push_back(*midnight);
  }
  section.Read("observation_days", &churn->observation_days);
  section.Read("label_days", &churn->label_days);
  section.Read("cohort_active_days", &churn->cohort_active_days);
  constexpr std::array<std::pair<std::string_view, features::QualifyingEvent>, 2> kEvents = {{
      {"any", features::QualifyingEvent::kAnyEvent},
      {"purchase", features::QualifyingEvent::kPurchase},
  }};
  ReadChoice(section, "qualifying_event", kEvents, &churn->qualifying_event);
  section.RejectUnknownKeys();
}

void ReadColumns(YamlSection& features, features::ColumnMapping* columns) {
  YamlSection section = features.Section("columns");
  section.Read("event_time", &columns->event_time);
  section.Read("event_type", &columns->event_type);
  section.Read("product_id", &columns->product_id);
  section.Read("category_id", &columns->category_id);
  section.Read("category_code", &columns->category_code);
  section.Read("brand", &columns->brand);
  section.Read("price", &columns->price);
  section.Read("quantity", &columns->quantity);
  section.Read("user_id", &columns->user_id);
  section.Read("session", &columns->session);
  section.Read("numeric_ids", &columns->numeric_ids);
  section.Read("cancellation_prefix", &columns->cancellation_prefix);
  section.RejectUnknownKeys();
}

void ReadFeatures(YamlSection& root, features::FeatureConfig* config) {
  YamlSection section = root.Section("features");
  enum class Layout { kRees46, kUciOnlineRetail };
  constexpr std::array<std::pair<std::string_view, Layout>, 2> kLayouts = {{
      {"rees46", Layout::kRees46},
      {"uci_online_retail", Layout::kUciOnlineRetail},
  }};
  Layout layout = Layout::kRees46;
  ReadChoice(section, "layout", kLayouts, &layout);
  config->columns = layout == Layout::kRees46 ? features::ColumnMapping::Rees46()
                                              : features::ColumnMapping::UciOnlineRetail();
  ReadColumns(section, &config->columns);  // overrides of single columns
  constexpr std::array<std::pair<std::string_view, features::BadRowPolicy>, 2> kPolicies = {{
      {"stop", features::BadRowPolicy::kStop},
      {"skip", features::BadRowPolicy::kSkip},
  }};
  ReadChoice(section, "on_bad_row", kPolicies, &config->on_bad_row);
  section.Read("max_bad_fraction", &config->max_bad_fraction);
  section.Read("threads", &config->threads);
  section.Read("test_share", &config->test_share);
  section.Read("split_seed", &config->split_seed);
  section.RejectUnknownKeys();
}

void ReadTrees(YamlSection& train, std::string_view name, model::BoostedTreesParams* params) {
  YamlSection section = train.Section(name);
  section.Read("rounds", &params->rounds);
  section.Read("max_depth", &params->max_depth);
  section.Read("max_leaves", &params->max_leaves);
  section.Read("learning_rate", &params->learning_rate);
  section.Read("subsample", &params->subsample);
  section.Read("colsample_bytree", &params->colsample_bytree);
  section.Read("min_child_weight", &params->min_child_weight);
  section.Read("reg_lambda", &params->reg_lambda);
  section.Read("scale_pos_weight", &params->scale_pos_weight);
  section.Read("early_stopping_rounds", &params->early_stopping_rounds);
  section.RejectUnknownKeys();
}

void ReadTrain(YamlSection& root, model::TrainingConfig* train) {
  YamlSection section = root.Section("train");
  section.Read("candidates", &train->candidates);
  std::vector<std::string> known(std::begin(model::kCandidateNames),
                                 std::end(model::kCandidateNames));
  for (const std::string& candidate : train->candidates) {
    if (std::find(known.begin(), known.end(), candidate) == known.end()) {
      std::optional<std::string> closest = ClosestKey(candidate, known);
      throw ConfigError(
          fmt::format("{}train.candidates: unknown model '{}' (expected one of: {}{})",
                      section.Where("candidates"), candidate, fmt::join(known, ", "),
                      closest ? fmt::format("; did you mean '{}'?", *closest) : ""));
    }
  }
  section.Read("selection_metric", &train->selection_metric);
  section.Read("validation_share", &train->validation_share);
  section.Read("bootstrap_resamples", &train->bootstrap_resamples);
  section.Read("seed", &train->seed);
  section.Read("threads", &train->threads);
  constexpr std::array<std::pair<std::string_view, model::ThresholdRule>, 2> kRules = {{
      {"max_f1", model::ThresholdRule::kMaxF1},
      {"max_profit", model::ThresholdRule::kMaxProfit},
  }};
  ReadChoice(section, "threshold", kRules, &train->threshold_rule);
  constexpr std::array<std::pair<std::string_view, model::Calibration>, 3> kCalibrations = {{
      {"none", model::Calibration::kNone},
      {"platt", model::Calibration::kPlatt},
      {"isotonic", model::Calibration::kIsotonic},
  }};
  ReadChoice(section, "calibration", kCalibrations, &train->calibration);
  YamlSection campaign = section.Section("campaign");
  campaign.Read("contact_cost", &train->campaign.contact_cost);
  campaign.Read("retained_value", &train->campaign.retained_value);
  campaign.Read("offer_success_rate", &train->campaign.offer_success_rate);
  campaign.RejectUnknownKeys();
  ReadTrees(section, "xgboost", &train->xgboost);
  ReadTrees(section, "xgboost_leafwise", &train->xgboost_leafwise);
  YamlSection logreg = section.Section("logreg");
  logreg.Read("l2", &train->logreg.l2);
  logreg.Read("max_iterations", &train->logreg.max_iterations);
  logreg.RejectUnknownKeys();
  section.RejectUnknownKeys();
}

void ReadServer(YamlSection& root, const std::filesystem::path& base,
                server::ServerConfig* server) {
  YamlSection section = root.Section("server");
  section.Read("host", &server->host);
  section.Read("port", &server->port);
  section.Read("allow_remote", &server->allow_remote);
  std::string token_file;
  section.Read("token_file", &token_file);
  if (!token_file.empty()) {
    server->token_file = Resolve(base, token_file);
  }
  std::string web_dir;
  section.Read("web_dir", &web_dir);
  if (!web_dir.empty()) {
    server->web_dir = Resolve(base, web_dir);
  }
  std::uint64_t max_request_bytes = server->max_request_bytes;
  section.Read("max_request_bytes", &max_request_bytes);
  server->max_request_bytes = max_request_bytes;
  section.Read("timeout_seconds", &server->timeout_seconds);
  section.Read("threads", &server->threads);
  section.RejectUnknownKeys();
}

YAML::Node ParseYaml(const std::filesystem::path& path) {
  if (std::filesystem::is_directory(path)) {
    throw IoError(
        fmt::format("config file {} is a folder; pass the YAML file itself", path.string()));
  }
  std::ifstream in(path);
  if (!in) {
    throw IoError(fmt::format("cannot read config file {}", path.string()));
  }
  try {
    return YAML::Load(in);
  } catch (const YAML::ParserException& error) {
    throw ConfigError(fmt::format("{}:{}:{}: invalid YAML: {}", path.string(), error.mark.line + 1,
                                  error.mark.column + 1, error.msg));
  }
}

}  // namespace

AppConfig LoadConfigFile(const std::filesystem::path& path) {
  std::filesystem::path base = std::filesystem::absolute(path).parent_path();
  AppConfig config = AppConfig::Defaults(base);
  config.source = path;
  YamlSection root(ParseYaml(path), "", path);
  ReadPaths(root, base, &config);
  ReadDemo(root, &config.demo);
  ReadChurn(root, &config.features.churn);
  ReadFeatures(root, &config.features);
  ReadTrain(root, &config.train);
  ReadServer(root, base, &config.server);
  root.RejectUnknownKeys();
  try {
    config.Validate();
  } catch (const ConfigError& error) {
    throw ConfigError(root.LocateMessage(error.what()) + error.what());
  }
  return config;
}

}  // namespace churn::app
