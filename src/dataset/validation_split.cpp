#include "dataset/validation_split.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

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
// of each validates. A user's rows stay on one side.
ValidationSplit ByStratifiedUsers(const LabelledRows& train, double share, std::uint64_t seed) {
  ValidationSplit split;
  split.method = "stratified_users";
  std::vector<std::size_t> validation;
  for (std::uint8_t label : {std::uint8_t{0}, std::uint8_t{1}}) {
    std::vector<std::pair<std::uint64_t, std::size_t>> ranked;
    for (std::size_t row = 0; row < train.size(); ++row) {
      if (train.churned[row] == label) {
        ranked.emplace_back(random::MixBits(features::KeyOf(train.user_ids[row]) ^ seed), row);
      }
    }
    std::sort(ranked.begin(), ranked.end());
    auto count = static_cast<std::size_t>(std::llround(share * static_cast<double>(ranked.size())));
    for (std::size_t rank = 0; rank < count; ++rank) {
      validation.push_back(ranked[rank].second);
    }
  }
  std::sort(validation.begin(), validation.end());
  std::size_t next = 0;
  for (std::size_t row = 0; row < train.size(); ++row) {
    if (next < validation.size() && validation[next] == row) {
      split.validation_rows.push_back(row);
      ++next;
    } else {
      split.fit_rows.push_back(row);
    }
  }
  return split;
}

void RequireBothClasses(const LabelledRows& train, const std::vector<std::size_t>& rows,
                        std::string_view side, const ValidationSplit& split) {
  std::size_t churned = 0;
  for (std::size_t row : rows) {
    churned += train.churned[row];
  }
  if (churned == 0 || churned == rows.size()) {
    throw InputError(fmt::format(
        "the {} rows ({}, by {}) hold {} users, {} of them churned: training needs churners and "
        "stayers on both sides; use more logs or more users",
        side, rows.size(), split.method, rows.size(), churned));
  }
}

}  // namespace

ValidationSplit SplitForValidation(const LabelledRows& train, double validation_share,
                                   std::uint64_t seed) {
  std::set<std::string> cutoffs(train.cutoffs.begin(), train.cutoffs.end());
  ValidationSplit split = cutoffs.size() >= 2 ? ByLatestSnapshot(train, *cutoffs.rbegin())
                                              : ByStratifiedUsers(train, validation_share, seed);
  RequireBothClasses(train, split.fit_rows, "fitting", split);
  RequireBothClasses(train, split.validation_rows, "validation", split);
  return split;
}

}  // namespace churn::dataset
