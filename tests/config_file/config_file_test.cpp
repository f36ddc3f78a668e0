#include "config_file/config_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "errors/error.h"
#include "events/year_month.h"
#include "testing/temp_dir.h"

namespace churn::config_file {
namespace {

using churn::testing::TempDir;
using churn::testing::WriteTextFile;
using ::testing::HasSubstr;

// The ConfigError message of loading `yaml`, or "" if it loads.
std::string LoadError(const std::string& yaml) {
  TempDir folder;
  try {
    LoadConfigFile(WriteTextFile(folder / "config.yaml", yaml));
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

TEST(ConfigFileTest, TheShippedConfigLoadsWithItsDocumentedValues) {
  AppConfig config = LoadConfigFile(CHURN_SOURCE_DIR "/configs/config.yaml");
  std::filesystem::path root = std::filesystem::path(CHURN_SOURCE_DIR).lexically_normal();
  EXPECT_EQ(config.logs, (root / "data" / "raw").string());
  EXPECT_EQ(config.output.data_dir, root / "data");
  EXPECT_EQ(config.output.models_dir, root / "models");
  EXPECT_EQ(config.demo.users, 20000);
  EXPECT_EQ(config.demo.start, events::YearMonth(2019, 10));
  EXPECT_EQ(config.train.candidates.size(), 3U);
  EXPECT_EQ(config.train.xgboost_leafwise.max_leaves, 31);
  EXPECT_EQ(config.server.port, 8501);
}

TEST(ConfigFileTest, RelativePathsResolveAgainstTheConfigFolder) {
  TempDir folder;
  std::filesystem::path path =
      WriteTextFile(folder / "sub" / "config.yaml",
                    "logs:\n  path: ../logs/2019-*.csv\noutput:\n  data: out/data\n");
  AppConfig config = LoadConfigFile(path);
  EXPECT_EQ(config.logs, (folder.path() / "logs" / "2019-*.csv").string());
  EXPECT_EQ(config.output.data_dir, folder.path() / "sub" / "out" / "data");
  EXPECT_EQ(config.output.models_dir, folder.path() / "sub" / "models")
      << "default, beside the file";
}

TEST(ConfigFileTest, ReadsTheServerSectionWithPathsBesideTheFile) {
  TempDir folder;
  AppConfig config = LoadConfigFile(WriteTextFile(
      folder / "config.yaml",
      "server:\n  host: 0.0.0.0\n  port: 0\n  allow_remote: true\n  token_file: secret/token\n"
      "  web_dir: web\n  max_request_bytes: 4096\n  timeout_seconds: 3\n  threads: 4\n"));
  EXPECT_EQ(config.server.host, "0.0.0.0");
  EXPECT_EQ(config.server.port, 0);
  EXPECT_TRUE(config.server.allow_remote);
  EXPECT_EQ(config.server.token_file, folder.path() / "secret" / "token");
  EXPECT_EQ(config.server.web_dir, folder.path() / "web");
  EXPECT_EQ(config.server.max_request_bytes, 4096U);
  EXPECT_EQ(config.server.timeout_seconds, 3);
  EXPECT_EQ(config.server.WorkerThreads(), 4U);
  EXPECT_THAT(LoadError("server:\n  timeout_seconds: 0\n"),
              HasSubstr("server.timeout_seconds must be between 1 and 3600, got 0"));
  EXPECT_THAT(LoadError("server:\n  threads: -1\n"),
              HasSubstr("server.threads must be between 0 and 4096, got -1"));
  EXPECT_THAT(LoadError("server:\n  token: abc\n"),
              HasSubstr("valid keys of server: host, port, allow_remote, token_file"));
}

TEST(ConfigFileTest, AnEmptyFileGivesTheDefaults) {
  TempDir folder;
  AppConfig config = LoadConfigFile(WriteTextFile(folder / "config.yaml", ""));
  EXPECT_EQ(config.demo.users, demo::DemoConfig().users);
  EXPECT_EQ(config.server.host, "127.0.0.1");
}

TEST(ConfigFileTest, UnknownKeyNamesTheClosestValidKeyAndItsLine) {
  std::string error = LoadError("demo:\n  users: 10\n  usres: 20\n");
  EXPECT_THAT(error, HasSubstr("config.yaml:3:3: unknown key 'demo.usres'"));
  EXPECT_THAT(error, HasSubstr("did you mean 'demo.users'?"));
}

TEST(ConfigFileTest, UnknownSectionAndNestedKeysAreCaught) {
  EXPECT_THAT(LoadError("sever:\n  port: 1\n"), HasSubstr("did you mean 'server'?"));
  EXPECT_THAT(LoadError("train:\n  xgboost:\n    max_dept: 3\n"),
              HasSubstr("did you mean 'train.xgboost.max_depth'?"));
  EXPECT_THAT(LoadError("demo:\n  colour: red\n"), HasSubstr("valid keys of demo: users, months"));
}

TEST(ConfigFileTest, WrongTypesNameTheKeyAndWhatWasExpected) {
  EXPECT_THAT(LoadError("demo:\n  users: many\n"),
              HasSubstr("demo.users: expected an integer, got 'many'"));
  EXPECT_THAT(LoadError("demo:\n  seed: -1\n"), HasSubstr("demo.seed: expected a non-negative"));
  EXPECT_THAT(LoadError("server:\n  port: [1, 2]\n"),
              HasSubstr("server.port: expected an integer"));
  EXPECT_THAT(LoadError("demo: 3\n"), HasSubstr("'demo' must be a mapping"));
}

TEST(ConfigFileTest, OutOfRangeValuesAreRejectedByTheStagesValidationWithTheirLine) {
  EXPECT_THAT(LoadError("demo:\n  users: 0\n"),
              HasSubstr("config.yaml:2:10: demo.users must be between 1"));
  EXPECT_THAT(LoadError("server:\n  port: 70000\n"),
              HasSubstr("config.yaml:2:9: server.port must be between 0"));
  EXPECT_THAT(LoadError("train:\n  candidates: [xgboost, lightgbm]\n"),
              HasSubstr("config.yaml:2:15: train.candidates: unknown value 'lightgbm'"));
  EXPECT_THAT(LoadError("train:\n  candidates: [xgboost, xgboost]\n"),
              HasSubstr("config.yaml:2:3: train.candidates: 'xgboost' is listed twice"));
  EXPECT_THAT(LoadError("train:\n  campaign:\n    offer_success_rate: 1.5\n"),
              HasSubstr("config.yaml:3:25: train.campaign.offer_success_rate must be between 0 "
                        "and 1, got 1.5"));
  EXPECT_THAT(LoadError("churn:\n  cohort_active_days: 4000\n"),
              HasSubstr("config.yaml:2:23: churn.cohort_active_days must be between 0 and 3660"));
  EXPECT_THAT(LoadError("train:\n  candidates: [xgbost]\n"), HasSubstr("did you mean 'xgboost'?"));
  EXPECT_THAT(LoadError("train:\n  xgboost:\n    learning_rate: 2\n"),
              HasSubstr("train.xgboost.learning_rate must be between"));
  EXPECT_THAT(LoadError("churn:\n  cutoffs: [2019-12-01, 2019-11-01]\n"),
              HasSubstr("ascending order"));
}

TEST(ConfigFileTest, ChoicesSuggestTheClosestValue) {
  EXPECT_THAT(
      LoadError("demo:\n  compression: zstd\n"),
      HasSubstr("unknown value 'zstd' (expected one of: none, gz, zst; did you mean 'zst'?)"));
  EXPECT_THAT(LoadError("churn:\n  qualifying_event: purchases\n"),
              HasSubstr("did you mean 'purchase'?"));
  EXPECT_THAT(LoadError("demo:\n  start: October\n"), HasSubstr("demo.start: expected a month"));
  EXPECT_THAT(LoadError("churn:\n  cutoffs: [2019-13-01]\n"), HasSubstr("expected dates like"));
}

TEST(ConfigFileTest, ReadsEveryKindOfSetting) {
  TempDir folder;
  AppConfig config = LoadConfigFile(WriteTextFile(folder / "config.yaml",
                                                  "demo:\n"
                                                  "  users: 1234\n"       // int64
                                                  "  seed: 7\n"           // uint64
                                                  "  start: 2020-02\n"    // YearMonth
                                                  "  compression: zst\n"  // enum
                                                  "features:\n"
                                                  "  max_bad_fraction: 0.5\n"  // double
                                                  "  on_bad_row: skip\n"
                                                  "  columns:\n"
                                                  "    numeric_ids: false\n"  // bool
                                                  "    session: visit\n"      // string
                                                  "churn:\n"
                                                  "  cutoffs: [2019-11-01, 2019-12-01]\n"
                                                  "  qualifying_event: purchase\n"
                                                  "train:\n"
                                                  "  candidates: [logreg]\n"  // list of names
                                                  "  selection_metric: log_loss\n"
                                                  "  threshold: max_profit\n"
                                                  "  calibration: isotonic\n"
                                                  "  campaign:\n"
                                                  "    retained_value: 80\n"
                                                  "  xgboost_leafwise:\n"
                                                  "    max_leaves: 15\n"));
  EXPECT_EQ(config.demo.users, 1234);
  EXPECT_EQ(config.demo.seed, 7U);
  EXPECT_EQ(config.demo.start, events::YearMonth(2020, 2));
  EXPECT_EQ(config.demo.compression, events::Compression::kZstd);
  EXPECT_EQ(config.features.max_bad_fraction, 0.5);
  EXPECT_EQ(config.features.on_bad_row, features::BadRowPolicy::kSkip);
  EXPECT_FALSE(config.features.columns.numeric_ids);
  EXPECT_EQ(config.features.columns.session, "visit");
  EXPECT_EQ(config.features.columns.user_id, "user_id") << "the rest keep the layout's names";
  EXPECT_THAT(config.features.churn.cutoffs, ::testing::ElementsAre(1572566400, 1575158400));
  EXPECT_EQ(config.features.churn.qualifying_event, features::QualifyingEvent::kPurchase);
  EXPECT_THAT(config.train.candidates, ::testing::ElementsAre("logreg"));
  EXPECT_EQ(config.report.selection_metric, report::SelectionMetric::kLogLoss);
  EXPECT_EQ(config.report.threshold_rule, report::ThresholdRule::kMaxProfit);
  EXPECT_EQ(config.train.calibration, model::Calibration::kIsotonic);
  EXPECT_EQ(config.report.campaign.retained_value, 80.0);
  EXPECT_EQ(config.report.campaign.contact_cost, 1.0);
  EXPECT_EQ(config.train.xgboost_leafwise.max_leaves, 15);
  EXPECT_EQ(config.train.xgboost_leafwise.max_depth, 0) << "the leaf-wise default stays";
}

TEST(ConfigFileTest, TheLayoutSetsTheColumnsThatTheColumnsSectionOverrides) {
  TempDir folder;
  AppConfig config = LoadConfigFile(
      WriteTextFile(folder / "config.yaml",
                    "features:\n  layout: uci_online_retail\n  columns:\n    user_id: Customer\n"));
  EXPECT_EQ(config.features.layout, features::ColumnLayout::kUciOnlineRetail);
  EXPECT_EQ(config.features.columns.session, "InvoiceNo");
  EXPECT_EQ(config.features.columns.user_id, "Customer");
  EXPECT_FALSE(config.features.columns.numeric_ids);
}

TEST(ConfigFileTest, MessagesOfTheNewKindsNameTheKeyAndItsPlace) {
  EXPECT_THAT(
      LoadError("train:\n  selection_metric: pr-auc\n"),
      HasSubstr("config.yaml:2:21: train.selection_metric: unknown value 'pr-auc' "
                "(expected one of: pr_auc, roc_auc, log_loss, f1; did you mean 'pr_auc'?)"));
  EXPECT_THAT(LoadError("train:\n  threshold: max_profits\n"),
              HasSubstr("did you mean 'max_profit'?"));
  EXPECT_THAT(LoadError("features:\n  columns:\n    user: u\n"),
              HasSubstr("config.yaml:3:5: unknown key 'features.columns.user'"));
  EXPECT_THAT(LoadError("train:\n  campaign:\n    cost: 2\n"),
              HasSubstr("unknown key 'train.campaign.cost'"));
}

TEST(ConfigFileTest, InvalidYamlNamesTheLine) {
  EXPECT_THAT(LoadError("demo:\n  users: [1, 2\n"), HasSubstr("invalid YAML"));
}

TEST(ConfigFileTest, MissingFileOrAFolderIsAnIoError) {
  EXPECT_THROW(LoadConfigFile("/nonexistent/config.yaml"), IoError);
  TempDir folder;
  EXPECT_THROW(LoadConfigFile(folder.path()), IoError);
}

TEST(PathOverridesTest, LogsAndOutReplaceTheConfiguredPaths) {
  AppConfig config = AppConfig::Defaults("/base");
  PathOverrides overrides;
  overrides.logs = "/logs/rees46";
  overrides.out_dir = "runs/rees46";
  ApplyOverrides(overrides, &config);
  EXPECT_EQ(config.logs, "/logs/rees46");
  EXPECT_EQ(config.output.data_dir, std::filesystem::path("runs/rees46/data"));
  EXPECT_EQ(config.output.models_dir, std::filesystem::path("runs/rees46/models"));
}

}  // namespace
}  // namespace churn::config_file
