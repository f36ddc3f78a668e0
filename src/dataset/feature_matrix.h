#pragma once
// The rows training and scoring work on: features in the column order of
// feature_columns.json, with what identifies and labels each row.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "features/purchase_history.h"

namespace churn::dataset {

// Dense, row-major features: rows() × cols() floats (XGBoost's own type).
struct FeatureMatrix {
  std::vector<std::string> names;  // the columns, in order
  std::vector<float> values;

  std::size_t cols() const { return names.size(); }
  std::size_t rows() const { return names.empty() ? 0 : values.size() / names.size(); }
  std::span<const float> Row(std::size_t row) const {
    return std::span<const float>(values).subspan(row * cols(), cols());
  }
  float At(std::size_t row, std::size_t col) const { return values[row * cols() + col]; }
};

// The rows of processed_train.csv or processed_test.csv.
struct LabelledRows {
  FeatureMatrix features;
  std::vector<std::string> user_ids;
  std::vector<std::string> cutoffs;   // the snapshot's cutoff date, YYYY-MM-DD
  std::vector<std::uint8_t> churned;  // 1: churned in the label window
  // Per row, from a table's purchase columns; empty when it has none.
  std::vector<features::PurchaseHistory> purchases;

  std::size_t size() const { return user_ids.size(); }
  // The chosen rows, in the order given.
  LabelledRows Select(std::span<const std::size_t> rows) const;
  // `more`'s rows after these; InternalError unless both have the same
  // columns and both or neither carry purchase histories.
  void Append(const LabelledRows& more);
};

}  // namespace churn::dataset
