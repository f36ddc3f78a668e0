#include "value/value_config.h"

#include "config/setting_checks.h"

namespace churn::value {

void ValueConfig::Validate() const {
  config::CheckSettings(*this, "value");
}

}  // namespace churn::value
