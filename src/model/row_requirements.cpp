#include "model/row_requirements.h"

#include <fmt/format.h>

#include <algorithm>

#include "errors/error.h"

namespace churn::model {

std::optional<std::string> FirstColumnDifference(std::span<const std::string> expected,
                                                 std::span<const std::string> actual) {
  std::size_t shared = std::min(expected.size(), actual.size());
  for (std::size_t column_idx = 0; column_idx < shared; ++column_idx) {
    if (actual[column_idx] != expected[column_idx]) {
      return fmt::format("column {} is '{}', expected '{}'", column_idx + 1, actual[column_idx],
                         expected[column_idx]);
    }
  }
  if (actual.size() < expected.size()) {
    return fmt::format("column {} '{}' is missing ({} columns, expected {})", shared + 1,
                       expected[shared], actual.size(), expected.size());
  }
  if (actual.size() > expected.size()) {
    return fmt::format("column {} '{}' is not expected ({} columns, expected {})", shared + 1,
                       actual[shared], actual.size(), expected.size());
  }
  return std::nullopt;
}

void RequireFittableRows(const dataset::LabelledRows& rows, std::string_view what) {
  const dataset::FeatureMatrix& features = rows.features;
  if (features.cols() == 0) {
    throw InputError(fmt::format("{} have no feature columns", what));
  }
  RequireWholeRows(features, what);
  if (features.rows() == 0) {
    throw InputError(fmt::format("{} are empty: there is nothing to fit on", what));
  }
  if (rows.churned.size() != features.rows() || rows.user_ids.size() != features.rows()) {
    throw InputError(fmt::format("{} have {} rows of features but {} labels and {} user ids", what,
                                 features.rows(), rows.churned.size(), rows.user_ids.size()));
  }
  auto not_binary = std::find_if(rows.churned.begin(), rows.churned.end(),
                                 [](std::uint8_t label) { return label > 1; });
  if (not_binary != rows.churned.end()) {
    throw InputError(fmt::format("{}: row {} has label {}, expected 0 or 1", what,
                                 not_binary - rows.churned.begin() + 1, int{*not_binary}));
  }
}

void RequireBothClasses(std::span<const std::uint8_t> labels, std::string_view what) {
  if (labels.empty()) {
    throw InputError(fmt::format("{} are empty: a model needs churners and stayers", what));
  }
  bool has_churner = std::find(labels.begin(), labels.end(), 1) != labels.end();
  bool has_stayer = std::find(labels.begin(), labels.end(), 0) != labels.end();
  if (!has_churner || !has_stayer) {
    throw InputError(fmt::format(
        "{} hold only {} ({} rows): a model needs both churners and stayers to learn from", what,
        has_churner ? "churners" : "stayers", labels.size()));
  }
}

void RequireWholeRows(const dataset::FeatureMatrix& matrix, std::string_view what) {
  if (matrix.cols() != 0 && matrix.values.size() % matrix.cols() != 0) {
    throw InternalError(fmt::format("{}: {} values do not make whole rows of {} columns", what,
                                    matrix.values.size(), matrix.cols()));
  }
}

}  // namespace churn::model
