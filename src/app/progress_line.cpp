#include "app/progress_line.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <optional>

#include "errors/error.h"
#include "events/counted_noun.h"
#include "features/memory_limit.h"

namespace churn::app {
namespace {

constexpr auto kRedrawInterval = std::chrono::milliseconds(200);
constexpr auto kDefaultLineInterval = std::chrono::seconds(5);
constexpr double kMaxIntervalSeconds = 86400;
constexpr double kMillisecondsPerSecond = 1000;
constexpr double kPercent = 100;
constexpr double kMillion = 1e6;
constexpr std::string_view kIntervalVariable = "CHURN_RADAR_PROGRESS_SECONDS";

// Every line draws under this lock, and log messages write under it, so
// that a reporter's worker threads and the log never interleave a line.
std::mutex& DrawMutex() {
  static std::mutex mutex;
  return mutex;
}

// The line a log message is written above: the latest constructed that
// still stands (commands draw one line at a time).
ProgressLine*& ActiveLine() {
  static ProgressLine* line = nullptr;
  return line;
}

ProgressMode ModeForStderr(bool quiet) {
  if (quiet) {
    return ProgressMode::kOff;
  }
  return isatty(STDERR_FILENO) == 1 ? ProgressMode::kRedraw : ProgressMode::kLines;
}

std::chrono::milliseconds LineInterval() {
  return ProgressIntervalFromEnvironment().value_or(kDefaultLineInterval);
}

}  // namespace

std::optional<std::chrono::milliseconds> ProgressIntervalFromEnvironment() {
  const char* text = std::getenv(std::string(kIntervalVariable).c_str());
  if (text == nullptr) {
    return std::nullopt;
  }
  char* end = nullptr;
  errno = 0;
  double seconds = std::strtod(text, &end);
  if (end == text || *end != '\0' || errno != 0 || !std::isfinite(seconds) || seconds < 0 ||
      seconds > kMaxIntervalSeconds) {
    throw UsageError(fmt::format(
        "{} must be the seconds between progress lines off a terminal, from 0 to {:g}, got '{}'",
        kIntervalVariable, kMaxIntervalSeconds, text));
  }
  return std::chrono::milliseconds(std::llround(seconds * kMillisecondsPerSecond));
}

std::string StepText(const progress::Step& step) {
  if (step.total <= 0) {
    return step.unit.empty() ? std::string(step.task)
                             : fmt::format("{}: {} {}", step.task, step.done, step.unit);
  }
  double percent = kPercent * static_cast<double>(step.done) / static_cast<double>(step.total);
  return fmt::format("{}: {}/{} {} ({:.0f}%)", step.task, step.done, step.total, step.unit,
                     percent);
}

ProgressLine::ProgressLine(std::string label, bool quiet)
    : ProgressLine(std::move(label), ModeForStderr(quiet),
                   ModeForStderr(quiet) == ProgressMode::kLines ? LineInterval() : kRedrawInterval,
                   stderr) {}

ProgressLine::ProgressLine(std::string label, ProgressMode mode, std::chrono::milliseconds interval,
                           std::FILE* out)
    : label_(std::move(label)),
      mode_(mode),
      interval_(interval),
      out_(out),
      last_draw_(std::chrono::steady_clock::now()) {
  std::lock_guard lock(DrawMutex());
  ActiveLine() = this;
}

ProgressLine::~ProgressLine() {
  std::lock_guard lock(DrawMutex());
  ClearLocked();
  if (ActiveLine() == this) {
    ActiveLine() = nullptr;
  }
}

void ProgressLine::Clear() {
  std::lock_guard lock(DrawMutex());
  ClearLocked();
}

void ProgressLine::ClearLocked() {
  if (mode_ == ProgressMode::kRedraw && drawn_) {
    fmt::print(out_, "\r\033[K");
    std::fflush(out_);
    drawn_ = false;
  }
  shown_.clear();
}

void ProgressLine::Update(long long done, long long total, std::string_view unit) {
  double percent =
      total > 0 ? kPercent * static_cast<double>(done) / static_cast<double>(total) : 0;
  Show(fmt::format("{} {}/{} ({:.0f}%)", unit, done, total, percent), done >= total);
}

void ProgressLine::Show(std::string_view text, bool final) {
  std::lock_guard lock(DrawMutex());
  ShowLocked(text, final, final);
}

void ProgressLine::ShowLocked(std::string_view text, bool now, bool closing) {
  auto time = std::chrono::steady_clock::now();
  if (mode_ == ProgressMode::kRedraw) {
    if (drawn_ && !now && time - last_draw_ < interval_) {
      return;
    }
    shown_ = fmt::format("{}: {}", label_, text);
    fmt::print(out_, "\r\033[K{}", shown_);
    drawn_ = true;
  } else if (mode_ == ProgressMode::kLines) {
    if (closing || time - last_draw_ < interval_) {
      return;
    }
    fmt::print(out_, "{}: {}\n", label_, text);
  } else {
    return;
  }
  last_draw_ = time;
  std::fflush(out_);
}

void ProgressLine::WriteMessage(std::string_view message) {
  std::lock_guard lock(DrawMutex());
  ProgressLine* line = ActiveLine();
  bool redraw = line != nullptr && line->mode_ == ProgressMode::kRedraw && line->drawn_;
  if (redraw) {
    fmt::print(line->out_, "\r\033[K");
  }
  fmt::print(stderr, "{}", message);
  if (redraw) {
    fmt::print(line->out_, "{}", line->shown_);
  }
  std::fflush(stderr);
}

progress::Reporter ProgressLine::Steps() {
  // A terminal draws a new task at once, so that the line never shows a
  // finished fit while the next one runs, and a step that reaches its total.
  return progress::Reporter([this, last_task = std::string()](const progress::Step& step) mutable {
    bool done = step.total > 0 && step.done >= step.total;
    bool new_task = step.task != last_task;
    if (new_task) {
      last_task = step.task;
    }
    std::lock_guard lock(DrawMutex());
    ShowLocked(StepText(step), new_task || done, done);
  });
}

features::LogSetProgress ProgressLine::Reading() {
  auto started = std::chrono::steady_clock::now();
  return [this, started](const features::StreamPosition& position) {
    if (position.bytes_done >= position.bytes_total) {
      Clear();  // streamed: the stage's notes follow
      return;
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    double share = position.bytes_total > 0 ? static_cast<double>(position.bytes_done) /
                                                  static_cast<double>(position.bytes_total)
                                            : 0.0;
    std::string left = share > 0 && seconds > 0
                           ? fmt::format(", about {:.0f} s left", seconds * (1 - share) / share)
                           : "";
    double millions = static_cast<double>(position.events) / kMillion;
    std::string events = position.events < static_cast<std::int64_t>(kMillion)
                             ? events::CountedNoun(position.events, "event")
                             : fmt::format("{:.1f} million events", millions);
    Show(fmt::format("read {} of {} ({:.0f}%), {}, {:.2f} million events/s{}",
                     features::FormatBytes(position.bytes_done),
                     features::FormatBytes(position.bytes_total), kPercent * share, events,
                     seconds > 0 ? millions / seconds : 0.0, left));
  };
}

}  // namespace churn::app
