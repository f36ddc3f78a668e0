#include "app/stderr_log_sink.h"

#include <spdlog/sinks/base_sink.h>

#include <cstdio>
#include <mutex>
#include <string_view>

#include "app/progress_line.h"

namespace churn::app {
namespace {

class StderrLogSink : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& message) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(message, formatted);
    ProgressLine::WriteMessage(std::string_view(formatted.data(), formatted.size()));
  }

  void flush_() override { std::fflush(stderr); }
};

}  // namespace

std::shared_ptr<spdlog::sinks::sink> MakeStderrLogSink() {
  return std::make_shared<StderrLogSink>();
}

}  // namespace churn::app
