#pragma once
// The CSV `predict --input FILE --output FILE` writes, and where it may go.
// Its columns: user_id, snapshot (the row's snapshot, or the cutoff raw logs
// were read at), probability, flagged (1 at or above the model's
// threshold), risk_band, reason_1..N, then the input's own other columns
// (an e-mail, a segment) as they came, in their order.
//
// The output must not be one of the inputs (the same file, however named),
// nor lie in the models folder or in a folder of logs being scored; and an
// existing file is replaced only when it is an earlier output of predict
// (its header says so), empty, or `--force` was given. Earlier outputs
// named the prediction `label`: their header is recognised too.
//
//   CheckScoredFileTarget({.input = in, .output = out, .models_dir = models, .force = false});
//   std::string header = ScoredFileHeader(3, {"email"});
//   // "user_id,snapshot,probability,flagged,risk_band,reason_1,reason_2,reason_3,email"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace churn::report {

struct ScoredFileTarget {
  std::filesystem::path input;  // a file, or a folder of logs
  std::filesystem::path output;
  std::filesystem::path models_dir;
  bool force = false;  // replace an existing file that predict did not write
};

// Throws UsageError naming the file when the output may not be written.
void CheckScoredFileTarget(const ScoredFileTarget& target);

// The header line, without its newline.
std::string ScoredFileHeader(std::size_t reasons, const std::vector<std::string>& other_columns);

// True when `path`'s first line is the header of a file predict wrote.
bool IsScoredFile(const std::filesystem::path& path);

// Throws InputError when one of the input's other columns has the name of
// one of the scores' own columns, which it would clash with.
void CheckOtherColumns(const std::filesystem::path& input,
                       const std::vector<std::string>& other_columns);

}  // namespace churn::report
