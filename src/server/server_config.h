#pragma once
// How `churn-radar serve` listens and what it accepts: the `server:` section,
// declared once in VisitSettings.

#include <cstddef>
#include <filesystem>
#include <string>

#include "config/setting.h"

namespace churn::server {

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 8501;
  bool allow_remote = false;
  std::filesystem::path token_file;  // the environment's CHURN_RADAR_TOKEN wins
  std::filesystem::path web_dir;     // empty: share/churn-radar/web beside the binary
  // 32 MiB: POST /api/predict takes up to kMaxPredictRows (10,000) entries,
  // which take about 17 MiB as a client writes them (every feature a double
  // of 17 digits, indented); predict_request_test.cpp holds it to that.
  std::size_t max_request_bytes = std::size_t{32} << 20;
  int timeout_seconds = 10;
  int header_timeout_seconds = 10;
  int threads = 0;

  template <class Self, class Visitor>
  static void VisitSettings(Self& self, Visitor& visitor) {
    visitor.Value("host", self.host,
                  "loopback only; any other address also needs allow_remote and a token");
    visitor.Value("port", self.port, config::Range{0, 65535},
                  "0: any free port (the first line serve prints names it)");
    visitor.Value("allow_remote", self.allow_remote,
                  "or --allow-remote: allow a host other than loopback");
    visitor.Path("token_file", self.token_file,
                 "the access token (or CHURN_RADAR_TOKEN); then every /api request needs "
                 "`Authorization: Bearer TOKEN`");
    visitor.Path("web_dir", self.web_dir,
                 "the dashboard's files; empty: share/churn-radar/web beside the binary");
    visitor.Value("max_request_bytes", self.max_request_bytes,
                  config::Range<std::size_t>{1, std::size_t{1} << 30},
                  "larger request bodies get 413; the default fits the 10,000 entries "
                  "POST /api/predict takes");
    visitor.Value("timeout_seconds", self.timeout_seconds, config::Range{1, 3600},
                  "the longest pause while a request is read or an answer written");
    visitor.Value("header_timeout_seconds", self.header_timeout_seconds, config::Range{1, 3600},
                  "a request's line and headers must arrive within it, or get 408");
    visitor.Value("threads", self.threads, config::Range{0, 4096},
                  "workers, one per open keep-alive connection; 0: 8 per core, at least 32");
  }

  // Throws ConfigError for an empty host or a setting out of its range.
  void Validate() const;

  // `threads`, with 0 resolved for this machine.
  std::size_t WorkerThreads() const;
};

}  // namespace churn::server
