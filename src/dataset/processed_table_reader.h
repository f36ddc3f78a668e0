#pragma once
// Reads processed_train.csv and processed_test.csv back for training and
// scoring: `user_id,snapshot,<features>,churn`. Feature columns are found by
// name and put in the order the model expects (feature_columns.json), so a
// table whose columns were reordered still reads right; a feature the model
// needs that the table lacks, or a column nobody knows, is an error that
// names it. The table streams through; memory grows with its rows only.

#include <filesystem>
#include <string>
#include <vector>

#include "dataset/feature_matrix.h"

namespace churn::dataset {

struct ProcessedTableOptions {
  // Tables to train or evaluate on must carry the label; a table to score
  // need not (its churn column, if any, is still read).
  bool require_label = true;
};

// The columns of a table to score beyond the ones it is read for (an
// e-mail, a segment), kept to pass through to the scores.
struct OtherColumns {
  std::vector<std::string> names;  // in the file's order
  std::vector<std::string> rows;   // per row, their values as CSV: ",a@b.com,gold"
};

// Throws InputError naming the file, line and column of the first problem:
// a missing or unknown column, a row with the wrong number of fields, a
// value that is not a finite number, a label other than 0 or 1. With
// `other_columns`, an unknown column is kept there instead of refused.
LabelledRows ReadProcessedTable(const std::filesystem::path& path,
                                const std::vector<std::string>& feature_names,
                                const ProcessedTableOptions& options = {},
                                OtherColumns* other_columns = nullptr);

}  // namespace churn::dataset
