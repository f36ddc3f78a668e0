#include "app/progress_line.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace churn::app {
namespace {

constexpr auto kRedrawInterval = std::chrono::milliseconds(200);

}  // namespace

ProgressLine::ProgressLine(std::string label, bool quiet)
    : label_(std::move(label)), enabled_(!quiet && isatty(STDERR_FILENO) == 1) {}

ProgressLine::~ProgressLine() {
  Clear();
}

void ProgressLine::Clear() {
  if (drawn_) {
    fmt::print(stderr, "\r\033[K");
    drawn_ = false;
  }
}

void ProgressLine::Update(long long done, long long total, std::string_view unit) {
  if (!enabled_) {
    return;
  }
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && done < total && now - last_draw_ < kRedrawInterval) {
    return;
  }
  last_draw_ = now;
  drawn_ = true;
  double percent = total > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 0;
  fmt::print(stderr, "\r\033[K{}: {} {}/{} ({:.0f}%)", label_, unit, done, total, percent);
  std::fflush(stderr);
}

}  // namespace churn::app
