#include "dataset/worker_shards.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "dataset/artifact_lineage.h"
#include "dataset/dataset_files.h"
#include "errors/error.h"
#include "events/atomic_file_writer.h"
#include "events/counted_noun.h"
#include "events/display_path.h"
#include "events/whole_file.h"

namespace churn::dataset {
namespace {

constexpr std::size_t kCopyBlock = std::size_t{1} << 20U;

nlohmann::json ToJson(const TableShape& shape) {
  return {{"header_end", shape.header_end},
          {"snapshot_ends", shape.snapshot_ends},
          {"rows", shape.rows},
          {"churned", shape.churned}};
}

TableShape TableShapeOf(const nlohmann::json& shape) {
  return {.header_end = shape.at("header_end").get<std::int64_t>(),
          .snapshot_ends = shape.at("snapshot_ends").get<std::vector<std::int64_t>>(),
          .rows = shape.at("rows").get<std::int64_t>(),
          .churned = shape.at("churned").get<std::int64_t>()};
}

// Bytes [begin, end) of `from` onto `to`.
void CopyRange(std::ifstream& from, const std::filesystem::path& path, std::int64_t begin,
               std::int64_t end, events::AtomicFileWriter& to) {
  std::string block(kCopyBlock, '\0');
  from.seekg(begin);
  for (std::int64_t left = end - begin; left > 0;) {
    auto want = static_cast<std::streamsize>(std::min<std::int64_t>(left, kCopyBlock));
    if (!from.read(block.data(), want)) {
      throw IoError(
          fmt::format("{}: ends before byte {} that its worker wrote", path.string(), end));
    }
    to.Write(std::string_view(block.data(), static_cast<std::size_t>(want)));
    left -= want;
  }
}

// One table from every worker's shard of it.
void MergeTable(const std::filesystem::path& merged,
                const std::vector<std::filesystem::path>& parts,
                const std::vector<const TableShape*>& shapes) {
  std::vector<std::ifstream> inputs;
  for (const std::filesystem::path& part : parts) {
    std::ifstream& input = inputs.emplace_back(part, std::ios::binary);
    if (!input) {
      throw IoError(fmt::format("{}: cannot read a worker's shard of the tables: {}", part.string(),
                                std::strerror(errno)));
    }
  }
  events::AtomicFileWriter out(merged);
  CopyRange(inputs[0], parts[0], 0, shapes[0]->header_end, out);
  std::size_t snapshots = shapes[0]->snapshot_ends.size();
  for (std::size_t snapshot_idx = 0; snapshot_idx < snapshots; ++snapshot_idx) {
    for (std::size_t worker_idx = 0; worker_idx < parts.size(); ++worker_idx) {
      const TableShape& shape = *shapes[worker_idx];
      if (shape.snapshot_ends.size() != snapshots) {
        throw InternalError("the workers' tables hold different numbers of snapshots");
      }
      std::int64_t begin =
          snapshot_idx == 0 ? shape.header_end : shape.snapshot_ends[snapshot_idx - 1];
      CopyRange(inputs[worker_idx], parts[worker_idx], begin, shape.snapshot_ends[snapshot_idx],
                out);
    }
  }
  out.Commit();
}

}  // namespace

std::filesystem::path ShardsFolder(const OutputLayout& output) {
  return output.data_dir / "shards";
}

OutputLayout ShardLayout(const OutputLayout& output, int rank, int workers) {
  OutputLayout shard = output;
  shard.data_dir = ShardsFolder(output) / fmt::format("{}-of-{}", rank + 1, workers);
  return shard;
}

nlohmann::json ShardFingerprints(const OutputLayout& output, int workers) {
  nlohmann::json shards = nlohmann::json::object();
  for (int rank = 0; rank < workers; ++rank) {
    std::filesystem::path folder = ShardLayout(output, rank, workers).data_dir;
    shards[folder.filename().string()] =
        FileFingerprints({folder / kProcessedTrainFile, folder / kProcessedTestFile});
  }
  return shards;
}

void RemoveOtherRunsShards(const OutputLayout& output, int workers) {
  std::string own_suffix = fmt::format("-of-{}", workers);
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(ShardsFolder(output), error)) {
    std::string name = entry.path().filename().string();
    if (entry.is_directory() && name.find("-of-") != std::string::npos &&
        !name.ends_with(own_suffix)) {
      std::filesystem::remove_all(entry.path(), error);  // best effort: they are never read
    }
  }
}

std::vector<std::filesystem::path> RequireShardTables(const OutputLayout& output,
                                                      const collective::WorkerGroup& group) {
  std::filesystem::path report_path = output.data_dir / kFeaturesReportFile;
  std::optional<std::string> text = events::ReadWholeFile(report_path);
  nlohmann::json report = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
  int made_by = report.is_object() && report.contains("workers") && report["workers"].is_number()
                    ? report["workers"].get<int>()
                    : 1;
  if (made_by != group.size()) {
    throw InputError(fmt::format(
        "{}: the tables were made by {}, and {} workers are to read them: run `churn-radar "
        "features --workers {}` first (or this command with --workers {})",
        events::DisplayPath(report_path), events::CountedNoun(made_by, "worker"), group.size(),
        group.size(), made_by));
  }
  OutputLayout shard = ShardLayout(output, group.rank(), group.size());
  std::vector<std::filesystem::path> files = {shard.data_dir / kProcessedTrainFile,
                                              shard.data_dir / kProcessedTestFile};
  std::string name = shard.data_dir.filename().string();
  const nlohmann::json& recorded = report["shard_outputs"];
  RequireRecordedFiles(
      {.path = report_path,
       .files = recorded.is_object() && recorded.contains(name) ? recorded[name] : nullptr,
       .remake = fmt::format("features --workers {}", group.size())},
      files);
  return files;
}

std::vector<ShardShape> GatherShapes(const ShardShape& mine, const collective::WorkerGroup& group) {
  nlohmann::json my_shape = {{"train", ToJson(mine.train)}, {"test", ToJson(mine.test)}};
  std::vector<ShardShape> shapes;
  for (const std::string& bytes : group.Gather(my_shape.dump())) {
    nlohmann::json shape = nlohmann::json::parse(bytes);
    shapes.push_back(
        {.train = TableShapeOf(shape.at("train")), .test = TableShapeOf(shape.at("test"))});
  }
  return shapes;
}

void MergeShardTables(const OutputLayout& output, const collective::WorkerGroup& group,
                      const std::vector<ShardShape>& shapes) {
  for (bool test : {false, true}) {
    const char* name = test ? kProcessedTestFile : kProcessedTrainFile;
    std::vector<std::filesystem::path> parts;
    std::vector<const TableShape*> table_shapes;
    for (int rank = 0; rank < group.size(); ++rank) {
      parts.push_back(ShardLayout(output, rank, group.size()).data_dir / name);
      const ShardShape& shape = shapes[static_cast<std::size_t>(rank)];
      table_shapes.push_back(test ? &shape.test : &shape.train);
    }
    MergeTable(output.data_dir / name, parts, table_shapes);
  }
}

std::vector<std::size_t> MergedTableOrder(std::span<const std::string> gathered_cutoffs,
                                          std::span<const std::string> merged_cutoffs) {
  std::map<std::string_view, std::size_t> position;
  for (const std::string& cutoff : merged_cutoffs) {
    position.try_emplace(cutoff, position.size());
  }
  std::vector<std::size_t> snapshot_of;  // each gathered row's place among the snapshots
  snapshot_of.reserve(gathered_cutoffs.size());
  for (const std::string& cutoff : gathered_cutoffs) {
    auto found = position.find(cutoff);
    snapshot_of.push_back(found == position.end() ? position.size() : found->second);
  }
  std::vector<std::size_t> order(gathered_cutoffs.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t left, std::size_t right) {
    return snapshot_of[left] < snapshot_of[right];
  });
  return order;
}

std::vector<features::FileReport> SumOverWorkers(std::vector<features::FileReport> files,
                                                 const collective::WorkerGroup& group) {
  std::vector<std::int64_t> counts;
  for (const features::FileReport& file : files) {
    counts.push_back(file.events);
    counts.push_back(file.duplicate_rows);
  }
  group.Sum(counts);
  for (std::size_t file_idx = 0; file_idx < files.size(); ++file_idx) {
    files[file_idx].events = counts[2 * file_idx];
    files[file_idx].duplicate_rows = counts[2 * file_idx + 1];
  }
  return files;
}

features::CustomerBase MergeOverWorkers(const features::CustomerBase& mine,
                                        const collective::WorkerGroup& group) {
  if (!group.distributed()) {
    return mine;
  }
  features::CustomerBase merged;
  for (const std::string& bytes : group.Gather(mine.ToBytes())) {
    merged.Merge(features::CustomerBase::FromBytes(bytes));
  }
  merged.Finish();
  return merged;
}

}  // namespace churn::dataset
