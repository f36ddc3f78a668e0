#pragma once
// One table of names per enum: the words that the config file, manifests,
// reports and the API use for its values, declared once beside the enum.
//
//   enum class Calibration { kNone, kPlatt, kIsotonic };
//   inline constexpr config::EnumNames<Calibration, 3> kCalibrationNames = {{
//       {"none", Calibration::kNone},
//       {"platt", Calibration::kPlatt},
//       {"isotonic", Calibration::kIsotonic},
//   }};
//
//   config::NameOf(kCalibrationNames, Calibration::kPlatt)  // "platt"
//   config::ValueOf(kCalibrationNames, "platt")             // Calibration::kPlatt
//   config::ValueOf(kCalibrationNames, "plat")              // std::nullopt
//   config::NameList(kCalibrationNames)                     // "none, platt, isotonic"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace churn::config {

template <typename Enum>
struct NamedValue {
  std::string_view name;
  Enum value;
};

template <typename Enum, std::size_t N>
using EnumNames = std::array<NamedValue<Enum>, N>;

// The name of `value`; empty when the table lacks it (a bug in the table).
template <typename Enum, std::size_t N>
constexpr std::string_view NameOf(const EnumNames<Enum, N>& names, Enum value) {
  for (const NamedValue<Enum>& named : names) {
    if (named.value == value) {
      return named.name;
    }
  }
  return {};
}

// The value called `name`, or nullopt when no value has that name.
template <typename Enum, std::size_t N>
constexpr std::optional<Enum> ValueOf(const EnumNames<Enum, N>& names, std::string_view name) {
  for (const NamedValue<Enum>& named : names) {
    if (named.name == name) {
      return named.value;
    }
  }
  return std::nullopt;
}

// Every name, in the table's order.
template <typename Enum, std::size_t N>
std::vector<std::string> Names(const EnumNames<Enum, N>& names) {
  std::vector<std::string> all;
  all.reserve(N);
  for (const NamedValue<Enum>& named : names) {
    all.emplace_back(named.name);
  }
  return all;
}

// "none, platt, isotonic": the names for a message.
template <typename Enum, std::size_t N>
std::string NameList(const EnumNames<Enum, N>& names) {
  std::string list;
  for (const NamedValue<Enum>& named : names) {
    list += list.empty() ? "" : ", ";
    list += named.name;
  }
  return list;
}

}  // namespace churn::config
