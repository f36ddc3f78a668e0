#include "features/feature_config.h"

#include "config/setting_checks.h"
#include "features/memory_limit.h"

namespace churn::features {

ColumnMapping MappingOf(ColumnLayout layout) {
  return layout == ColumnLayout::kRees46 ? ColumnMapping::Rees46()
                                         : ColumnMapping::UciOnlineRetail();
}

void FeatureConfig::Validate() const {
  churn.Validate();
  columns.Validate();
  config::CheckSettings(*this, "features");
  ResolveMemoryLimit(memory_limit);
}

}  // namespace churn::features
