#pragma once
// How a long stage says how far it has got, without printing anything: the
// stage reports steps to a Reporter, and whoever called it (app/) decides
// how to show them, or not at all. A default Reporter goes nowhere, so a
// stage's unit tests and the server pass none.
//
//   void Boost(int rounds, const progress::Reporter& progress) {
//     for (int round_idx = 0; round_idx < rounds; ++round_idx) {
//       ...
//       progress.Report("boosting", round_idx + 1, rounds, "rounds");
//     }
//   }
//   // the caller names the part of the work it hands down:
//   Boost(600, progress.Within("xgboost (candidate 1 of 3)"));
//
// Report may be called from several threads at once: the reporter hands the
// sink one step at a time.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace churn::progress {

// One report: `done` of `total` `unit`s of `task`.
struct Step {
  std::string_view task;  // what is being done, in words: "xgboost: boosting"
  std::int64_t done = 0;
  std::int64_t total = 0;  // 0: not known
  std::string_view unit;   // what `done` and `total` count, plural: "rounds", "users"
};

class Reporter {
 public:
  using Sink = std::function<void(const Step& step)>;

  Reporter() = default;  // reports nowhere
  explicit Reporter(Sink sink) : shared_(std::make_shared<Shared>(std::move(sink))) {}

  // A reporter for a part of the work: its steps' tasks read
  // "<context>: <task>", within this reporter's own context.
  Reporter Within(std::string_view context) const {
    Reporter part = *this;
    part.context_ =
        context_.empty() ? std::string(context) : context_ + ": " + std::string(context);
    return part;
  }

  void Report(std::string_view task, std::int64_t done, std::int64_t total,
              std::string_view unit) const {
    if (!shared_) {
      return;
    }
    std::string named = context_.empty() ? std::string(task)
                        : task.empty()   ? context_
                                         : context_ + ": " + std::string(task);
    std::lock_guard lock(shared_->mutex);
    shared_->sink({.task = named, .done = done, .total = total, .unit = unit});
  }

  // Whether reports go anywhere: a stage may skip work done only to report.
  bool active() const { return shared_ != nullptr; }

 private:
  struct Shared {
    explicit Shared(Sink given) : sink(std::move(given)) {}
    std::mutex mutex;
    Sink sink;
  };
  std::shared_ptr<Shared> shared_;  // shared by every part Within makes
  std::string context_;
};

// A count that several threads add to, such as rows done by workers that
// each finish blocks: each addition is reported with the total it makes, in
// the order the total rises (adding and reporting under one lock, since a
// count taken apart from its report could reach the sink out of turn).
class SharedCount {
 public:
  SharedCount(Reporter progress, std::string_view task, std::int64_t total, std::string_view unit)
      : progress_(std::move(progress)), task_(task), total_(total), unit_(unit) {}

  void Add(std::int64_t amount) {
    if (!progress_.active()) {
      return;
    }
    std::lock_guard lock(mutex_);
    done_ += amount;
    progress_.Report(task_, done_, total_, unit_);
  }

 private:
  Reporter progress_;
  std::string task_;
  std::int64_t total_ = 0;
  std::string unit_;
  std::mutex mutex_;
  std::int64_t done_ = 0;
};

}  // namespace churn::progress
