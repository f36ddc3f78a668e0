#pragma once
// feature_columns.json, in the models directory: the feature columns in the
// order training and scoring use, a hash of that list (a saved model records
// it, so a model never scores columns it was not trained on), and what the
// features stage fitted on the training rows.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "value/value_model.h"

namespace churn::dataset {

// A labelled snapshot's cutoff and the end of its label window (YYYY-MM-DD,
// exclusive): a model tested at a cutoff may learn only from snapshots
// whose labels were known by then.
struct SnapshotWindow {
  std::string cutoff;
  std::string label_end;
};

struct FeatureColumns {
  std::vector<std::string> names;
  double high_value_spend = 0;                  // the high_value_user threshold, from training rows
  std::string split;                            // how the features stage split train from test
  std::vector<value::ValueModel> value_models;  // by cutoff, where one could be fitted
  std::vector<SnapshotWindow> snapshots = {};   // every labelled snapshot, by cutoff

  // The label window's end of `cutoff`'s snapshot, or null.
  const std::string* LabelEndAt(std::string_view cutoff) const;

  // The value model of `cutoff` (YYYY-MM-DD), or null.
  const value::ValueModel* ValueModelAt(std::string_view cutoff) const;

  std::string Hash() const { return FeatureListHash(names); }
  static std::string FeatureListHash(const std::vector<std::string>& names);
};

void WriteFeatureColumns(const std::filesystem::path& path, const FeatureColumns& columns);
// Throws InputError when the file is missing (run `features` first) or malformed.
FeatureColumns ReadFeatureColumns(const std::filesystem::path& path);

}  // namespace churn::dataset
