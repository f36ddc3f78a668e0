#include "features/fit_context.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace churn::features {
namespace {

constexpr double kHighValueQuantile = 0.75;

}  // namespace

FeatureContext FitFeatureContext(const RowStore& rows, std::size_t train_snapshots,
                                 const std::function<bool(std::uint64_t user_key)>& in_training) {
  std::vector<double> buyer_spend;
  StoredRow row;
  for (std::size_t snapshot_idx = 0; snapshot_idx < train_snapshots; ++snapshot_idx) {
    RowStore::Reader reader = rows.Read(snapshot_idx);
    while (reader.Next(&row)) {
      if (row.stats.spend > 0 && (!in_training || in_training(row.user_key))) {
        buyer_spend.push_back(row.stats.spend);
      }
    }
  }
  FeatureContext context;
  if (!buyer_spend.empty()) {
    auto rank = static_cast<std::size_t>(
        std::floor(kHighValueQuantile * static_cast<double>(buyer_spend.size() - 1)));
    std::nth_element(buyer_spend.begin(), buyer_spend.begin() + static_cast<long>(rank),
                     buyer_spend.end());
    context.high_value_spend = buyer_spend[rank];
  }
  return context;
}

}  // namespace churn::features
