#include "explain/reason_phrases.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "errors/error.h"
#include "features/feature_registry.h"

namespace churn::explain {
namespace {

using features::FeatureSpec;
using features::ValueKind;
using features::ValuePhrase;

// Below this, days, minutes and percentages keep one decimal: "2.5 days" says
// more than "2 days", while "23.4 days" only adds noise.
constexpr double kOneDecimalBelow = 10;
constexpr double kPercent = 100;
constexpr int kMoneyDecimals = 2;
constexpr double kCentsPerUnit = 100;
constexpr std::string_view kValueSlot = "{}";

// `value` rounded to `decimals` places. A value that rounds to zero is written
// without a sign, so a reason never reads "-0.00".
std::string Fixed(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  double rounded = std::round(value * scale) / scale;
  if (rounded == 0) {
    rounded = 0;  // turns -0 into 0
  }
  return fmt::format("{:.{}f}", rounded, decimals);
}

// "2.50" -> "2.5", "3.0" -> "3": trailing zeros carry no meaning for a reader.
std::string WithoutTrailingZeros(std::string number) {
  if (number.find('.') == std::string::npos) {
    return number;
  }
  number.erase(number.find_last_not_of('0') + 1);
  if (number.back() == '.') {
    number.pop_back();
  }
  return number;
}

// One decimal for small magnitudes, whole numbers from 10 on.
std::string Rounded(double value) {
  return std::abs(value) < kOneDecimalBelow ? WithoutTrailingZeros(Fixed(value, 1))
                                            : Fixed(value, 0);
}

// Rates such as 0.25 clicks per day need two decimals to be told apart.
std::string PlainNumber(double value) {
  const double magnitude = std::abs(value);
  const int decimals = magnitude < 1 ? 2 : (magnitude < kOneDecimalBelow ? 1 : 0);
  return WithoutTrailingZeros(Fixed(value, decimals));
}

// A change of spending carries its sign, "+12.50", so that a rise is not read
// as a level of spending.
std::string SignedMoney(double value) {
  std::string money = Fixed(value, kMoneyDecimals);
  return std::round(value * kCentsPerUnit) > 0 ? "+" + money : money;
}

// The value as the phrase shows it; flags are never shown as a number.
std::string FormatValue(ValueKind kind, double value) {
  switch (kind) {
    case ValueKind::kCount:
      return Fixed(value, 0);
    case ValueKind::kDays:
    case ValueKind::kMinutes:
      return Rounded(value);
    case ValueKind::kMoney:
      return Fixed(value, kMoneyDecimals);
    case ValueKind::kMoneyChange:
      return SignedMoney(value);
    case ValueKind::kShare:
      return Rounded(value * kPercent) + "%";
    case ValueKind::kRatio:
    case ValueKind::kFlag:
      return PlainNumber(value);
  }
  return PlainNumber(value);
}

// The registry's phrase with the value in its slot, the singular where the
// value reads "1", and a flag's words for set or not set.
std::string FillPhrase(const ValuePhrase& phrase, double value) {
  if (phrase.kind == ValueKind::kFlag) {
    return std::string(value != 0 ? phrase.text : phrase.text_when_unset);
  }
  std::string number = FormatValue(phrase.kind, value);
  std::string text(number == "1" && !phrase.text_for_one.empty() ? phrase.text_for_one
                                                                 : phrase.text);
  if (std::size_t slot = text.find(kValueSlot); slot != std::string::npos) {
    text.replace(slot, kValueSlot.size(), number);
  }
  return text;
}

const FeatureSpec* FindFeature(std::string_view name) {
  for (const FeatureSpec& spec : features::FeatureRegistry()) {
    if (spec.name == name) {
      return &spec;
    }
  }
  return nullptr;
}

// Column indices of the features that moved the score, strongest first; ties
// keep column order so that the same inputs always give the same reasons.
// A NaN contribution is no evidence either way and is left out with the zeros.
std::vector<std::size_t> StrongestColumns(std::span<const float> shap, std::size_t count) {
  std::vector<std::size_t> columns;
  for (std::size_t column_idx = 0; column_idx < shap.size(); ++column_idx) {
    if (shap[column_idx] != 0 && !std::isnan(shap[column_idx])) {
      columns.push_back(column_idx);
    }
  }
  auto stronger = [&](std::size_t left, std::size_t right) {
    const float left_size = std::abs(shap[left]);
    const float right_size = std::abs(shap[right]);
    return left_size != right_size ? left_size > right_size : left < right;
  };
  const std::size_t kept = std::min(count, columns.size());
  std::partial_sort(columns.begin(), columns.begin() + static_cast<std::ptrdiff_t>(kept),
                    columns.end(), stronger);
  columns.resize(kept);
  return columns;
}

}  // namespace

std::string DescribeValue(std::string_view feature, double value) {
  const FeatureSpec* spec = FindFeature(feature);
  if (std::isnan(value)) {
    return fmt::format("{}: unknown", spec != nullptr ? spec->meaning : feature);
  }
  if (spec == nullptr) {
    return fmt::format("{} = {}", feature, PlainNumber(value));
  }
  return FillPhrase(spec->phrase, value);
}

std::vector<Reason> TopReasons(std::span<const std::string> feature_names,
                               std::span<const float> values, std::span<const float> shap,
                               std::size_t count) {
  if (values.size() != feature_names.size() || shap.size() != feature_names.size()) {
    throw InternalError(fmt::format(
        "TopReasons: {} feature names but {} values and {} SHAP values; expected one of each "
        "per feature",
        feature_names.size(), values.size(), shap.size()));
  }
  std::vector<Reason> reasons;
  for (std::size_t column_idx : StrongestColumns(shap, count)) {
    Reason reason;
    reason.feature = feature_names[column_idx];
    reason.value = values[column_idx];
    reason.shap = shap[column_idx];
    reason.raises_risk = reason.shap > 0;
    reason.phrase = fmt::format("{} ({})", DescribeValue(reason.feature, reason.value),
                                reason.raises_risk ? "raises risk" : "lowers risk");
    reasons.push_back(std::move(reason));
  }
  return reasons;
}

}  // namespace churn::explain
