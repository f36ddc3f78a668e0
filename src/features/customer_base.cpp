#include "features/customer_base.h"

#include <algorithm>
#include <cstring>
#include <tuple>

#include "errors/error.h"

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

namespace {

// Plain old data appended and read back in the same process image's layout:
// the bytes go between workers of one build on one kind of machine.
template <typename Value>
void Append(std::string& bytes, const Value& value) {
  bytes.append(reinterpret_cast<const char*>(&value), sizeof value);
}

template <typename Value>
Value Take(std::string_view& bytes) {
  if (bytes.size() < sizeof(Value)) {
    throw InternalError("a customer base's bytes end too soon");
  }
  Value value;
  std::memcpy(&value, bytes.data(), sizeof value);
  bytes.remove_prefix(sizeof value);
  return value;
}

}  // namespace

std::string CustomerBase::ToBytes() const {
  std::string bytes;
  Append(bytes, customers_);
  Append(bytes, repeat_customers_);
  Append(bytes, static_cast<std::uint64_t>(groups_.size()));
  for (const CustomerGroup& group : groups_) {
    Append(bytes, group);
  }
  Append(bytes, static_cast<std::uint64_t>(repeat_spends_.size()));
  for (const RepeatSpend& spend : repeat_spends_) {
    Append(bytes, spend);
  }
  return bytes;
}

CustomerBase CustomerBase::FromBytes(std::string_view bytes) {
  CustomerBase base;
  auto customers = Take<std::int64_t>(bytes);
  auto repeat_customers = Take<std::int64_t>(bytes);
  CustomerBase read;  // groups and spends, not yet indexed
  for (auto count = Take<std::uint64_t>(bytes); count > 0; --count) {
    read.groups_.push_back(Take<CustomerGroup>(bytes));
  }
  for (auto count = Take<std::uint64_t>(bytes); count > 0; --count) {
    read.repeat_spends_.push_back(Take<RepeatSpend>(bytes));
  }
  if (!bytes.empty()) {
    throw InternalError("a customer base's bytes go on past its end");
  }
  base.Merge(read);  // indexes the groups
  base.customers_ = customers;
  base.repeat_customers_ = repeat_customers;
  return base;
}

}  // namespace churn::features
