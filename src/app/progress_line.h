#pragma once
// A one-line progress display on stderr ("make-dataset: day 41/123"), redrawn
// in place. Silent when stderr is not a terminal (CI, pipes, log files) or
// when the user asked for --quiet, so that logs never fill with it.

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

  // Shows done/total, at most a few times a second.
  void Update(long long done, long long total, std::string_view unit);
  // Erases the line, as the destructor does, so that what follows starts clean.
  void Clear();

 private:
  std::string label_;
  bool enabled_ = false;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace churn::app
