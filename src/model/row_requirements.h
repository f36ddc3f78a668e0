#pragma once
// What the fits and the predictions require of their rows. They are checked
// up front so that a problem is reported in the project's words (which rows,
// which column) rather than as a library failure deep inside a fit.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "dataset/feature_matrix.h"

namespace churn::model {

// The first place where `actual` differs from `expected`, in words ("column 3
// is 'visits_7d', expected 'visits_30d'"), or nothing when they are equal.
std::optional<std::string> FirstColumnDifference(std::span<const std::string> expected,
                                                 std::span<const std::string> actual);

// Rows to fit on: at least one, as many labels (each 0 or 1) and ids as
// rows, a whole number of rows of values, and at least one column. Throws
// InputError naming `what` ("the training rows").
void RequireFittableRows(const dataset::LabelledRows& rows, std::string_view what);

// Throws InputError naming `what` when `labels` hold a single class: no model
// can learn to tell churners from stayers without both.
void RequireBothClasses(std::span<const std::uint8_t> labels, std::string_view what);

// Throws InternalError when `values` is not a whole number of rows: the
// matrix was built wrongly, not by the user.
void RequireWholeRows(const dataset::FeatureMatrix& matrix, std::string_view what);

}  // namespace churn::model
