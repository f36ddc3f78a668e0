#pragma once
// What to do with a row that cannot be read: stop at the first one (strict,
// the default: nothing is lost silently) or skip it and count it by reason.

#include "config/enum_names.h"

namespace churn::features {

enum class BadRowPolicy { kStop, kSkip };

inline constexpr config::EnumNames<BadRowPolicy, 2> kBadRowPolicyNames = {{
    {"stop", BadRowPolicy::kStop},
    {"skip", BadRowPolicy::kSkip},
}};

}  // namespace churn::features
