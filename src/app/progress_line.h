#pragma once
// The progress of a long command on stderr ("train: xgboost (candidate 1 of
// 3): boosting: 120/600 rounds (20%)"). On a terminal it is one line redrawn
// in place a few times a second, kept below the log's messages; when stderr
// is not a terminal (a scheduler's log, a pipe, CI) it is a plain line every
// few seconds instead (CHURN_RADAR_PROGRESS_SECONDS, 5 by default), so that
// long runs are not silent and short ones leave nothing. --quiet turns it
// off. The stages report through progress::Reporter and
// features::LogSetProgress; this is the one place that draws them.
//
//   ProgressLine line("train", invocation.quiet);
//   training::RunTraining(settings, output, kVersion, line.Steps());

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

#include "features/log_set.h"
#include "progress/progress_reporter.h"

namespace churn::app {

enum class ProgressMode {
  kOff,     // --quiet
  kRedraw,  // a terminal: one line, redrawn in place
  kLines,   // a file or a pipe: a plain line every interval
};

class ProgressLine {
 public:
  // The mode for stderr: kOff when quiet, else kRedraw on a terminal, else
  // kLines every CHURN_RADAR_PROGRESS_SECONDS (UsageError when that is not
  // a number of seconds from 0 to a day).
  ProgressLine(std::string label, bool quiet);
  // For tests: a given mode, interval (kLines) and stream.
  ProgressLine(std::string label, ProgressMode mode, std::chrono::milliseconds interval,
               std::FILE* out);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // Shows "done/total unit (percent)".
  void Update(long long done, long long total, std::string_view unit);
  // Shows `text` after the label; `final` draws it whatever the time since
  // the last one (on a terminal only: a log gets no closing line).
  void Show(std::string_view text, bool final = false);
  // Erases the line, as the destructor does, so that what follows starts clean.
  void Clear();

  // A reporter whose steps this line shows, for a stage's entry point.
  progress::Reporter Steps();
  // The reading of logs (bytes, events, the time left); the line is erased
  // once every log is read, as the stage's notes follow.
  features::LogSetProgress Reading();

  // Writes a log message on stderr: above the line on a terminal (which is
  // erased, then drawn again below the message), as it is elsewhere. What
  // the log's sink calls (stderr_log_sink.h).
  static void WriteMessage(std::string_view message);

 private:
  // `now`: a terminal draws it at once; `closing`: a log skips it.
  void ShowLocked(std::string_view text, bool now, bool closing);
  void ClearLocked();

  std::string label_;
  ProgressMode mode_ = ProgressMode::kOff;
  std::chrono::milliseconds interval_;
  std::FILE* out_ = stderr;
  bool drawn_ = false;
  std::string shown_;  // what the line shows now, to draw again below a message
  std::chrono::steady_clock::time_point last_draw_;
};

// The text of one step: "xgboost: boosting: 120/600 rounds (20%)", or its
// task alone when it counts nothing.
std::string StepText(const progress::Step& step);

// CHURN_RADAR_PROGRESS_SECONDS as an interval; nullopt when unset.
// UsageError when it is not a number of seconds from 0 to a day.
std::optional<std::chrono::milliseconds> ProgressIntervalFromEnvironment();

}  // namespace churn::app
