#include "app/progress_line.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "errors/error.h"

namespace churn::app {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr auto kEveryTime = std::chrono::milliseconds(0);
constexpr auto kNever = std::chrono::hours(1);

// A temporary stream the line writes to, read back whole.
class Stream {
 public:
  Stream() : file_(std::tmpfile(), &std::fclose) {}
  std::FILE* get() const { return file_.get(); }
  std::string Text() const {
    std::fflush(file_.get());
    std::rewind(file_.get());
    std::string text;
    for (int byte = std::fgetc(file_.get()); byte != EOF; byte = std::fgetc(file_.get())) {
      text.push_back(static_cast<char>(byte));
    }
    return text;
  }

 private:
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
};

TEST(ProgressLineTest, StepTextCountsWhatItCounts) {
  EXPECT_EQ(StepText({.task = "xgboost: boosting", .done = 120, .total = 600, .unit = "rounds"}),
            "xgboost: boosting: 120/600 rounds (20%)");
  EXPECT_EQ(StepText({.task = "logreg: fitting", .done = 0, .total = 0, .unit = ""}),
            "logreg: fitting");
  EXPECT_EQ(StepText({.task = "reading", .done = 7, .total = 0, .unit = "files"}),
            "reading: 7 files");
}

TEST(ProgressLineTest, OffATerminalEachLineIsPlainAndTheLastIsLeftOut) {
  Stream out;
  {
    ProgressLine line("train", ProgressMode::kLines, kEveryTime, out.get());
    progress::Reporter steps = line.Steps();
    steps.Within("xgboost (candidate 1 of 2)").Report("boosting", 1, 3, "rounds");
    steps.Within("xgboost (candidate 1 of 2)").Report("boosting", 2, 3, "rounds");
    steps.Within("xgboost (candidate 1 of 2)").Report("boosting", 3, 3, "rounds");
  }
  EXPECT_EQ(out.Text(),
            "train: xgboost (candidate 1 of 2): boosting: 1/3 rounds (33%)\n"
            "train: xgboost (candidate 1 of 2): boosting: 2/3 rounds (67%)\n")
      << "no closing line in a log, no terminal escapes";
}

TEST(ProgressLineTest, OffATerminalALineWaitsForItsInterval) {
  Stream out;
  {
    ProgressLine line("explain", ProgressMode::kLines, kNever, out.get());
    line.Steps().Report("SHAP values", 256, 1024, "users");
    line.Show("anything");
  }
  EXPECT_THAT(out.Text(), IsEmpty()) << "a short run leaves nothing";
}

TEST(ProgressLineTest, QuietShowsNothing) {
  Stream out;
  {
    ProgressLine line("score", ProgressMode::kOff, kEveryTime, out.get());
    line.Steps().Report("SHAP values", 1, 2, "users");
    line.Update(1, 2, "day");
  }
  EXPECT_THAT(out.Text(), IsEmpty());
}

TEST(ProgressLineTest, OnATerminalTheLineIsRedrawnInPlaceAndErasedAtTheEnd) {
  Stream out;
  {
    ProgressLine line("train", ProgressMode::kRedraw, kNever, out.get());
    progress::Reporter steps = line.Steps();
    steps.Report("boosting", 1, 400, "rounds");
    steps.Report("boosting", 2, 400, "rounds");          // within the redraw interval: skipped
    steps.Within("logreg").Report("fitting", 0, 0, "");  // a new task: drawn at once
  }
  EXPECT_EQ(out.Text(),
            "\r\033[Ktrain: boosting: 1/400 rounds (0%)"
            "\r\033[Ktrain: logreg: fitting"
            "\r\033[K");
}

TEST(ProgressLineTest, ReadingIsErasedOnceEveryLogIsRead) {
  Stream out;
  ProgressLine line("features", ProgressMode::kRedraw, kEveryTime, out.get());
  features::LogSetProgress reading = line.Reading();
  reading({.bytes_done = 1'000'000, .bytes_total = 4'000'000, .events = 2'000'000});
  EXPECT_THAT(out.Text(), HasSubstr("features: read 1 MB of 4 MB (25%), 2.0 million events, "));
  reading({.bytes_done = 2'000'000, .bytes_total = 4'000'000, .events = 1});
  EXPECT_THAT(out.Text(), HasSubstr("features: read 2 MB of 4 MB (50%), 1 event, "));
  reading({.bytes_done = 4'000'000, .bytes_total = 4'000'000, .events = 8'000'000});
  EXPECT_THAT(out.Text(), ::testing::EndsWith("\r\033[K"));
}

TEST(ProgressLineTest, ALogMessageIsWrittenAboveTheLineOnATerminal) {
  Stream out;
  ProgressLine line("train", ProgressMode::kRedraw, kNever, out.get());
  line.Show("boosting");
  ::testing::internal::CaptureStderr();
  ProgressLine::WriteMessage("churn-radar: info: fitted\n");
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "churn-radar: info: fitted\n");
  EXPECT_EQ(out.Text(), "\r\033[Ktrain: boosting\r\033[Ktrain: boosting")
      << "erased before the message, drawn again after it";
}

class IntervalVariable : public ::testing::Test {
 protected:
  ~IntervalVariable() override { unsetenv("CHURN_RADAR_PROGRESS_SECONDS"); }
};

TEST_F(IntervalVariable, SecondsBetweenLinesComeFromTheEnvironment) {
  unsetenv("CHURN_RADAR_PROGRESS_SECONDS");
  EXPECT_FALSE(ProgressIntervalFromEnvironment().has_value());
  setenv("CHURN_RADAR_PROGRESS_SECONDS", "0.5", 1);
  EXPECT_EQ(ProgressIntervalFromEnvironment(), std::chrono::milliseconds(500));
  setenv("CHURN_RADAR_PROGRESS_SECONDS", "0", 1);
  EXPECT_EQ(ProgressIntervalFromEnvironment(), std::chrono::milliseconds(0));
}

TEST_F(IntervalVariable, AnIntervalThatIsNotSecondsIsAUsageError) {
  for (const char* text : {"", "often", "5s", "-1", "nan", "100000"}) {
    setenv("CHURN_RADAR_PROGRESS_SECONDS", text, 1);
    EXPECT_THAT([] { ProgressIntervalFromEnvironment(); },
                ::testing::ThrowsMessage<UsageError>(
                    HasSubstr("CHURN_RADAR_PROGRESS_SECONDS must be the seconds between progress "
                              "lines off a terminal, from 0 to 86400")))
        << text;
  }
}

}  // namespace
}  // namespace churn::app
