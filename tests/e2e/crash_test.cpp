// `churn-radar run` killed with SIGKILL at several points (issue 16): after
// each, no half-written file stands under a final name, the previous run's
// artifacts stand, a reader either answers or refuses with the command to
// run (never mixes two runs), and the next run succeeds and leaves no
// temporary behind. Runs alternate between two churn definitions, so that
// the tables of one run differ from the last.

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "churn_radar.h"
#include "testing/temp_dir.h"

namespace churn::e2e {
namespace {

using churn::testing::ReadTextFile;
using churn::testing::TempDir;
using churn::testing::WriteTextFile;
using ::testing::HasSubstr;
using FileTime = std::filesystem::file_time_type;

constexpr int kRuntimeError = 1;
constexpr std::chrono::milliseconds kPollEvery{1};
constexpr std::chrono::seconds kRunAtMost{180};

constexpr const char* kConfig = R"(logs:
  path: raw
output:
  data: data
  models: models
  scores: scores
demo:
  users: 800
  months: 3
churn:
  cohort_active_days: 30
  label_days: {label_days}
train:
  candidates: [xgboost, logreg]
  bootstrap_resamples: 10
  backtest: false
  xgboost:
    rounds: 30
)";

// The modification time of a file, or the epoch when it is not there.
FileTime ModifiedAt(const std::filesystem::path& path) {
  std::error_code error;
  FileTime time = std::filesystem::last_write_time(path, error);
  return error ? FileTime() : time;
}

bool HoldsATemporary(const std::filesystem::path& folder) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    if (entry.path().filename().string().find(".tmp-") != std::string::npos) {
      return true;
    }
  }
  return false;
}

// The artifacts under their final names (hidden entries, temporaries, are not).
std::vector<std::filesystem::path> FinalFiles(const std::filesystem::path& root) {
  std::vector<std::filesystem::path> files;
  for (const char* folder : {"data", "models", "scores"}) {
    std::error_code error;
    auto entries = std::filesystem::recursive_directory_iterator(root / folder, error);
    for (auto entry = begin(entries); entry != end(entries); entry.increment(error)) {
      if (entry->path().filename().string().starts_with('.')) {
        entry.disable_recursion_pending();
      } else if (entry->is_regular_file()) {
        files.push_back(std::filesystem::relative(entry->path(), root));
      }
    }
  }
  return files;
}

// Every temporary left anywhere in the run's folders.
std::vector<std::string> Temporaries(const std::filesystem::path& root) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().filename().string().find(".tmp-") != std::string::npos) {
      found.push_back(entry.path().lexically_relative(root).string());
    }
  }
  return found;
}

// Starts churn-radar with `arguments` in `folder` and kills it with SIGKILL
// once `reached` holds; true when it was killed (not ended on its own first).
bool RunAndKill(const std::filesystem::path& folder, std::vector<std::string> arguments,
                const std::function<bool()>& reached) {
  arguments.insert(arguments.begin(), CHURN_RADAR_BINARY);
  std::vector<char*> argv;
  argv.reserve(arguments.size() + 1);
  for (std::string& argument : arguments) {
    argv.push_back(argument.data());
  }
  argv.push_back(nullptr);
  const pid_t child = ::fork();
  if (child == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    if (::chdir(folder.c_str()) != 0 || null < 0) {
      ::_exit(127);
    }
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
    ::execv(CHURN_RADAR_BINARY, argv.data());
    ::_exit(127);
  }
  const auto give_up = std::chrono::steady_clock::now() + kRunAtMost;
  int status = 0;
  while (::waitpid(child, &status, WNOHANG) == 0) {
    if (reached() || std::chrono::steady_clock::now() > give_up) {
      ::kill(child, SIGKILL);
      ::waitpid(child, &status, 0);
      break;
    }
    std::this_thread::sleep_for(kPollEvery);
  }
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

// Where a run is killed: once `reached` holds, a poll later.
struct KillPoint {
  std::string name;
  std::function<bool()> reached;
};

class CrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int label_days : {0, 14}) {
      std::string config = kConfig;
      config.replace(config.find("{label_days}"), std::string("{label_days}").size(),
                     std::to_string(label_days));
      WriteTextFile(folder_ / ConfigName(label_days), config);
    }
    ASSERT_EQ(ChurnRadar("-q --config " + ConfigName(0) + " make-dataset --demo", folder_.path())
                  .exit_code,
              0);
    user_ = FirstUser();
  }

  static std::string ConfigName(int label_days) {
    return "config_" + std::to_string(label_days) + ".yaml";
  }

  // A user of the logs, whom `predict --from-logs` scores in any state.
  std::string FirstUser() {
    std::string logs = ReadTextFile(folder_ / "raw" / "2019-Dec.csv");
    std::size_t row = logs.find('\n') + 1;
    std::vector<std::string> fields;
    std::size_t start = row;
    for (std::size_t at = row; at < logs.size() && logs[at] != '\n'; ++at) {
      if (logs[at] == ',') {
        fields.push_back(logs.substr(start, at - start));
        start = at + 1;
      }
    }
    fields.push_back(logs.substr(start, logs.find('\n', start) - start));
    constexpr std::size_t kUserColumn = 7;  // event_time, ..., price, user_id
    return fields.at(kUserColumn);
  }

  // `run` to the end: it succeeds and leaves no temporary.
  void RunToTheEnd(const std::string& config) {
    testing::CommandResult result = ChurnRadar("-q --config " + config + " run", folder_.path());
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(Temporaries(folder_.path()), ::testing::IsEmpty());
    EXPECT_EQ(Predict(config).exit_code, 0) << Predict(config).err;
  }

  testing::CommandResult Predict(const std::string& config) {
    return ChurnRadar("-q --config " + config + " predict --from-logs --user-id " + user_,
                      folder_.path());
  }

  // No file under a final name is half written.
  void ExpectWholeFiles() {
    for (const std::filesystem::path& file : FinalFiles(folder_.path())) {
      std::string text = ReadTextFile(folder_.path() / file);
      const std::string extension = file.extension().string();
      EXPECT_FALSE(text.empty()) << file;
      if (extension == ".json") {
        EXPECT_TRUE(nlohmann::json::accept(text)) << file << " is not whole JSON";
      } else if (extension == ".csv") {
        EXPECT_TRUE(text.ends_with('\n')) << file << " ends inside a line";
      }
    }
  }

  TempDir folder_;
  std::string user_;
};

TEST_F(CrashTest, ARunKilledAtAnyPointLeavesWholeArtifactsAndTheNextRunSucceeds) {
  const std::filesystem::path data = folder_ / "data";
  const std::filesystem::path models = folder_ / "models";
  const std::filesystem::path scores = folder_ / "scores";
  ASSERT_NO_FATAL_FAILURE(RunToTheEnd(ConfigName(0)));

  std::map<std::string, FileTime> before;
  auto changed = [&](const std::filesystem::path& path) {
    return ModifiedAt(path) != before[path.string()];
  };
  const std::vector<KillPoint> points = {
      {"features writing its tables",
       [&] { return HoldsATemporary(data) || changed(data / "processed_train.csv"); }},
      {"between features and train", [&] { return changed(models / "feature_columns.json"); }},
      {"train writing its reports", [&] { return changed(models / "metrics.json"); }},
      {"explain", [&] { return changed(models / "shap_summary.json"); }},
      {"score writing its folder", [&] { return changed(scores) || HoldsATemporary(scores); }},
  };
  int label_days = 0;
  int mixed_states = 0;
  for (const KillPoint& point : points) {
    SCOPED_TRACE("killed at: " + point.name);
    label_days = 14 - label_days;  // another churn definition than the last run's
    const std::string config = ConfigName(label_days);
    const std::vector<std::filesystem::path> previous = FinalFiles(folder_.path());
    before.clear();
    for (const std::filesystem::path& path :
         {data / "processed_train.csv", models / "feature_columns.json", models / "metrics.json",
          models / "shap_summary.json", models / "manifest.json", scores}) {
      before[path.string()] = ModifiedAt(path);
    }
    ASSERT_TRUE(RunAndKill(folder_.path(), {"-q", "--config", config, "run"}, point.reached))
        << "the run ended before it was killed";

    ExpectWholeFiles();
    for (const std::filesystem::path& file : previous) {
      // `train` removes the backtest of the tables before, first.
      if (file.filename() != "backtest.json") {
        EXPECT_TRUE(std::filesystem::exists(folder_.path() / file)) << file << " is gone";
      }
    }
    // New tables beside the model of the run before: predict must refuse.
    const bool mixed = changed(data / "processed_train.csv") && !changed(models / "manifest.json");
    testing::CommandResult predicted = Predict(config);
    if (mixed) {
      ++mixed_states;
      EXPECT_EQ(predicted.exit_code, kRuntimeError);
      EXPECT_THAT(predicted.err, HasSubstr("run `churn-radar train`"));
    } else if (predicted.exit_code != 0) {
      EXPECT_EQ(predicted.exit_code, kRuntimeError);
      EXPECT_THAT(predicted.err, HasSubstr("run `churn-radar "));
    }
    ASSERT_NO_FATAL_FAILURE(RunToTheEnd(config));
  }
  // Killed between `features` and `train` at least: new tables, the old model.
  EXPECT_GE(mixed_states, 1);
}

TEST(KilledDemoTest, TheNextDemoRemovesTheStagingFolderAKilledOneLeft) {
  TempDir folder;
  const std::filesystem::path logs = folder / "logs";
  // Big enough to be caught while it writes its months into the staging folder.
  ASSERT_TRUE(RunAndKill(
      folder.path(),
      {"make-dataset", "--demo", "--users", "200000", "--months", "3", "--output", "logs"},
      [&] { return HoldsATemporary(logs); }));
  ASSERT_TRUE(HoldsATemporary(logs)) << "the killed demo left its staging folder";
  testing::CommandResult demo = ChurnRadar(
      "make-dataset --demo --users 200 --months 2 --output logs --if-missing", folder.path());
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  EXPECT_THAT(
      demo.err,
      HasSubstr("removed 1 unfinished file or folder left in logs by a run that was stopped"));
  EXPECT_THAT(Temporaries(folder.path()), ::testing::IsEmpty());
}

}  // namespace
}  // namespace churn::e2e
