#pragma once
// Sampling of big logs by user: every event of a deterministic, hash-selected
// subset of users is kept, so per-user behaviour stays whole. The same user
// is kept or dropped in every file, whatever the file's order or compression.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "events/row_issues.h"
#include "progress/progress_reporter.h"

namespace churn::events {

struct UserSampleConfig {
  double fraction = 0.1;  // share of users kept, in (0, 1]
  std::uint64_t seed = 42;
  std::string user_column = "user_id";

  // Throws ConfigError for a fraction outside (0, 1] or an empty column name.
  void Validate() const;
};

// True if the user belongs to the sample. Stable across runs and platforms.
bool KeepUser(std::string_view user_id, const UserSampleConfig& config);

struct SampledFile {
  std::filesystem::path input;
  std::filesystem::path output;
  std::int64_t rows_read = 0;  // data lines after the header, skipped ones included
  std::int64_t rows_kept = 0;  // data lines written, the header not counted
  RowIssueCounts skipped;
};

// Streams each input to output_dir under the same file name (and so the same
// compression), keeping the header and the sampled users' rows byte for byte.
// Every line is written with a "\n" ending, so CRLF input gives LF output and
// an unterminated last line gets its ending. Rows that cannot be read are
// skipped and counted. The files are written into a staging folder inside
// output_dir and moved into place together once all are written: a sample
// that fails leaves output_dir as it was (and removes it when it made it),
// and a killed one leaves a temporary that the next run removes. Throws IoError or
// InputError (no user column, an output that would overwrite an input, two
// inputs with one file name) naming the file. `progress` is told the
// megabytes of input read so far, within each file's name.
std::vector<SampledFile> SampleLogsByUser(const std::vector<std::filesystem::path>& inputs,
                                          const std::filesystem::path& output_dir,
                                          const UserSampleConfig& config,
                                          const progress::Reporter& progress = {});

}  // namespace churn::events
