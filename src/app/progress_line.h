#pragma once
// A one-line progress display on stderr ("make-dataset: day 41/123"). On a
// terminal it is redrawn in place a few times a second; when stderr is not a
// terminal (a scheduler's log, a pipe, CI) it is written as a plain line
// every few seconds instead, so that long runs are not silent and short ones
// leave nothing. --quiet turns it off.

#include <chrono>
#include <string>
#include <string_view>

namespace churn::app {

class ProgressLine {
 public:
  ProgressLine(std::string label, bool quiet);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // Shows done/total.
  void Update(long long done, long long total, std::string_view unit);
  // Shows `text` after the label; `final` draws it whatever the time since
  // the last one (on a terminal only: a log gets no closing line).
  void Show(std::string_view text, bool final = false);
  // Erases the line, as the destructor does, so that what follows starts clean.
  void Clear();

 private:
  std::string label_;
  bool terminal_ = false;  // redraw in place
  bool log_ = false;       // a line every few seconds
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace churn::app
