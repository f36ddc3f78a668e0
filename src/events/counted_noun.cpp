#include "events/counted_noun.h"

#include <fmt/format.h>

namespace churn::events {

std::string CountedNoun(std::int64_t count, std::string_view singular, std::string_view plural) {
  if (count == 1 || count == -1) {
    return fmt::format("{} {}", count, singular);
  }
  if (plural.empty()) {
    return fmt::format("{} {}s", count, singular);
  }
  return fmt::format("{} {}", count, plural);
}

}  // namespace churn::events
