#pragma once
// The tracker of a distributed run on this machine: Debian's python3-xgboost
// tracker.py (standard library only), started as a child process on a free
// port of `host`. It gives the workers their ranks and links them, and
// exits once every worker has finished. XGBoost's Spark, Dask and Ray
// integrations start the same tracker.
//
//   collective::TrackerProcess tracker = collective::TrackerProcess::Start(3, "127.0.0.1");
//   ... start 3 workers with tracker.address() ...

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <utility>

#include "collective/tracker_address.h"

namespace churn::collective {

// Where Debian installs it; CHURN_RADAR_XGBOOST_TRACKER names another.
inline constexpr const char* kDebianTrackerScript =
    "/usr/lib/python3/dist-packages/xgboost/tracker.py";

std::filesystem::path TrackerScript();

class TrackerProcess {
 public:
  // Throws ClusterError when python3 or the script is missing, or when the
  // tracker does not say its port within a few seconds.
  static TrackerProcess Start(int workers, const std::string& host);
  ~TrackerProcess();  // stops the tracker if it still runs
  TrackerProcess(TrackerProcess&& other) noexcept;
  TrackerProcess& operator=(TrackerProcess&&) = delete;
  TrackerProcess(const TrackerProcess&) = delete;
  TrackerProcess& operator=(const TrackerProcess&) = delete;

  const TrackerAddress& address() const { return address_; }
  pid_t pid() const { return pid_; }
  // Marks it as waited for (by whoever reaped it), so it is not stopped again.
  void Reaped() { pid_ = -1; }

 private:
  TrackerProcess(pid_t pid, TrackerAddress address, int output)
      : pid_(pid), address_(std::move(address)), output_(output) {}

  pid_t pid_ = -1;
  TrackerAddress address_;
  int output_ = -1;  // the read end of its stdout, open while it runs
};

}  // namespace churn::collective
