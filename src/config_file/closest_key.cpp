#include "config_file/closest_key.h"

#include <algorithm>
#include <numeric>

namespace churn::config_file {

std::size_t EditDistance(std::string_view left, std::string_view right) {
  std::vector<std::size_t> previous(right.size() + 1);
  std::vector<std::size_t> current(right.size() + 1);
  std::iota(previous.begin(), previous.end(), 0);
  for (std::size_t left_idx = 1; left_idx <= left.size(); ++left_idx) {
    current[0] = left_idx;
    for (std::size_t right_idx = 1; right_idx <= right.size(); ++right_idx) {
      std::size_t substitution =
          previous[right_idx - 1] + (left[left_idx - 1] == right[right_idx - 1] ? 0 : 1);
      current[right_idx] =
          std::min({previous[right_idx] + 1, current[right_idx - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[right.size()];
}

std::optional<std::string> ClosestKey(std::string_view typed,
                                      const std::vector<std::string>& candidates) {
  // A typo changes a few characters: at most a third of the word, and never
  // fewer than two allowed, so that "user" finds "users" and "seeds" finds "seed".
  std::size_t allowed = std::max<std::size_t>(2, typed.size() / 3);
  std::optional<std::string> best;
  std::size_t best_distance = allowed + 1;
  for (const std::string& candidate : candidates) {
    std::size_t distance = EditDistance(typed, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

}  // namespace churn::config_file
