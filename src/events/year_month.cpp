#include "events/year_month.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <chrono>

#include "events/event_time.h"

namespace churn::events {
namespace {

constexpr int kMonthsPerYear = 12;
constexpr std::array<std::string_view, kMonthsPerYear> kMonthNames = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool EqualsIgnoreCase(std::string_view left, std::string_view right) {
  if (left.size() != right.size()) {
    return false;
  }
  for (std::size_t char_idx = 0; char_idx < left.size(); ++char_idx) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
    if (lower(left[char_idx]) != lower(right[char_idx])) {
      return false;
    }
  }
  return true;
}

std::optional<int> ParseMonth(std::string_view text) {
  for (int month_idx = 0; month_idx < kMonthsPerYear; ++month_idx) {
    if (EqualsIgnoreCase(text, kMonthNames[month_idx])) {
      return month_idx + 1;
    }
  }
  int month = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), month);
  if (error != std::errc() || end != text.data() + text.size() || text.size() != 2 || month < 1 ||
      month > kMonthsPerYear) {
    return std::nullopt;
  }
  return month;
}

}  // namespace

std::optional<YearMonth> YearMonth::Parse(std::string_view text) {
  constexpr std::size_t kYearDigits = 4;
  if (text.size() < kYearDigits + 2 || text[kYearDigits] != '-') {
    return std::nullopt;
  }
  int year = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + kYearDigits, year);
  if (error != std::errc() || end != text.data() + kYearDigits) {
    return std::nullopt;
  }
  std::optional<int> month = ParseMonth(text.substr(kYearDigits + 1));
  if (!month) {
    return std::nullopt;
  }
  return YearMonth(year, *month);
}

YearMonth YearMonth::Of(std::int64_t unix_seconds) {
  std::int64_t days_since_epoch = unix_seconds / kSecondsPerDay;
  if (unix_seconds % kSecondsPerDay < 0) {
    --days_since_epoch;
  }
  std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{days_since_epoch}}};
  return YearMonth(static_cast<int>(date.year()),
                   static_cast<int>(static_cast<unsigned>(date.month())));
}

YearMonth YearMonth::Next() const {
  return Plus(1);
}

YearMonth YearMonth::Plus(int months) const {
  int index = year_ * kMonthsPerYear + (month_ - 1) + months;
  return YearMonth(index / kMonthsPerYear, index % kMonthsPerYear + 1);
}

int YearMonth::DaysInMonth() const {
  std::chrono::year_month_day_last last(
      std::chrono::year{year_},
      std::chrono::month_day_last(std::chrono::month{static_cast<unsigned>(month_)}));
  return static_cast<int>(static_cast<unsigned>(last.day()));
}

std::int64_t YearMonth::FirstSecond() const {
  return DayStart(year_, month_, 1);
}

std::string YearMonth::FileStem() const {
  return fmt::format("{:04d}-{}", year_, kMonthNames[static_cast<std::size_t>(month_ - 1)]);
}

std::string YearMonth::ToIsoString() const {
  return fmt::format("{:04d}-{:02d}", year_, month_);
}

}  // namespace churn::events
