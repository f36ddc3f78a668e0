#include "features/fit_context.h"

#include <cmath>
#include <vector>

#include "collective/radix_select.h"

namespace churn::features {
namespace {

constexpr double kHighValueQuantile = 0.75;

}  // namespace

FeatureContext FitFeatureContext(const RowStore& rows, std::size_t train_snapshots,
                                 const std::function<bool(std::uint64_t user_key)>& in_training,
                                 const collective::WorkerGroup& group) {
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
  std::int64_t buyers = collective::TotalCount(buyer_spend, group);
  if (buyers > 0) {
    auto rank =
        static_cast<std::int64_t>(std::floor(kHighValueQuantile * static_cast<double>(buyers - 1)));
    context.high_value_spend = collective::KthSmallest(buyer_spend, rank, group);
  }
  return context;
}

}  // namespace churn::features
