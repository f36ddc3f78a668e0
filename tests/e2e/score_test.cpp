// `churn-radar score` end to end (issue 13), on generated logs: `run` on three
// demo months ends with a first scoring; with the fourth month's file added,
// `score` scores today's customers. The as-of dates, the cohorts and the
// movers are checked against what the test reads itself from the logs and
// the two at-risk lists; each score against `predict`; drift; clear errors.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "churn_radar.h"
#include "scored_demo.h"
#include "testing/temp_dir.h"

namespace churn::e2e {
namespace {

using churn::testing::ReadTextFile;
using churn::testing::TempDir;
using ::testing::HasSubstr;

// As in the fixture's config (tests/fixtures/demo_runs/scored.yaml) and steps
// (tests/e2e/CMakeLists.txt): `run` reads every month but this one.
constexpr int kCohortDays = 21;
constexpr std::string_view kNewMonthFile = "2020-Jan.csv";
constexpr int kRunStep = 2;
constexpr int kScoreStep = 3;

// summary.json names this many users of each list of movers.
constexpr std::size_t kMoversListed = 50;
// A scoring's previous probabilities come from the previous scoring's SHAP
// store, which keeps them as floats.
constexpr double kStoredPrecision = 1e-12;  // the store keeps the probability as scored
constexpr double kSameProbability = 1e-9;

constexpr std::string_view kLogsHeader =
    "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session";

// ---- Dates, as the test computes them itself ----

std::chrono::sys_days ParseDate(std::string_view date) {  // YYYY-MM-DD
  auto number = [&](std::size_t at, std::size_t size) {
    return std::stoi(std::string(date.substr(at, size)));
  };
  return std::chrono::year(number(0, 4)) / number(5, 2) / number(8, 2);
}

std::string FormatDate(std::chrono::sys_days day) {
  std::chrono::year_month_day date(day);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

std::string DaysAfter(std::string_view date, int days) {
  return FormatDate(ParseDate(date) + std::chrono::days(days));
}

// ---- The logs, as the test reads them itself ----

// One event: its time, "YYYY-MM-DD HH:MM:SS" (the logs add " UTC"), and user.
struct LogEvent {
  std::string time;
  std::string user_id;
  bool new_month = false;  // in the file `run` did not read
};

enum class Months { kFirstThree, kAllFour };

void ReadEvents(const std::filesystem::path& file, std::vector<LogEvent>& events) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  ASSERT_EQ(line, kLogsHeader) << file;
  bool new_month = file.filename() == kNewMonthFile;
  while (std::getline(in, line)) {
    std::vector<std::string_view> fields = SplitCsvLine(line);
    ASSERT_EQ(fields.size(), 9U) << line;
    ASSERT_EQ(fields[0].size(), 23U) << line;
    ASSERT_EQ(fields[0].substr(19), " UTC") << line;
    events.push_back({std::string(fields[0].substr(0, 19)), std::string(fields[7]), new_month});
  }
}

// Every event of the fixture's four monthly files, read once per process.
const std::vector<LogEvent>& AllEvents() {
  static const std::vector<LogEvent> kEvents = [] {
    std::vector<LogEvent> read;
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(Demo() / "logs")) {
      ReadEvents(entry.path(), read);
      ++files;
    }
    EXPECT_EQ(files, 4U) << "the demo's four monthly files";
    return read;
  }();
  return kEvents;
}

bool Read(const LogEvent& event, Months months) {
  return months == Months::kAllFour || !event.new_month;
}

// The midnight after the last event: the as-of date a scoring of these months has.
std::string AsOfDate(Months months) {
  std::string last;
  for (const LogEvent& event : AllEvents()) {
    if (Read(event, months)) {
      last = std::max(last, event.time);
    }
  }
  return DaysAfter(last.substr(0, 10), 1);
}

// The users with an event in [from, to) (dates).
std::set<std::string> ActiveUsers(Months months, const std::string& from, const std::string& to) {
  std::string from_time = from + " 00:00:00";
  std::string to_time = to + " 00:00:00";
  std::set<std::string> users;
  for (const LogEvent& event : AllEvents()) {
    if (Read(event, months) && event.time >= from_time && event.time < to_time) {
      users.insert(event.user_id);
    }
  }
  return users;
}

// The band of the contract: high from the threshold, medium from half of it.
std::string BandOf(double probability, double threshold) {
  if (probability >= threshold) {
    return "high";
  }
  return probability >= threshold / 2 ? "medium" : "low";
}

// ---- The movers, recomputed from two at-risk lists ----

struct Ranked {
  double key = 0;
  std::string user_id;
};

// The user ids by key, highest first, then by user id.
std::vector<std::string> RankedIds(std::vector<Ranked> users) {
  std::sort(users.begin(), users.end(), [](const Ranked& left, const Ranked& right) {
    return left.key != right.key ? left.key > right.key : left.user_id < right.user_id;
  });
  std::vector<std::string> ids;
  ids.reserve(users.size());
  for (const Ranked& user : users) {
    ids.push_back(user.user_id);
  }
  return ids;
}

struct Movers {
  std::vector<std::string> newly_high;  // by probability
  std::vector<std::string> risen;       // by change
  std::vector<std::string> left;        // by previous probability
  std::size_t unchanged = 0;            // in both, with the same probability
};

Movers RecomputeMovers(const AtRiskList& before, const AtRiskList& now) {
  std::vector<Ranked> newly_high, risen, left;
  std::size_t unchanged = 0;
  for (const AtRiskRow& row : now.rows) {
    const AtRiskRow* previous = before.Find(row.user_id);
    if (row.band == "high" && (previous == nullptr || previous->band != "high")) {
      newly_high.push_back({row.probability, row.user_id});
    }
    if (previous != nullptr && row.probability > previous->probability) {
      risen.push_back({row.probability - previous->probability, row.user_id});
    }
    unchanged += previous != nullptr && row.probability == previous->probability ? 1 : 0;
  }
  for (const AtRiskRow& row : before.rows) {
    const AtRiskRow* current = now.Find(row.user_id);
    if (row.flagged && (current == nullptr || !current->flagged)) {
      left.push_back({row.probability, row.user_id});
    }
  }
  return {.newly_high = RankedIds(std::move(newly_high)),
          .risen = RankedIds(std::move(risen)),
          .left = RankedIds(std::move(left)),
          .unchanged = unchanged};
}

// The list's count (that of `expected`), and its users: the first
// kMoversListed of `expected`.
void ExpectListed(const nlohmann::json& list, const std::vector<std::string>& expected,
                  const std::string& what) {
  EXPECT_FALSE(expected.empty()) << what << ": the demo has movers of every kind";
  EXPECT_EQ(list["count"].get<std::size_t>(), expected.size()) << what;
  std::vector<std::string> listed;
  for (const nlohmann::json& user : list["users"]) {
    listed.push_back(user["user_id"].get<std::string>());
  }
  std::size_t shown = std::min(expected.size(), kMoversListed);
  EXPECT_EQ(listed, std::vector<std::string>(expected.begin(),
                                             expected.begin() + static_cast<std::ptrdiff_t>(shown)))
      << what;
}

// Each listed user's figures against the two lists (a listed user missing
// from them fails ExpectListed).
void ExpectMoverFigures(const nlohmann::json& changes, const AtRiskList& before,
                        const AtRiskList& now) {
  for (const nlohmann::json& user : changes["newly_high"]["users"]) {
    const AtRiskRow* row = now.Find(user["user_id"].get<std::string>());
    ASSERT_NE(row, nullptr) << user.dump();
    EXPECT_NEAR(user["probability"].get<double>(), row->probability, kSameProbability);
    const AtRiskRow* previous = before.Find(row->user_id);
    EXPECT_EQ(user["previous_probability"].is_null(), previous == nullptr) << row->user_id;
    EXPECT_EQ(user["previous_band"],
              previous == nullptr ? nlohmann::json(nullptr) : nlohmann::json(previous->band))
        << row->user_id;
    if (previous != nullptr && !user["previous_probability"].is_null()) {
      EXPECT_NEAR(user["previous_probability"].get<double>(), previous->probability,
                  kStoredPrecision);
    }
  }
  for (const nlohmann::json& user : changes["risen"]["users"]) {
    const AtRiskRow* row = now.Find(user["user_id"].get<std::string>());
    const AtRiskRow* previous = before.Find(user["user_id"].get<std::string>());
    ASSERT_TRUE(row != nullptr && previous != nullptr) << user.dump();
    EXPECT_NEAR(user["change"].get<double>(), row->probability - previous->probability,
                kStoredPrecision);
  }
  for (const nlohmann::json& user : changes["left"]["users"]) {
    const AtRiskRow* previous = before.Find(user["user_id"].get<std::string>());
    ASSERT_NE(previous, nullptr) << user.dump();
    EXPECT_NEAR(user["previous_probability"].get<double>(), previous->probability,
                kStoredPrecision);
    const AtRiskRow* row = now.Find(previous->user_id);
    EXPECT_EQ(user["why"], row == nullptr ? "not in the cohort now" : "risk fell");
    EXPECT_EQ(user["probability"],
              row == nullptr ? nlohmann::json(nullptr) : nlohmann::json(row->probability))
        << previous->user_id;
  }
}

// summary.json's movers of the scoring `now` against those recomputed from
// the at-risk lists of the scoring before it and of `now`.
void ExpectMoversRight(const std::string& before_as_of, const std::string& now_as_of) {
  AtRiskList before = ReadAtRisk(Scores() / before_as_of);
  AtRiskList now = ReadAtRisk(Scores() / now_as_of);
  nlohmann::json summary = Json(Scores() / now_as_of / "summary.json");
  EXPECT_EQ(summary["previous_as_of"], before_as_of);
  const nlohmann::json& changes = summary["changes"];
  ASSERT_TRUE(changes.is_object()) << summary.dump(2);
  EXPECT_EQ(changes["previous_as_of"], before_as_of);
  Movers expected = RecomputeMovers(before, now);
  ExpectListed(changes["newly_high"], expected.newly_high, "newly_high");
  // A user whose probability did not change to the last bit has not risen.
  EXPECT_GT(expected.unchanged, 0U) << "the demo has users whose probability did not change";
  ExpectListed(changes["risen"], expected.risen, "risen");
  ExpectListed(changes["left"], expected.left, "left");
  ExpectMoverFigures(changes, before, now);
}

// ---- The tests ----

// The first scoring (by `run`, on three months) and the second (by `score`,
// on four), read in the `scored` fixture's demo, made once per ctest run;
// tests that score again work in a copy.
class ScoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    first_ = AsOfDate(Months::kFirstThree);
    second_ = AsOfDate(Months::kAllFour);
  }

  std::string first_;
  std::string second_;
};

TEST_F(ScoreTest, RunEndsWithTheFirstScoringAndScoreAddsTheSecond) {
  EXPECT_EQ(first_, "2020-01-01") << "the demo's three months end on 31 December";
  EXPECT_EQ(second_, "2020-02-01");
  std::vector<std::string> folders;
  for (const auto& entry : std::filesystem::directory_iterator(Scores())) {
    folders.push_back(entry.path().filename().string());
  }
  std::sort(folders.begin(), folders.end());
  EXPECT_EQ(folders, (std::vector<std::string>{first_, second_})) << "the first one is kept";
  for (const std::string& as_of : folders) {
    for (const char* name : {"at_risk.csv", "shap_values.bin", "drift.json", "summary.json"}) {
      EXPECT_TRUE(std::filesystem::is_regular_file(Scores() / as_of / name)) << as_of << name;
    }
  }
  nlohmann::json first = Json(Scores() / first_ / "summary.json");
  EXPECT_EQ(first["as_of"], first_);
  EXPECT_TRUE(first["previous_as_of"].is_null());
  EXPECT_TRUE(first["changes"].is_null()) << "nothing to compare the first scoring with";
  std::string run = DemoRunStep("scored", kRunStep).out;
  EXPECT_THAT(run, HasSubstr("as of        " + first_ + ": " +
                             std::to_string(first["users"].get<int>()) + " customers scored"));
  EXPECT_THAT(run, HasSubstr("at-risk list out/scores/" + first_ + "/at_risk.csv"));
  nlohmann::json second = Json(Scores() / second_ / "summary.json");
  std::string scored = DemoRunStep("scored", kScoreStep).out;
  EXPECT_THAT(scored, HasSubstr("Scored " + std::to_string(second["users"].get<int>()) +
                                " customers as of " + second_));
  EXPECT_THAT(scored, HasSubstr("since " + first_ + ": "));
}

TEST_F(ScoreTest, TheAsOfDateIsTheMidnightAfterTheLastEvent) {
  for (const std::string& as_of : {first_, second_}) {
    nlohmann::json summary = Json(Scores() / as_of / "summary.json");
    EXPECT_EQ(summary["as_of"], as_of);
    EXPECT_EQ(summary["logs"]["last_event"], DaysAfter(as_of, -1));
    AtRiskList list = ReadAtRisk(Scores() / as_of);
    ASSERT_FALSE(list.rows.empty());
    for (const AtRiskRow& row : list.rows) {
      ASSERT_EQ(row.as_of, as_of) << row.user_id;
    }
  }
}

TEST_F(ScoreTest, TheCohortIsExactlyTheUsersActiveInTheLastDays) {
  for (auto [months, as_of] :
       {std::pair{Months::kFirstThree, first_}, std::pair{Months::kAllFour, second_}}) {
    std::string window_start = DaysAfter(as_of, -kCohortDays);
    std::set<std::string> active = ActiveUsers(months, window_start, as_of);
    std::set<std::string> earlier = ActiveUsers(months, "1970-01-01", window_start);
    std::erase_if(earlier, [&](const std::string& user) { return active.contains(user); });
    EXPECT_FALSE(earlier.empty()) << as_of << ": users only seen before the window are left out";
    AtRiskList list = ReadAtRisk(Scores() / as_of);
    std::set<std::string> scored;
    for (const AtRiskRow& row : list.rows) {
      scored.insert(row.user_id);
    }
    EXPECT_EQ(scored.size(), list.rows.size()) << as_of << ": each user once";
    EXPECT_EQ(scored, active) << as_of;
    nlohmann::json summary = Json(Scores() / as_of / "summary.json");
    EXPECT_EQ(summary["users"].get<std::size_t>(), active.size()) << as_of;
    EXPECT_EQ(summary["cohort"]["active_days"].get<int>(), kCohortDays) << as_of;
  }
}

TEST_F(ScoreTest, TheAtRiskListIsRiskiestFirstWithBandsAtTheThreshold) {
  for (const std::string& as_of : {first_, second_}) {
    nlohmann::json summary = Json(Scores() / as_of / "summary.json");
    double threshold = summary["model"]["threshold"].get<double>();
    AtRiskList list = ReadAtRisk(Scores() / as_of);
    EXPECT_EQ(list.header, kAtRiskHeader);
    std::map<std::string, std::size_t> bands;
    for (std::size_t idx = 0; idx < list.rows.size(); ++idx) {
      const AtRiskRow& row = list.rows[idx];
      EXPECT_GT(row.probability, 0.0);
      EXPECT_LT(row.probability, 1.0);
      EXPECT_EQ(row.band, BandOf(row.probability, threshold)) << row.user_id;
      EXPECT_EQ(row.flagged, row.probability >= threshold) << row.user_id;
      EXPECT_NE(row.reasons.substr(0, 1), ",") << row.user_id << ": a first reason";
      ++bands[row.band];
      if (idx > 0) {
        const AtRiskRow& above = list.rows[idx - 1];
        EXPECT_TRUE(above.probability > row.probability ||
                    (above.probability == row.probability && above.user_id < row.user_id))
            << above.user_id << " before " << row.user_id;
      }
    }
    EXPECT_GT(bands["high"], 0U);
    EXPECT_GT(bands["low"], 0U);
    EXPECT_EQ(summary["flagged"].get<std::size_t>(), bands["high"]);
    for (const nlohmann::json& band : summary["bands"]) {
      EXPECT_EQ(band["users"].get<std::size_t>(), bands[band["band"].get<std::string>()]);
    }
  }
}

// `predict --config config.yaml --out out --json` with `arguments`, in the
// fixture's folder.
nlohmann::json Predict(const std::string& arguments) {
  auto result = ChurnRadar("predict --config config.yaml --out out --json -q " + arguments, Demo());
  EXPECT_EQ(result.exit_code, 0) << arguments << ": " << result.err;
  return result.exit_code == 0 ? nlohmann::json::parse(result.out) : nlohmann::json::object();
}

TEST_F(ScoreTest, EachScoreIsWhatPredictGivesForTheUser) {
  AtRiskList list = ReadAtRisk(Scores() / second_);
  ASSERT_GT(list.rows.size(), 2U);
  for (std::size_t idx : {std::size_t{0}, list.rows.size() / 2, list.rows.size() - 1}) {
    const AtRiskRow& row = list.rows[idx];
    nlohmann::json from_logs = Predict("--from-logs --user-id " + row.user_id);
    EXPECT_NEAR(from_logs.value("probability", -1.0), row.probability, kSameProbability)
        << row.user_id << ": the same features at the same cutoff";
    EXPECT_EQ(from_logs["as_of"], second_) << "--from-logs defaults to the as-of cutoff";
    nlohmann::json stored = Predict("--user-id " + row.user_id);
    EXPECT_NEAR(stored.value("probability", -1.0), row.probability, kSameProbability)
        << row.user_id << ": from the latest scoring";
    EXPECT_EQ(stored["as_of"], second_);
    EXPECT_EQ(stored["risk_band"], row.band);
  }
  AtRiskList first = ReadAtRisk(Scores() / first_);
  ASSERT_FALSE(first.rows.empty());
  const AtRiskRow& row = first.rows.front();
  nlohmann::json then = Predict("--from-logs --cutoff " + first_ + " --user-id " + row.user_id);
  EXPECT_NEAR(then.value("probability", -1.0), row.probability, kSameProbability)
      << row.user_id << ": the first scoring's cutoff gives the first scoring's score";
  EXPECT_EQ(then["as_of"], first_);
}

TEST_F(ScoreTest, TheMoversSinceTheFirstScoringAreRight) {
  ExpectMoversRight(first_, second_);
}

TEST_F(ScoreTest, DriftHasAPsiForEveryFeatureAndForTheScore) {
  nlohmann::json drift = Json(Scores() / second_ / "drift.json");
  nlohmann::json columns = Json(Demo() / "out/models/feature_columns.json");
  std::set<std::string> expected;
  for (const nlohmann::json& name : columns["features"]) {
    expected.insert(name.get<std::string>());
  }
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(drift["as_of"], second_);
  ASSERT_TRUE(drift["score"]["psi"].is_number());
  EXPECT_GE(drift["score"]["psi"].get<double>(), 0.0);
  std::set<std::string> measured;
  double previous_psi = 1e300;
  for (const nlohmann::json& feature : drift["features"]) {
    ASSERT_TRUE(feature["psi"].is_number()) << feature.dump();
    double psi = feature["psi"].get<double>();
    EXPECT_GE(psi, 0.0);
    EXPECT_LE(psi, previous_psi) << "highest first";
    EXPECT_EQ(feature["drifted"].get<bool>(), psi > 0.2) << feature["feature"];
    previous_psi = psi;
    measured.insert(feature["feature"].get<std::string>());
  }
  EXPECT_EQ(measured, expected);
  EXPECT_EQ(drift["features"].size(), expected.size()) << "each feature once";
  nlohmann::json summary = Json(Scores() / second_ / "summary.json");
  EXPECT_EQ(drift["scored_rows"], summary["users"]);
  EXPECT_DOUBLE_EQ(summary["drift"]["score_psi"].get<double>(),
                   drift["score"]["psi"].get<double>());
  EXPECT_DOUBLE_EQ(summary["drift"]["max_psi"].get<double>(),
                   drift["features"][0]["psi"].get<double>());
}

TEST_F(ScoreTest, AnAsOfDatePastTheLogsIsAnErrorNamingTheLatestDate) {
  TempDir folder;
  CopyDemoRun("scored", folder.path());
  std::string day_after = DaysAfter(second_, 1);
  auto past =
      ChurnRadar("score --config config.yaml --out out --as-of " + day_after, folder.path());
  EXPECT_EQ(past.exit_code, 1);
  EXPECT_THAT(past.err, HasSubstr(day_after + " lies past the end of the logs"));
  EXPECT_THAT(past.err, HasSubstr("their last event is on " + DaysAfter(second_, -1)));
  EXPECT_THAT(past.err, HasSubstr("the latest date to score at is " + second_));
  EXPECT_FALSE(std::filesystem::exists(folder / "out/scores" / day_after));
  auto latest =
      ChurnRadar("score --config config.yaml --out out -q --as-of " + second_, folder.path());
  EXPECT_EQ(latest.exit_code, 0) << "the midnight after the last event itself: " << latest.err;
}

TEST_F(ScoreTest, RunsScoringFromItsOwnStreamIsWhatScoreWrites) {
  // `run` scores the rows its feature tables' stream kept; `score` reads the
  // logs again. The same logs must give the same bytes.
  TempDir folder;
  CopyDemoRun("scored", folder.path());
  auto again =
      ChurnRadar("score --config config.yaml --logs 'logs/2019-*.csv' --out out -q", folder.path());
  ASSERT_EQ(again.exit_code, 0) << again.err;
  for (const char* file : {"at_risk.csv", "shap_values.bin", "drift.json"}) {
    EXPECT_EQ(ReadTextFile(folder / "out/scores" / first_ / file),
              ReadTextFile(Scores() / first_ / file))
        << file;
  }
}

TEST_F(ScoreTest, AConfigThatChangedTheCohortIsRefused) {
  TempDir folder;
  CopyDemoRun("scored", folder.path());
  testing::WriteTextFile(folder / "other.yaml",
                         "logs:\n  path: logs\nchurn:\n  cohort_active_days: 30\n");
  auto result = ChurnRadar("score --config other.yaml --out out", folder.path());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("the model was trained with churn.cohort_active_days = 21, "
                                    "the config now says 30"));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(folder / "out/scores"),
                          std::filesystem::directory_iterator()),
            2)
      << "no third scoring";
}

TEST_F(ScoreTest, AMalformedAsOfDateIsAUsageError) {
  TempDir folder;
  CopyDemoRun("scored", folder.path());
  for (const char* date : {"2020-13-01", "2020-2-1", "yesterday"}) {
    auto result = ChurnRadar(std::string("score --config config.yaml --out out --as-of ") + date,
                             folder.path());
    EXPECT_EQ(result.exit_code, 2) << date;
    EXPECT_THAT(result.err,
                HasSubstr(std::string("expected a date YYYY-MM-DD, got '") + date + "'"));
    EXPECT_THAT(result.err, HasSubstr("churn-radar --help"));
  }
}

TEST(ScoreErrorsTest, WithoutATrainedModelItSaysWhatToRunFirst) {
  TempDir folder;
  std::string logs = (Demo() / "logs").string();
  auto nothing = ChurnRadar("score --logs '" + logs + "' --out nothing", folder.path());
  EXPECT_EQ(nothing.exit_code, 1);
  EXPECT_THAT(nothing.err, HasSubstr("no trained model in nothing/models: `churn-radar run` "
                                     "trains one (or `features`, then `train`)"));
  std::filesystem::create_directories(folder / "featured/models");
  std::filesystem::copy(Demo() / "out/models/feature_columns.json",
                        folder / "featured/models/feature_columns.json");
  auto untrained = ChurnRadar("score --logs '" + logs + "' --out featured", folder.path());
  EXPECT_EQ(untrained.exit_code, 1);
  EXPECT_THAT(untrained.err, HasSubstr("no trained model in featured/models"));
  EXPECT_FALSE(std::filesystem::exists(folder / "featured/scores")) << "nothing written";
}

}  // namespace
}  // namespace churn::e2e
