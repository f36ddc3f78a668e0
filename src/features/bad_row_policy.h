#pragma once
// What to do with a row that cannot be read: stop at the first one (strict,
// the default: nothing is lost silently) or skip it and count it by reason.

namespace churn::features {

enum class BadRowPolicy { kStop, kSkip };

}  // namespace churn::features
