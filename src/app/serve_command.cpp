#include "app/serve_command.h"

#include <fmt/format.h>

#include <cstdio>

#include "app/version.h"
#include "server/dashboard_service.h"

namespace churn::app {

ExitCode RunServe(const config_file::AppConfig& config) {
  server::ServeDashboard(config.server, config.output, kVersion, [](const std::string& url) {
    fmt::print("churn-radar serve: listening on {}\n", url);
    std::fflush(stdout);
  });
  return ExitCode::kOk;
}

}  // namespace churn::app
