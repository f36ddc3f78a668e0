#include "config_file/config_docs.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "config/settings_json.h"
#include "config_file/app_config.h"
#include "config_file/config_file.h"
#include "testing/temp_dir.h"

namespace churn::config_file {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kRegenerate =
    "CHURN_UPDATE_DOCS=1 build/dev/tests/config_file/config_file_test --gtest_filter='ConfigDocs*'";

// Compares a committed file with what the generator gives; rewrites it first
// when CHURN_UPDATE_DOCS=1.
void ExpectCommitted(const std::string& relative, const std::string& generated) {
  std::filesystem::path file = std::filesystem::path(CHURN_SOURCE_DIR) / relative;
  if (const char* update = std::getenv("CHURN_UPDATE_DOCS"); update && std::string(update) == "1") {
    churn::testing::WriteTextFile(file, generated);
  }
  EXPECT_EQ(churn::testing::ReadTextFile(file), generated)
      << relative << " differs from the settings the code declares; regenerate it with "
      << kRegenerate;
}

// Every setting of a whole config, paths aside.
nlohmann::json AllSettingsButPaths(const AppConfig& config) {
  nlohmann::json json = nlohmann::json::object();
  config::SettingJsonWriter writer(json, false);
  AppConfig::VisitSettings(config, writer);
  return json;
}

TEST(ConfigDocsTest, TheShippedConfigIsTheGeneratedOne) {
  ExpectCommitted("configs/config.yaml", DefaultConfigYaml());
}

TEST(ConfigDocsTest, TheConfigReferenceIsTheGeneratedOne) {
  ExpectCommitted("docs/config.md", ConfigMarkdown());
}

TEST(ConfigDocsTest, TheShippedConfigHoldsTheBuiltInDefaults) {
  AppConfig shipped = LoadConfigFile(CHURN_SOURCE_DIR "/configs/config.yaml");
  AppConfig defaults = AppConfig::Defaults(CHURN_SOURCE_DIR);
  EXPECT_EQ(AllSettingsButPaths(shipped).dump(2), AllSettingsButPaths(defaults).dump(2));
  EXPECT_EQ(AllSettingsButPaths(defaults)["churn"]["cohort_active_days"], 30);
}

TEST(ConfigDocsTest, TheShippedPathsResolveToTheRepositorysFolders) {
  AppConfig shipped = LoadConfigFile(CHURN_SOURCE_DIR "/configs/config.yaml");
  AppConfig defaults = AppConfig::Defaults(std::filesystem::path(CHURN_SOURCE_DIR));
  EXPECT_EQ(shipped.logs, defaults.logs);
  EXPECT_EQ(shipped.output.data_dir, defaults.output.data_dir);
  EXPECT_EQ(shipped.output.models_dir, defaults.output.models_dir);
  EXPECT_EQ(shipped.server.token_file, std::filesystem::path());
}

TEST(ConfigDocsTest, TheGeneratedFileLoadsAndExplainsEveryKey) {
  std::string yaml = DefaultConfigYaml();
  EXPECT_THAT(yaml, HasSubstr("\n  # days after the cutoff; 0: the calendar month that starts at "
                              "the cutoff (0 to 3660)\n  label_days: 0\n"));
  EXPECT_THAT(yaml, HasSubstr("\n  # how probabilities are calibrated, fitted on validation data "
                              "(none, platt, isotonic)\n  calibration: platt\n"));
  EXPECT_THAT(yaml, HasSubstr("\nlogs:\n"));
  EXPECT_THAT(yaml, HasSubstr("  path: ../data/raw\n"));
  EXPECT_THAT(yaml, HasSubstr("  candidates: [xgboost, xgboost_leafwise, logreg]\n"));
  EXPECT_THAT(yaml, HasSubstr("    learning_rate: 0.05\n"));
  EXPECT_THAT(yaml, HasSubstr("    contact_cost: 1.0\n"));
  EXPECT_THAT(yaml, HasSubstr("  # columns:\n  #   event_time: event_time\n"))
      << "the layout's columns are shown commented out, so that layout alone chooses them";
  for (std::size_t start = 0, end = 0; start < yaml.size(); start = end + 1) {
    end = yaml.find('\n', start);
    EXPECT_LE(end - start, 100U) << yaml.substr(start, end - start);
  }
  churn::testing::TempDir folder;
  EXPECT_NO_THROW(LoadConfigFile(churn::testing::WriteTextFile(folder / "config.yaml", yaml)));
}

TEST(ConfigDocsTest, TheReferenceHasATablePerSectionWithRangesAndChoices) {
  std::string docs = ConfigMarkdown();
  EXPECT_THAT(docs, HasSubstr("\n## `train.xgboost`\n"));
  EXPECT_THAT(docs, HasSubstr("| `months` | `4` | 1 to 36 | monthly files;"));
  EXPECT_THAT(docs, HasSubstr("| `compression` | `none` | none, gz, zst |"));
  EXPECT_THAT(docs, HasSubstr("| `path` | `data/raw` | a path, relative to the config file's "
                              "folder |"));
  EXPECT_THAT(docs, HasSubstr("| `selection_metric` | `pr_auc` | pr_auc, roc_auc, log_loss, f1 |"));
}

}  // namespace
}  // namespace churn::config_file
