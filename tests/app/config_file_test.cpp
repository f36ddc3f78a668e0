#include "app/config_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "errors/error.h"
#include "testing/temp_dir.h"

namespace churn::app {
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
              HasSubstr("server.timeout_seconds must be positive"));
  EXPECT_THAT(LoadError("server:\n  threads: -1\n"), HasSubstr("server.threads must be 0"));
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
              HasSubstr("unknown model 'lightgbm'"));
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
}  // namespace churn::app
