#pragma once
// A calendar month, the unit in which event logs are published
// ("2019-Oct.csv", "2019-Nov.csv.gz").

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace churn::events {

class YearMonth {
 public:
  YearMonth() = default;
  // month is 1..12; the constructor does not validate, use Parse for text.
  constexpr YearMonth(int year, int month) : year_(year), month_(month) {}

  // Accepts "2019-10" and "2019-Oct" (month names in English, any case).
  static std::optional<YearMonth> Parse(std::string_view text);
  // The month (UTC) that contains a time given in Unix seconds.
  static YearMonth Of(std::int64_t unix_seconds);

  int year() const { return year_; }
  int month() const { return month_; }

  YearMonth Next() const;
  YearMonth Plus(int months) const;
  int DaysInMonth() const;
  // Unix seconds (UTC) of the month's first second.
  std::int64_t FirstSecond() const;
  // Unix seconds (UTC) of the next month's first second: the end, exclusive.
  std::int64_t EndSecond() const { return Next().FirstSecond(); }

  // "2019-Oct": the file-name form of REES46 logs.
  std::string FileStem() const;
  // "2019-10": the ISO form used in configs and reports.
  std::string ToIsoString() const;

  // clang-tidy 14 takes the defaulted <=>'s comparison with a literal 0 for a null pointer.
  auto operator<=>(const YearMonth&) const = default;  // NOLINT(modernize-use-nullptr)

 private:
  int year_ = 1970;
  int month_ = 1;
};

}  // namespace churn::events
