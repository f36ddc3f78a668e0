// The command line as a user meets it: help, version, exit codes, and one
// clear line on stderr for every error.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "churn_radar.h"
#include "testing/temp_dir.h"

namespace churn::e2e {
namespace {

using churn::testing::TempDir;
using churn::testing::WriteTextFile;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr int kRuntimeError = 1;
constexpr int kUsageError = 2;

int LineCount(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

TEST(CliTest, HelpListsEverySubcommand) {
  auto result = ChurnRadar("--help");
  EXPECT_EQ(result.exit_code, 0);
  for (const char* command :
       {"make-dataset", "features", "train", "explain", "predict", "serve", "run"}) {
    EXPECT_THAT(result.out, HasSubstr(command));
  }
  EXPECT_THAT(result.err, IsEmpty());
}

TEST(CliTest, EverySubcommandHasHelpWithTheSharedOptions) {
  for (const char* command :
       {"make-dataset", "features", "train", "explain", "predict", "serve", "run"}) {
    auto result = ChurnRadar(std::string(command) + " --help");
    EXPECT_EQ(result.exit_code, 0) << command;
    EXPECT_THAT(result.out, HasSubstr("--logs")) << command;
    EXPECT_THAT(result.out, HasSubstr("--out")) << command;
    EXPECT_THAT(result.out, HasSubstr("--config")) << command;
  }
}

TEST(CliTest, VersionPrintsTheVersionOnStdout) {
  auto result = ChurnRadar("--version");
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, ::testing::MatchesRegex("[0-9]+\\.[0-9]+\\.[0-9]+\n"));
}

TEST(CliTest, UsageErrorsExitTwoWithAPointerToHelp) {
  for (const char* arguments :
       {"", "fly", "run --no-such-option", "make-dataset --sample 2",
        "make-dataset --demo --sample 0.1", "serve --port 70000", "make-dataset --users 5"}) {
    auto result = ChurnRadar(arguments);
    EXPECT_EQ(result.exit_code, kUsageError) << arguments;
    EXPECT_THAT(result.err, HasSubstr("churn-radar: error: ")) << arguments;
    EXPECT_THAT(result.err, HasSubstr("--help")) << arguments;
    EXPECT_THAT(result.out, IsEmpty()) << arguments;
  }
}

TEST(CliTest, MakeDatasetWithoutAModeIsAUsageError) {
  TempDir folder;
  auto result = ChurnRadar("make-dataset", folder.path());
  EXPECT_EQ(result.exit_code, kUsageError);
  EXPECT_THAT(result.err, HasSubstr("make-dataset needs --demo or --sample FRACTION"));
}

TEST(CliTest, BadConfigExitsOneWithOneLineNamingTheKey) {
  TempDir folder;
  WriteTextFile(folder / "bad.yaml", "demo:\n  usres: 5\n");
  auto result = ChurnRadar("--quiet run --config bad.yaml", folder.path());
  EXPECT_EQ(result.exit_code, kRuntimeError);
  EXPECT_EQ(result.err,
            "churn-radar: error: bad.yaml:2:3: unknown key 'demo.usres' (did you mean "
            "'demo.users'?)\n");
  EXPECT_THAT(result.out, IsEmpty());
}

TEST(CliTest, MissingConfigGivenExplicitlyIsAnError) {
  TempDir folder;
  auto result = ChurnRadar("run --config nowhere.yaml", folder.path());
  EXPECT_EQ(result.exit_code, kRuntimeError);
  EXPECT_THAT(result.err, HasSubstr("cannot read config file nowhere.yaml"));
  auto a_folder = ChurnRadar("run --config .", folder.path());
  EXPECT_EQ(a_folder.exit_code, kRuntimeError);
  EXPECT_THAT(a_folder.err, HasSubstr("config file . is a folder"));
}

TEST(CliTest, RunWithoutLogsSaysWhereItLookedAndHowToMakeDemoLogs) {
  TempDir folder;
  auto missing = ChurnRadar("run --quiet --logs nowhere", folder.path());
  EXPECT_EQ(missing.exit_code, kRuntimeError);
  EXPECT_EQ(LineCount(missing.err), 1) << missing.err;
  EXPECT_THAT(missing.err, HasSubstr("nowhere: no such file or folder"));
  EXPECT_THAT(missing.err, HasSubstr("make-dataset --demo"));

  std::filesystem::create_directories(folder / "empty");
  auto empty = ChurnRadar("run --quiet --logs empty", folder.path());
  EXPECT_EQ(empty.exit_code, kRuntimeError);
  EXPECT_THAT(empty.err, HasSubstr("no monthly logs found"));
  EXPECT_THAT(empty.err, HasSubstr("make-dataset --demo"));
}

TEST(CliTest, GlobalOptionsWorkBeforeAndAfterTheSubcommand) {
  TempDir folder;
  WriteTextFile(folder / "bad.yaml", "server:\n  port: -1\n");
  auto before = ChurnRadar("--config bad.yaml --quiet run", folder.path());
  auto after = ChurnRadar("run --config bad.yaml --quiet", folder.path());
  EXPECT_EQ(before.exit_code, kRuntimeError);
  EXPECT_EQ(before.err, after.err);
  EXPECT_THAT(before.err, HasSubstr("bad.yaml:2:9: server.port must be between 0 and 65535"));
}

TEST(CliTest, ServeBeyondLoopbackNeedsTheFlagAndAToken) {
  TempDir folder;
  auto without_flag = ChurnRadar("serve --host 0.0.0.0 --port 0", folder.path());
  EXPECT_EQ(without_flag.exit_code, kUsageError);
  EXPECT_THAT(without_flag.err, HasSubstr("pass --allow-remote"));
  auto without_token = ChurnRadar("serve --host 0.0.0.0 --port 0 --allow-remote", folder.path());
  EXPECT_EQ(without_token.exit_code, kUsageError);
  EXPECT_THAT(without_token.err, HasSubstr("needs an access token: set CHURN_RADAR_TOKEN"));
  EXPECT_THAT(without_token.out, IsEmpty()) << "it never started listening";
}

TEST(CliTest, ServeWithoutATrainedModelSaysWhatToRun) {
  TempDir folder;
  auto result = ChurnRadar("serve --port 0 --out nothing-here", folder.path());
  EXPECT_EQ(result.exit_code, kRuntimeError);
  EXPECT_THAT(result.err, HasSubstr("nothing-here/models/feature_columns.json is missing: run "
                                    "`churn-radar features` (or `churn-radar run`) first"));
  EXPECT_EQ(LineCount(result.err), 2) << "which config, then the error: " << result.err;
}

TEST(CliTest, EveryCommandSaysOnceWhichConfigItUses) {
  TempDir folder;
  auto defaults = ChurnRadar("serve --port 0 --out nothing-here", folder.path());
  EXPECT_THAT(defaults.err, HasSubstr("churn-radar: info: no config file; built-in defaults"));
  WriteTextFile(folder / "mine.yaml", "demo:\n  users: 10\n");
  auto chosen = ChurnRadar("--config mine.yaml serve --port 0 --out nothing-here", folder.path());
  EXPECT_THAT(chosen.err, HasSubstr("churn-radar: info: config mine.yaml\n"));
  EXPECT_EQ(chosen.err.find("config mine.yaml"), chosen.err.rfind("config mine.yaml"))
      << "once: " << chosen.err;
}

TEST(CliTest, InformationGoesToStderrAndResultsToStdout) {
  TempDir folder;
  auto result =
      ChurnRadar("make-dataset --demo --users 30 --months 1 --output logs", folder.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("churn-radar: info: "));
  EXPECT_THAT(result.out, Not(HasSubstr("info:")));
  EXPECT_THAT(result.out, HasSubstr("2019-Oct.csv"));
}

}  // namespace
}  // namespace churn::e2e
