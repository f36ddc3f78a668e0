#pragma once
// A scoring's customer values (scoring/scoring_files.h's customer_values.csv)
// as the server answers from them: each scored user's P(alive), expected
// purchases, expected value over the horizon and value at risk, by the
// index of the scoring's SHAP store (the file's lines are in the store's
// order). A scoring without a value model has no file and so no table.
//
//   std::optional<CustomerValueTable> values = CustomerValueTable::Load(folder, store);
//   if (values) { const CustomerValueRow& row = values->At(index); ... }

#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "explain/shap_store.h"
#include "scoring/scoring_files.h"

namespace churn::server {

struct CustomerValueRow {
  std::optional<double> p_alive;  // none for a user who never bought
  double expected_purchases = 0;
  double expected_value = 0;
  double value_at_risk = 0;
};

// {p_alive (null for a user who never bought), expected_purchases,
// expected_value, value_at_risk}: one user's values as the API sends them.
nlohmann::json CustomerValueJson(const CustomerValueRow& row);

class CustomerValueTable {
 public:
  // The folder's customer_values.csv, read strictly; nullopt when the folder
  // has none. Throws InputError naming the file and line for a malformed
  // line, and for a file whose users are not the store's, line for index.
  static std::optional<CustomerValueTable> Load(const std::filesystem::path& folder,
                                                const explain::ShapStore& store);

  std::size_t size() const { return rows_.size(); }
  // The user at the store's `index`.
  const CustomerValueRow& At(std::size_t index) const { return rows_[index]; }

  // The store's indices by value at risk, highest first; ties by
  // probability, highest first, then in user id order (at_risk.csv's order
  // when the scoring ranks by value at risk).
  std::vector<std::size_t> OrderByValueAtRisk(const explain::ShapStore& store) const;

 private:
  std::vector<CustomerValueRow> rows_;
};

}  // namespace churn::server
