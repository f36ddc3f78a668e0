#include "app/openmp_environment.h"

#include <unistd.h>

#include <cstdlib>

namespace churn::app {

void RestartWithPassiveOpenMpWaiting(char** argv) {
  if (std::getenv("OMP_WAIT_POLICY") != nullptr) {
    return;
  }
  if (setenv("OMP_WAIT_POLICY", "PASSIVE", 0) != 0) {
    return;
  }
  execv("/proc/self/exe", argv);
  // Still here: the restart failed. Carry on as we are.
}

}  // namespace churn::app
