#include "features/customer_base.h"

#include <algorithm>
#include <tuple>

namespace churn::features {

void CustomerBase::Add(const PurchaseHistory& history) {
  if (!history.IsCustomer()) {
    return;
  }
  ++customers_;
  Key key{.frequency = history.frequency, .recency = history.recency, .age = history.age};
  auto [found, inserted] = group_of_.try_emplace(key, groups_.size());
  if (inserted) {
    groups_.push_back({.frequency = key.frequency, .recency = key.recency, .age = key.age});
  }
  ++groups_[found->second].customers;
  if (history.frequency > 0) {
    ++repeat_customers_;
    if (history.monetary > 0) {
      repeat_spends_.push_back({.frequency = history.frequency, .monetary = history.monetary});
    }
  }
}

void CustomerBase::Merge(const CustomerBase& other) {
  for (const CustomerGroup& group : other.groups_) {
    Key key{.frequency = group.frequency, .recency = group.recency, .age = group.age};
    auto [found, inserted] = group_of_.try_emplace(key, groups_.size());
    if (inserted) {
      groups_.push_back({.frequency = key.frequency, .recency = key.recency, .age = key.age});
    }
    groups_[found->second].customers += group.customers;
  }
  repeat_spends_.insert(repeat_spends_.end(), other.repeat_spends_.begin(),
                        other.repeat_spends_.end());
  customers_ += other.customers_;
  repeat_customers_ += other.repeat_customers_;
}

void CustomerBase::Finish() {
  auto group_order = [](const CustomerGroup& group) {
    return std::tie(group.frequency, group.recency, group.age);
  };
  std::sort(groups_.begin(), groups_.end(),
            [&](const CustomerGroup& left, const CustomerGroup& right) {
              return group_order(left) < group_order(right);
            });
  for (std::size_t idx = 0; idx < groups_.size(); ++idx) {
    const CustomerGroup& group = groups_[idx];
    group_of_[Key{.frequency = group.frequency, .recency = group.recency, .age = group.age}] = idx;
  }
  std::sort(repeat_spends_.begin(), repeat_spends_.end(),
            [](const RepeatSpend& left, const RepeatSpend& right) {
              return std::tie(left.frequency, left.monetary) <
                     std::tie(right.frequency, right.monetary);
            });
}

}  // namespace churn::features
