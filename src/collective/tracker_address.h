#pragma once
// Where the workers of a distributed run meet: the host and port of the
// tracker (Debian's python3-xgboost tracker.py) that gives them their ranks
// and links them. Written "host:port" on the command line.

#include <string>
#include <string_view>

namespace churn::collective {

struct TrackerAddress {
  std::string host;
  int port = 0;

  // "127.0.0.1:9091" or "tracker.example:9091". Throws UsageError naming
  // what is wrong: no port, a port that is not a number in 1..65535.
  static TrackerAddress Parse(std::string_view text);
  std::string ToString() const;
};

}  // namespace churn::collective
