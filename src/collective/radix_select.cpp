#include "collective/radix_select.h"

#include <fmt/format.h>

#include <array>
#include <bit>
#include <cmath>

#include "errors/error.h"

namespace churn::collective {
namespace {

constexpr int kBitsPerRound = 8;
constexpr std::size_t kBuckets = std::size_t{1} << kBitsPerRound;
constexpr std::uint64_t kSignBit = std::uint64_t{1} << 63U;

// Ordered as the doubles are: negative ones have every bit flipped, the
// others their sign bit set. -0.0 sorts just below +0.0.
std::uint64_t OrderedKey(double value) {
  auto bits = std::bit_cast<std::uint64_t>(value);
  return (bits & kSignBit) != 0 ? ~bits : bits | kSignBit;
}

double ValueOf(std::uint64_t key) {
  return std::bit_cast<double>((key & kSignBit) != 0 ? key & ~kSignBit : ~key);
}

// The k-th smallest key_of(item) over the group, a byte at a time from the top.
template <typename Item, typename KeyOf>
std::uint64_t SelectKey(std::span<const Item> items, std::int64_t k, const WorkerGroup& group,
                        KeyOf key_of) {
  std::int64_t total = static_cast<std::int64_t>(items.size());
  group.Sum(std::span(&total, 1));
  if (k < 0 || k >= total) {
    throw InternalError(fmt::format("the {}th smallest of {} values was asked for", k, total));
  }
  std::uint64_t prefix = 0;    // the key's bits chosen so far, from the top
  std::int64_t rank_left = k;  // among the keys that start with `prefix`
  for (int shift = 64 - kBitsPerRound; shift >= 0; shift -= kBitsPerRound) {
    const std::uint64_t chosen_mask =
        shift + kBitsPerRound >= 64 ? 0 : ~std::uint64_t{0} << (shift + kBitsPerRound);
    std::array<std::int64_t, kBuckets> counts{};
    for (const Item& item : items) {
      std::uint64_t key = key_of(item);
      if ((key & chosen_mask) == prefix) {
        ++counts[(key >> static_cast<unsigned>(shift)) & (kBuckets - 1)];
      }
    }
    group.Sum(counts);
    std::size_t bucket = 0;
    while (rank_left >= counts[bucket]) {
      rank_left -= counts[bucket];
      ++bucket;
    }
    prefix |= static_cast<std::uint64_t>(bucket) << static_cast<unsigned>(shift);
  }
  return prefix;
}

}  // namespace

std::int64_t TotalCount(std::span<const std::uint64_t> keys, const WorkerGroup& group) {
  auto total = static_cast<std::int64_t>(keys.size());
  group.Sum(std::span(&total, 1));
  return total;
}

std::int64_t TotalCount(std::span<const double> values, const WorkerGroup& group) {
  auto total = static_cast<std::int64_t>(values.size());
  group.Sum(std::span(&total, 1));
  return total;
}

double KthSmallest(std::span<const double> values, std::int64_t k, const WorkerGroup& group) {
  return ValueOf(SelectKey(values, k, group, [](double value) {
    if (std::isnan(value)) {
      throw InternalError("a NaN among the values to select from");
    }
    return OrderedKey(value);
  }));
}

std::uint64_t KthSmallest(std::span<const std::uint64_t> keys, std::int64_t k,
                          const WorkerGroup& group) {
  return SelectKey(keys, k, group, [](std::uint64_t key) { return key; });
}

}  // namespace churn::collective
