#pragma once
// The four kinds of event in an e-commerce log, in funnel order.

#include <cstdint>
#include <optional>
#include <string_view>

namespace churn::events {

enum class EventType : std::uint8_t { kView, kCart, kRemoveFromCart, kPurchase };

inline constexpr int kEventTypeCount = 4;

// The name used in REES46 logs: "view", "cart", "remove_from_cart", "purchase".
std::string_view EventTypeName(EventType type);

// Inverse of EventTypeName; nullopt for any other text.
std::optional<EventType> ParseEventType(std::string_view text);

}  // namespace churn::events
