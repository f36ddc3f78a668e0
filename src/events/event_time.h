#pragma once
// Event timestamps: Unix seconds in UTC, written as REES46 writes them,
// "2019-10-01 00:00:05 UTC".

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace churn::events {

inline constexpr std::int64_t kSecondsPerMinute = 60;
inline constexpr std::int64_t kSecondsPerHour = 3600;
inline constexpr std::int64_t kSecondsPerDay = 86400;

// Length of "2019-10-01 00:00:05 UTC".
inline constexpr std::size_t kEventTimeLength = 23;

// Writes "YYYY-MM-DD hh:mm:ss UTC" into out, which must hold kEventTimeLength
// characters. Returns the position after the last character written.
char* WriteEventTime(std::int64_t unix_seconds, char* out);

// Appends "YYYY-MM-DD hh:mm:ss UTC" to out.
void AppendEventTime(std::int64_t unix_seconds, std::string* out);

// Parses "YYYY-MM-DD hh:mm:ss" with an optional " UTC" suffix. Returns nullopt
// for anything else, including impossible dates such as 2019-02-30.
std::optional<std::int64_t> ParseEventTime(std::string_view text);

// "2019-10-01": the UTC date of a time.
std::string FormatDate(std::int64_t unix_seconds);

// Unix seconds of midnight (UTC) of the given civil date; the date is assumed valid.
std::int64_t DayStart(int year, int month, int day);

}  // namespace churn::events
