#pragma once
// The log's sink: spdlog's messages on stderr, written through ProgressLine
// so that a message never lands in the middle of a progress line drawn on a
// terminal (the line is erased, the message written, the line drawn again
// below it).
//
//   auto logger = std::make_shared<spdlog::logger>("churn-radar", MakeStderrLogSink());

#include <spdlog/sinks/sink.h>

#include <memory>

namespace churn::app {

std::shared_ptr<spdlog::sinks::sink> MakeStderrLogSink();

}  // namespace churn::app
