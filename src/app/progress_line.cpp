#include "app/progress_line.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace churn::app {
namespace {

constexpr auto kRedrawInterval = std::chrono::milliseconds(200);
constexpr auto kLogInterval = std::chrono::seconds(5);

}  // namespace

ProgressLine::ProgressLine(std::string label, bool quiet)
    : label_(std::move(label)),
      terminal_(!quiet && isatty(STDERR_FILENO) == 1),
      log_(!quiet && !terminal_),
      last_draw_(std::chrono::steady_clock::now()) {}

ProgressLine::~ProgressLine() {
  Clear();
}

void ProgressLine::Clear() {
  if (terminal_ && drawn_) {
    fmt::print(stderr, "\r\033[K");
    drawn_ = false;
  }
}

void ProgressLine::Update(long long done, long long total, std::string_view unit) {
  double percent = total > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 0;
  Show(fmt::format("{} {}/{} ({:.0f}%)", unit, done, total, percent), done >= total);
}

void ProgressLine::Show(std::string_view text, bool final) {
  auto now = std::chrono::steady_clock::now();
  if (terminal_) {
    if (drawn_ && !final && now - last_draw_ < kRedrawInterval) {
      return;
    }
    fmt::print(stderr, "\r\033[K{}: {}", label_, text);
    drawn_ = true;
  } else if (log_) {
    if (final || now - last_draw_ < kLogInterval) {
      return;
    }
    fmt::print(stderr, "{}: {}\n", label_, text);
  } else {
    return;
  }
  last_draw_ = now;
  std::fflush(stderr);
}

}  // namespace churn::app
