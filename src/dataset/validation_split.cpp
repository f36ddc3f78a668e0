#include "dataset/validation_split.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "collective/gathered_values.h"
#include "collective/radix_select.h"
#include "errors/error.h"
#include "features/log_event.h"
#include "random/split_mix64.h"

namespace churn::dataset {
namespace {

ValidationSplit ByLatestSnapshot(const LabelledRows& train, const std::string& latest) {
  ValidationSplit split;
  split.method = "latest_snapshot";
  split.validation_cutoff = latest;
  for (std::size_t row = 0; row < train.size(); ++row) {
    (train.cutoffs[row] == latest ? split.validation_rows : split.fit_rows).push_back(row);
  }
  return split;
}

// Each class's users ordered by a seeded hash of their id; the first share
// of each validates, over every worker's rows (the share is found by an
// exact selection of the draws, not by gathering them). A user's rows stay
// on one side.
ValidationSplit ByStratifiedUsers(const LabelledRows& train, double share, std::uint64_t seed,
                                  const collective::WorkerGroup& group) {
  ValidationSplit split;
  split.method = "stratified_users";
  std::vector<std::uint64_t> draws;
  draws.reserve(train.size());
  for (std::size_t row = 0; row < train.size(); ++row) {
    draws.push_back(random::MixBits(features::KeyOf(train.user_ids[row]) ^ seed));
  }
  std::vector<bool> validates(train.size(), false);
  for (std::uint8_t label : {std::uint8_t{0}, std::uint8_t{1}}) {
    std::vector<std::uint64_t> class_draws;
    for (std::size_t row = 0; row < train.size(); ++row) {
      if (train.churned[row] == label) {
        class_draws.push_back(draws[row]);
      }
    }
    std::int64_t total = collective::TotalCount(class_draws, group);
    auto count = static_cast<std::int64_t>(std::llround(share * static_cast<double>(total)));
    if (count == 0) {
      continue;
    }
    std::uint64_t last_drawn = collective::KthSmallest(class_draws, count - 1, group);
    for (std::size_t row = 0; row < train.size(); ++row) {
      validates[row] = validates[row] || (train.churned[row] == label && draws[row] <= last_drawn);
    }
  }
  for (std::size_t row = 0; row < train.size(); ++row) {
    (validates[row] ? split.validation_rows : split.fit_rows).push_back(row);
  }
  return split;
}

// Over every worker's rows: each worker throws alike.
void RequireBothClasses(const LabelledRows& train, const std::vector<std::size_t>& rows,
                        std::string_view side, const ValidationSplit& split,
                        const collective::WorkerGroup& group) {
  std::array<std::int64_t, 2> counts = {0, static_cast<std::int64_t>(rows.size())};
  for (std::size_t row : rows) {
    counts[0] += train.churned[row];
  }
  group.Sum(counts);
  auto [churned, size] = counts;
  if (churned == 0 || churned == size) {
    throw InputError(fmt::format(
        "the {} rows ({}, by {}) hold {} users, {} of them churned: training needs churners and "
        "stayers on both sides; use more logs or more users",
        side, size, split.method, size, churned));
  }
}

// The snapshots of every worker's rows.
std::set<std::string> CutoffsOf(const LabelledRows& train, const collective::WorkerGroup& group) {
  std::set<std::string> mine(train.cutoffs.begin(), train.cutoffs.end());
  std::vector<std::string> all =
      collective::GatherStrings(std::vector<std::string>(mine.begin(), mine.end()), group);
  return {all.begin(), all.end()};
}

}  // namespace

ValidationSplit SplitForValidation(const LabelledRows& train, double validation_share,
                                   std::uint64_t seed, const collective::WorkerGroup& group) {
  std::set<std::string> cutoffs = CutoffsOf(train, group);
  ValidationSplit split = cutoffs.size() >= 2
                              ? ByLatestSnapshot(train, *cutoffs.rbegin())
                              : ByStratifiedUsers(train, validation_share, seed, group);
  RequireBothClasses(train, split.fit_rows, "fitting", split, group);
  RequireBothClasses(train, split.validation_rows, "validation", split, group);
  return split;
}

}  // namespace churn::dataset
