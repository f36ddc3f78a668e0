#include "report/report_config.h"

#include "config/setting_checks.h"

namespace churn::report {

void ReportConfig::Validate() const {
  config::CheckSettings(*this, "train");
}

}  // namespace churn::report
