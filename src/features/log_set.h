#pragma once
// The logs a run reads, as a set: the monthly files found by their names (or
// one undated export), streamed into per-user histories, checked for bad
// rows, and the snapshots their span supports. What the feature tables
// pipeline and the scoring of raw logs share.
//
//   LogSet logs = FindLogSet("data/raw");            // throws on a missing month
//   SpillFolder spill(SpillParent(config, "out/data"));
//   LogStreamer streamer = StreamLogSet(config, logs, spill);
//   CheckBadRows(config, streamer.files());
//   RequireEventsInEveryMonth(logs, streamer.files());  // an empty month between others
//   SnapshotPlan plan = PlanLogSnapshots(config.churn, logs, EventSpanOf(streamer.files()));
//   ... MakePartitionRows(streamer, plan, ...);          // duplicates counted
//   WarnAboutDuplicates(config, streamer.files());

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "events/log_discovery.h"
#include "features/feature_config.h"
#include "features/log_streamer.h"
#include "features/snapshot_plan.h"

namespace churn::features {

// The logs to read: monthly files found by their names, or one file whose
// name carries no month (an export such as UCI's OnlineRetail.csv), whose
// span then comes from its events.
struct LogSet {
  std::string source;  // the folder, glob or file as configured
  std::vector<std::filesystem::path> files;
  std::vector<events::MonthlyLog> months;  // empty for an undated file
};

// How far the stream is: bytes read of every file together, their total
// size, and the events kept so far. Reported after each batch, and last with
// bytes_done == bytes_total once every file is read.
struct StreamPosition {
  std::int64_t bytes_done = 0;
  std::int64_t bytes_total = 0;
  std::int64_t events = 0;
};
using LogSetProgress = std::function<void(const StreamPosition& position)>;

// The first and last event time over the files; -1 when there is none.
struct EventSpan {
  std::int64_t first = -1;
  std::int64_t last = -1;
};

// Throws InputError when no log is there or a month is missing.
LogSet FindLogSet(const std::string& logs);

// Months must follow each other: a missing month would read as a month in
// which nobody came back, and label everyone a churner. Throws InputError
// naming the missing month.
void RequireContiguousMonths(const std::vector<events::MonthlyLog>& logs);

// Streams every log into per-user histories; only `only_user_id`'s when set.
// Partitions beyond config.memory_limit spill into `spill`.
LogStreamer StreamLogSet(const FeatureConfig& config, const LogSet& logs, const SpillFolder& spill,
                         const LogSetProgress& progress = {}, const std::string& only_user_id = {},
                         const UserShard& shard = {});

// Where a run's spill folder goes: features.spill_dir, or else `output_dir`.
std::filesystem::path SpillParent(const FeatureConfig& config,
                                  const std::filesystem::path& output_dir);

// Skipped rows: warned about (spdlog), and fatal (InputError) beyond
// config.max_bad_fraction.
void CheckBadRows(const FeatureConfig& config, const std::vector<FileReport>& files);

// A month whose file holds no event (a header alone, or every row skipped)
// between months that have events would read as a month in which nobody
// came back, and label everyone before it a churner: throws InputError
// naming the file. An empty first or last month is warned about; the span
// of the events (PlanLogSnapshots) leaves it out.
void RequireEventsInEveryMonth(const LogSet& logs, const std::vector<FileReport>& files);

// The share of rows that repeat an earlier row exactly, above which a file's
// duplicates are warned about: a few are normal in real exports (0.03 % of
// the REES46 sample, 0.08 % of the UCI one), a month written twice is half.
inline constexpr double kDuplicateShareWarned = 0.01;

// Warns (spdlog) about each file whose duplicate rows (FileReport::
// duplicate_rows, complete once the rows are made) exceed kDuplicateShareWarned
// of its rows, saying whether they were kept or dropped.
void WarnAboutDuplicates(const FeatureConfig& config, const std::vector<FileReport>& files);

EventSpan EventSpanOf(const std::vector<FileReport>& files);

// Throws InputError naming logs.source when the span holds no event.
void RequireEvents(const LogSet& logs, EventSpan span);

// The snapshots the logs support: before streaming (span {-1, -1}) from the
// file names, to fail early on logs that are too short; after, from the
// events themselves, so that a month whose file stops early does not count
// as covered. Throws InputError when there is none.
SnapshotPlan PlanLogSnapshots(const ChurnDefinition& churn, const LogSet& logs, EventSpan span);

// The as-of date of a scoring: the midnight after the last event, the
// latest cutoff whose features see every event in the logs.
std::int64_t AsOfCutoff(EventSpan span);

// The one snapshot to score at: `cutoff` (YYYY-MM-DD; its label window need
// not be in the logs, a score looks forward), or the as-of cutoff
// (AsOfCutoff). Throws UsageError for a malformed date, InputError when the
// logs have no event, the cutoff lies past the as-of cutoff, or it has no
// history before it.
SnapshotPlan ScoringPlan(const ChurnDefinition& churn, const LogSet& logs, EventSpan span,
                         const std::optional<std::string>& cutoff);

}  // namespace churn::features
