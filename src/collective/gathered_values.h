#pragma once
// Every worker's values, gathered in rank order onto every worker: the
// scores, labels and ids of the rows a figure needs all of (a few bytes a
// row; the rows themselves stay where they are). Alone, a copy.
//
//   std::vector<double> all = GatherValues<double>(my_probabilities, group);

#include <cstring>
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
  // (memcpy of nothing is skipped: an empty span or part may have no data.)
  std::string bytes(mine.size_bytes(), '\0');
  if (!mine.empty()) {
    std::memcpy(bytes.data(), mine.data(), mine.size_bytes());
  }
  std::vector<Value> all;
  for (const std::string& part : group.Gather(bytes)) {
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
