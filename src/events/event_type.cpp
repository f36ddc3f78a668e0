#include "events/event_type.h"

#include <array>

namespace churn::events {
namespace {

constexpr std::array<std::string_view, kEventTypeCount> kNames = {"view", "cart",
                                                                  "remove_from_cart", "purchase"};

}  // namespace

std::string_view EventTypeName(EventType type) {
  return kNames[static_cast<std::size_t>(type)];
}

std::optional<EventType> ParseEventType(std::string_view text) {
  for (std::size_t type_idx = 0; type_idx < kNames.size(); ++type_idx) {
    if (kNames[type_idx] == text) {
      return static_cast<EventType>(type_idx);
    }
  }
  return std::nullopt;
}

}  // namespace churn::events
