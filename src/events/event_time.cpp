#include "events/event_time.h"

#include <chrono>

namespace churn::events {
namespace {

// Writes value as exactly `width` decimal digits, most significant first.
char* WriteDigits(std::int64_t value, int width, char* out) {
  for (int digit_idx = width - 1; digit_idx >= 0; --digit_idx) {
    out[digit_idx] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

// Reads exactly `width` decimal digits; nullopt if any is not a digit.
std::optional<int> ReadDigits(std::string_view text, std::size_t offset, std::size_t width) {
  int value = 0;
  for (std::size_t char_idx = offset; char_idx < offset + width; ++char_idx) {
    char c = text[char_idx];
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    value = value * 10 + (c - '0');
  }
  return value;
}

std::int64_t FloorDiv(std::int64_t value, std::int64_t divisor) {
  std::int64_t quotient = value / divisor;
  return (value % divisor < 0) ? quotient - 1 : quotient;
}

}  // namespace

std::int64_t DayStart(int year, int month, int day) {
  using namespace std::chrono;
  sys_days date =
      year_month_day(std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                     std::chrono::day{static_cast<unsigned>(day)});
  return static_cast<std::int64_t>(date.time_since_epoch().count()) * kSecondsPerDay;
}

char* WriteEventTime(std::int64_t unix_seconds, char* out) {
  using namespace std::chrono;
  std::int64_t days_since_epoch = FloorDiv(unix_seconds, kSecondsPerDay);
  std::int64_t second_of_day = unix_seconds - days_since_epoch * kSecondsPerDay;
  year_month_day date{sys_days{days{days_since_epoch}}};

  out = WriteDigits(static_cast<int>(date.year()), 4, out);
  *out++ = '-';
  out = WriteDigits(static_cast<unsigned>(date.month()), 2, out);
  *out++ = '-';
  out = WriteDigits(static_cast<unsigned>(date.day()), 2, out);
  *out++ = ' ';
  out = WriteDigits(second_of_day / kSecondsPerHour, 2, out);
  *out++ = ':';
  out = WriteDigits(second_of_day % kSecondsPerHour / kSecondsPerMinute, 2, out);
  *out++ = ':';
  out = WriteDigits(second_of_day % kSecondsPerMinute, 2, out);
  constexpr std::string_view kSuffix = " UTC";
  for (char c : kSuffix) {
    *out++ = c;
  }
  return out;
}

std::string FormatDate(std::int64_t unix_seconds) {
  constexpr std::size_t kDateLength = 10;  // "YYYY-MM-DD"
  char buffer[kEventTimeLength];
  WriteEventTime(unix_seconds, buffer);
  return std::string(buffer, kDateLength);
}

void AppendEventTime(std::int64_t unix_seconds, std::string* out) {
  char buffer[kEventTimeLength];
  char* end = WriteEventTime(unix_seconds, buffer);
  out->append(buffer, end);
}

std::optional<std::int64_t> ParseEventTime(std::string_view text) {
  constexpr std::size_t kBaseLength = 19;  // "YYYY-MM-DD hh:mm:ss"
  bool has_utc_suffix = text.size() == kEventTimeLength && text.substr(kBaseLength) == " UTC";
  if (text.size() != kBaseLength && !has_utc_suffix) {
    return std::nullopt;
  }
  if (text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  auto year = ReadDigits(text, 0, 4);
  auto month = ReadDigits(text, 5, 2);
  auto day = ReadDigits(text, 8, 2);
  auto hour = ReadDigits(text, 11, 2);
  auto minute = ReadDigits(text, 14, 2);
  auto second = ReadDigits(text, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second) {
    return std::nullopt;
  }
  std::chrono::year_month_day date{std::chrono::year{*year},
                                   std::chrono::month{static_cast<unsigned>(*month)},
                                   std::chrono::day{static_cast<unsigned>(*day)}};
  constexpr int kMaxHour = 23;
  constexpr int kMaxMinuteOrSecond = 59;
  if (!date.ok() || *hour > kMaxHour || *minute > kMaxMinuteOrSecond ||
      *second > kMaxMinuteOrSecond) {
    return std::nullopt;
  }
  return DayStart(*year, *month, *day) + *hour * kSecondsPerHour + *minute * kSecondsPerMinute +
         *second;
}

}  // namespace churn::events
