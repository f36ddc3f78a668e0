#pragma once
// Every worker's values, gathered in rank order onto every worker: the
// scores, labels and ids of the rows a figure needs all of (a few bytes a
// row; the rows themselves stay where they are). Alone, a copy.
//
//   std::vector<double> all = GatherValues<double>(my_probabilities, group);

#include <cstdint>
#include <cstring>
#include <numeric>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "collective/worker_group.h"

namespace churn::collective {

template <typename Value>
std::vector<Value> GatherValues(std::span<const Value> mine, const WorkerGroup& group) {
  static_assert(std::is_trivially_copyable_v<Value>);
  if (!group.distributed()) {
    return {mine.begin(), mine.end()};
  }
  // One worker's part at a time, appended as it comes: the values are held
  // once, beside one part, never every part twice. (memcpy of nothing is
  // skipped: an empty span or part may have no data.)
  std::vector<std::int64_t> counts(static_cast<std::size_t>(group.size()), 0);
  counts[static_cast<std::size_t>(group.rank())] = static_cast<std::int64_t>(mine.size());
  group.Sum(counts);
  std::vector<Value> all;
  all.reserve(static_cast<std::size_t>(std::accumulate(counts.begin(), counts.end(), 0LL)));
  for (int root = 0; root < group.size(); ++root) {
    std::string part;
    if (root == group.rank() && !mine.empty()) {
      part.assign(reinterpret_cast<const char*>(mine.data()), mine.size_bytes());
    }
    group.Broadcast(part, root);
    if (part.empty()) {
      continue;
    }
    std::size_t first = all.size();
    all.resize(first + part.size() / sizeof(Value));
    std::memcpy(all.data() + first, part.data(), part.size());
  }
  return all;
}

// Strings, each worker's in order.
std::vector<std::string> GatherStrings(const std::vector<std::string>& mine,
                                       const WorkerGroup& group);

}  // namespace churn::collective
