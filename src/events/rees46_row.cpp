#include "events/rees46_row.h"

#include <charconv>

#include "events/event_time.h"

namespace churn::events {
namespace {

constexpr std::uint64_t kUuidVersionMask = 0xffffffffffff0fffULL;
constexpr std::uint64_t kUuidVersion4 = 0x0000000000004000ULL;
constexpr std::uint64_t kUuidVariantMask = 0x3fffffffffffffffULL;
constexpr std::uint64_t kUuidVariantRfc4122 = 0x8000000000000000ULL;
constexpr std::int64_t kCentsPerUnit = 100;

void AppendUnsigned(std::uint64_t value, std::string* out) {
  char buffer[20];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out->append(buffer, end);
}

void AppendPrice(std::int64_t cents, std::string* out) {
  if (cents < 0) {
    out->push_back('-');
    cents = -cents;
  }
  AppendUnsigned(static_cast<std::uint64_t>(cents / kCentsPerUnit), out);
  std::int64_t fraction = cents % kCentsPerUnit;
  out->push_back('.');
  out->push_back(static_cast<char>('0' + fraction / 10));
  out->push_back(static_cast<char>('0' + fraction % 10));
}

// Appends `digits` lowercase hex digits of value, most significant first.
void AppendHex(std::uint64_t value, int digits, std::string* out) {
  constexpr std::string_view kHexDigits = "0123456789abcdef";
  constexpr int kBitsPerDigit = 4;
  for (int digit_idx = digits - 1; digit_idx >= 0; --digit_idx) {
    out->push_back(kHexDigits[(value >> (digit_idx * kBitsPerDigit)) & 0xf]);
  }
}

void AppendUuid(const SessionUuid& uuid, std::string* out) {
  AppendHex(uuid.high >> 32, 8, out);
  out->push_back('-');
  AppendHex(uuid.high >> 16, 4, out);
  out->push_back('-');
  AppendHex(uuid.high, 4, out);
  out->push_back('-');
  AppendHex(uuid.low >> 48, 4, out);
  out->push_back('-');
  AppendHex(uuid.low, 12, out);
}

void AppendText(std::string_view text, std::string* out) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(text);
    return;
  }
  out->push_back('"');
  for (char c : text) {
    if (c == '"') {
      out->push_back('"');
    }
    out->push_back(c);
  }
  out->push_back('"');
}

}  // namespace

SessionUuid SessionUuid::FromRandomBits(std::uint64_t high, std::uint64_t low) {
  return SessionUuid{(high & kUuidVersionMask) | kUuidVersion4,
                     (low & kUuidVariantMask) | kUuidVariantRfc4122};
}

void AppendRees46Row(const Rees46Row& row, std::string* out) {
  AppendEventTime(row.time, out);
  out->push_back(',');
  out->append(EventTypeName(row.type));
  out->push_back(',');
  AppendUnsigned(row.product_id, out);
  out->push_back(',');
  AppendUnsigned(row.category_id, out);
  out->push_back(',');
  AppendText(row.category_code, out);
  out->push_back(',');
  AppendText(row.brand, out);
  out->push_back(',');
  AppendPrice(row.price_cents, out);
  out->push_back(',');
  AppendUnsigned(row.user_id, out);
  out->push_back(',');
  AppendUuid(row.session, out);
  out->push_back('\n');
}

}  // namespace churn::events
