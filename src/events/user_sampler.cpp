#include "events/user_sampler.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <system_error>

#include "errors/error.h"
#include "events/atomic_file_writer.h"
#include "events/csv_header.h"
#include "events/csv_line_splitter.h"
#include "events/folder_sync.h"
#include "events/line_reader.h"
#include "events/staged_folder.h"
#include "random/split_mix64.h"

namespace churn::events {
namespace {

constexpr std::uint64_t kFnvOffsetBasis = 14695981039346656037ULL;
constexpr std::uint64_t kFnvPrime = 1099511628211ULL;
// A hash's top 53 bits, times 2^-53, are a uniform double in [0, 1).
constexpr int kDoubleMantissaBits = 53;
constexpr double kTwoToMinus53 = 0x1.0p-53;
// Progress is told every this many lines, in megabytes of input.
constexpr std::int64_t kLinesPerReport = 1 << 12;
constexpr std::int64_t kBytesPerMegabyte = 1'000'000;

// One step of splitmix64: every input bit reaches every output bit.
std::uint64_t Spread(std::uint64_t value) {
  return random::MixBits(value + random::kGoldenGamma);
}

// FNV-1a over the id's bytes, started from a seed-dependent state. FNV alone
// mixes its last bytes poorly ("1001" and "1002" differ in few bits), hence
// the finalizer.
std::uint64_t HashUserId(std::string_view user_id, std::uint64_t seed) {
  std::uint64_t hash = kFnvOffsetBasis ^ Spread(seed);
  for (char byte : user_id) {
    hash ^= static_cast<std::uint64_t>(static_cast<unsigned char>(byte));
    hash *= kFnvPrime;
  }
  return Spread(hash);
}

void WriteLine(std::string_view line, AtomicFileWriter* writer) {
  writer->Write(line);
  writer->Write("\n");
}

// The row's user id, or why the row cannot be sampled.
std::optional<RowIssue> FindUserId(std::string_view line, const CsvHeader& header,
                                   std::size_t user_column, CsvLineSplitter* splitter,
                                   std::string_view* user_id) {
  if (line.empty()) {
    return RowIssue::kEmptyLine;
  }
  RowIssue issue{};
  std::optional<std::span<const std::string_view>> fields = splitter->Split(line, &issue);
  if (!fields) {
    return issue;
  }
  if (fields->size() != header.size()) {
    return RowIssue::kWrongFieldCount;
  }
  *user_id = (*fields)[user_column];
  if (user_id->empty()) {
    return RowIssue::kMissingUserId;
  }
  // Only a row whose user id holds the column's name can be the header again;
  // checking that first keeps the full comparison off the common path.
  if (user_id->find(header.names()[user_column]) != std::string_view::npos &&
      header.Matches(line)) {
    return RowIssue::kRepeatedHeader;
  }
  return std::nullopt;
}

// What the sampler tells its progress: the input's megabytes read, of all
// the inputs', every kLinesPerReport lines.
struct SampleProgress {
  progress::Reporter reporter;
  std::int64_t bytes_before = 0;  // of the inputs already sampled
  std::int64_t bytes_total = 0;

  void Report(const LineReader& reader) const {
    reporter.Report("", (bytes_before + reader.bytes_read()) / kBytesPerMegabyte,
                    bytes_total / kBytesPerMegabyte, "MB");
  }
};

SampledFile SampleFile(const std::filesystem::path& input, const std::filesystem::path& output,
                       const UserSampleConfig& config, const SampleProgress& progress) {
  SampledFile result;
  result.input = input;
  result.output = output;
  LineReader reader(input);
  std::string_view line;
  if (!reader.Next(&line)) {
    throw InputError(fmt::format("{}: empty file, expected a CSV header line", input.string()));
  }
  const CsvHeader header(line, input);
  const std::size_t user_column = header.Require(config.user_column);
  AtomicFileWriter writer(output);
  WriteLine(line, &writer);
  CsvLineSplitter splitter;
  std::string_view user_id;
  while (reader.Next(&line)) {
    ++result.rows_read;
    if (result.rows_read % kLinesPerReport == 0) {
      progress.Report(reader);
    }
    std::optional<RowIssue> issue = FindUserId(line, header, user_column, &splitter, &user_id);
    if (!issue) {
      if (KeepUser(user_id, config)) {
        WriteLine(line, &writer);
        ++result.rows_kept;
      }
      continue;
    }
    // A short or broken row at the very end of an unterminated file was most
    // likely cut off when the file was cut, so it gets its own count.
    const bool cut = reader.last_line_unterminated() && (*issue == RowIssue::kWrongFieldCount ||
                                                         *issue == RowIssue::kUnterminatedQuote);
    result.skipped.Add(cut ? RowIssue::kCutLastLine : *issue);
  }
  writer.Commit();
  return result;
}

// Rejects, before any file is written, an input that its output would replace
// and two inputs whose outputs would replace each other.
void CheckOutputs(const std::vector<std::filesystem::path>& inputs,
                  const std::filesystem::path& output_dir) {
  std::map<std::filesystem::path, std::filesystem::path> input_by_name;
  for (const std::filesystem::path& input : inputs) {
    const std::filesystem::path output = output_dir / input.filename();
    const auto [previous, inserted] = input_by_name.emplace(input.filename(), input);
    if (!inserted) {
      throw InputError(fmt::format("{} and {}: both would be sampled into {}",
                                   previous->second.string(), input.string(), output.string()));
    }
    std::error_code error;
    if (std::filesystem::equivalent(input, output, error)) {
      throw InputError(fmt::format(
          "{}: its sample would overwrite it; choose another output folder", input.string()));
    }
  }
}

// The output folder while a sample is written: the files go into a staging
// folder inside it and move into place together once all are written, so
// that a sample that fails leaves the folder as it was (and no folder at all
// when it made it).
class SampleFolder {
 public:
  explicit SampleFolder(const std::filesystem::path& output_dir)
      : output_dir_(output_dir), made_(FirstMissingFolder(output_dir)) {
    std::error_code error;
    if (std::filesystem::exists(output_dir, error) &&
        !std::filesystem::is_directory(output_dir, error)) {
      throw InputError(
          fmt::format("{}: the sample's output is a file; name a folder", output_dir.string()));
    }
    staged_ = std::make_unique<StagedFolder>(output_dir, "sample");
  }
  ~SampleFolder() {
    staged_.reset();
    if (!committed_ && !made_.empty()) {
      std::error_code ignored;  // best effort, as nothing else was written there
      std::filesystem::remove_all(made_, ignored);
    }
  }
  SampleFolder(const SampleFolder&) = delete;
  SampleFolder& operator=(const SampleFolder&) = delete;

  const std::filesystem::path& staging() const { return staged_->path(); }

  // Moves every staged file into the output folder.
  void Commit() {
    for (const auto& entry : std::filesystem::directory_iterator(staged_->path())) {
      const std::filesystem::path target = output_dir_ / entry.path().filename();
      std::error_code error;
      std::filesystem::rename(entry.path(), target, error);
      if (error) {
        throw IoError(fmt::format("{}: cannot move the sample into place ({})", target.string(),
                                  error.message()));
      }
    }
    SyncFolder(output_dir_);
    committed_ = true;
  }

 private:
  // The outermost folder of `folder`'s path that is not there yet; empty
  // when `folder` exists.
  static std::filesystem::path FirstMissingFolder(const std::filesystem::path& folder) {
    std::filesystem::path missing;
    std::error_code error;
    for (std::filesystem::path at = folder.lexically_normal();
         !at.empty() && at != at.parent_path(); at = at.parent_path()) {
      if (std::filesystem::exists(at, error)) {
        break;
      }
      missing = at;
    }
    return missing;
  }

  std::filesystem::path output_dir_;
  std::filesystem::path made_;
  std::unique_ptr<StagedFolder> staged_;
  bool committed_ = false;
};

}  // namespace

void UserSampleConfig::Validate() const {
  if (!std::isfinite(fraction) || fraction <= 0.0 || fraction > 1.0) {
    throw ConfigError(fmt::format("user sample fraction must be in (0, 1], got {}", fraction));
  }
  if (user_column.empty()) {
    throw ConfigError("user sample column must not be empty");
  }
}

bool KeepUser(std::string_view user_id, const UserSampleConfig& config) {
  const std::uint64_t hash = HashUserId(user_id, config.seed);
  const double uniform = static_cast<double>(hash >> (64 - kDoubleMantissaBits)) * kTwoToMinus53;
  return uniform < config.fraction;
}

std::vector<SampledFile> SampleLogsByUser(const std::vector<std::filesystem::path>& inputs,
                                          const std::filesystem::path& output_dir,
                                          const UserSampleConfig& config,
                                          const progress::Reporter& progress) {
  config.Validate();
  CheckOutputs(inputs, output_dir);
  SampleFolder folder(output_dir);
  std::vector<std::int64_t> sizes;
  std::int64_t bytes_total = 0;
  for (const std::filesystem::path& input : inputs) {
    std::error_code error;  // unreadable: SampleFile says so
    std::uintmax_t size = std::filesystem::file_size(input, error);
    sizes.push_back(error ? 0 : static_cast<std::int64_t>(size));
    bytes_total += sizes.back();
  }
  std::vector<SampledFile> sampled;
  sampled.reserve(inputs.size());
  std::int64_t bytes_before = 0;
  for (std::size_t input_idx = 0; input_idx < inputs.size(); ++input_idx) {
    const std::filesystem::path& input = inputs[input_idx];
    SampleProgress file_progress{
        .reporter = progress.Within(fmt::format("sampling {} ({} of {})", input.filename().string(),
                                                input_idx + 1, inputs.size())),
        .bytes_before = bytes_before,
        .bytes_total = bytes_total};
    sampled.push_back(
        SampleFile(input, folder.staging() / input.filename(), config, file_progress));
    sampled.back().output = output_dir / input.filename();
    bytes_before += sizes[input_idx];
  }
  folder.Commit();
  return sampled;
}

}  // namespace churn::events
