#include "features/memory_limit.h"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <utility>

#include "errors/error.h"

namespace churn::features {
namespace {

constexpr std::int64_t kBytesPerKiB = 1024;
constexpr double kDecimalStep = 1000.0;
constexpr double kBinaryStep = 1024.0;

std::string Lowered(std::string_view text) {
  std::string lower;
  for (char letter : text) {
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(letter)));
  }
  return lower;
}

// The unit's multiplier, case-insensitive; nullopt for an unknown unit.
std::optional<double> UnitBytes(std::string_view unit) {
  std::string lower = Lowered(unit);
  static constexpr std::array<std::pair<std::string_view, int>, 5> kDecimal = {
      {{"b", 0}, {"kb", 1}, {"mb", 2}, {"gb", 3}, {"tb", 4}}};
  static constexpr std::array<std::pair<std::string_view, int>, 4> kBinary = {
      {{"kib", 1}, {"mib", 2}, {"gib", 3}, {"tib", 4}}};
  if (lower.empty()) {
    return 1.0;
  }
  for (const auto& [name, power] : kDecimal) {
    if (lower == name) {
      return std::pow(kDecimalStep, power);
    }
  }
  for (const auto& [name, power] : kBinary) {
    if (lower == name) {
      return std::pow(kBinaryStep, power);
    }
  }
  return std::nullopt;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

std::optional<std::int64_t> ParseByteSize(std::string_view text) {
  text = Trim(text);
  double number = 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), number, std::chars_format::fixed);
  if (error != std::errc() || !std::isfinite(number) || number < 0) {
    return std::nullopt;
  }
  std::optional<double> unit =
      UnitBytes(Trim(text.substr(static_cast<std::size_t>(end - text.data()))));
  constexpr double kMaxBytes = 9.0e18;
  if (!unit || number * *unit > kMaxBytes) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(std::llround(number * *unit));
}

std::optional<std::int64_t> ParseMemoryLimit(std::string_view setting) {
  if (Lowered(Trim(setting)) == kAutoMemoryLimit) {
    return PhysicalMemoryBytes() / 2;
  }
  std::optional<std::int64_t> bytes = ParseByteSize(setting);
  return bytes && *bytes > 0 ? bytes : std::nullopt;
}

std::int64_t ResolveMemoryLimit(std::string_view setting, std::string_view setting_name) {
  std::optional<std::int64_t> bytes = ParseMemoryLimit(setting);
  if (!bytes) {
    throw ConfigError(fmt::format("{} must be a size such as 256MB, 4GB or 1.5GiB, or {}, got '{}'",
                                  setting_name, kAutoMemoryLimit, setting));
  }
  return *bytes;
}

std::int64_t PhysicalMemoryBytes() {
  long pages = sysconf(_SC_PHYS_PAGES);
  long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) {
    constexpr std::int64_t kAssumedBytes = std::int64_t{4} << 30;
    return kAssumedBytes;
  }
  return static_cast<std::int64_t>(pages) * page_size;
}

std::int64_t PeakResidentBytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::int64_t>(usage.ru_maxrss) * kBytesPerKiB;  // Linux reports KiB
}

std::string FormatBytes(std::int64_t bytes) {
  static constexpr std::array<std::string_view, 5> kUnits = {"B", "kB", "MB", "GB", "TB"};
  auto value = static_cast<double>(bytes);
  std::size_t unit = 0;
  // 999,999 bytes print as "1 MB", not "1e+03 kB": a value that rounds to
  // 1000 at three digits moves on to the next unit.
  constexpr double kRoundsUp = 999.5;
  while (value >= kRoundsUp && unit + 1 < kUnits.size()) {
    value /= kDecimalStep;
    ++unit;
  }
  return unit == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.3g} {}", value, kUnits[unit]);
}

}  // namespace churn::features
