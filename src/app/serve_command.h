#pragma once
// `churn-radar serve`: loads what train and explain wrote, once, and serves
// the dashboard and the JSON API until SIGINT or SIGTERM. Prints one line,
// "churn-radar serve: listening on http://HOST:PORT/", when it accepts
// connections (with --port 0, on the port the system chose).

#include "app/exit_code.h"
#include "config_file/app_config.h"

namespace churn::app {

ExitCode RunServe(const config_file::AppConfig& config);

}  // namespace churn::app
