#pragma once
// CustomerBase: every customer with a purchase before a cutoff, as the
// customer-value models need them. The BG/NBD likelihood depends on a
// customer only through (frequency, recency, age), so customers sharing
// them are one group with a count: in days, a million customers make tens
// of thousands of groups. The Gamma-Gamma likelihood needs each repeat
// buyer's frequency and mean spend, kept one per buyer.
//
//   CustomerBase base;
//   base.Add(history);                 // for each customer, any order
//   other_base.Add(...); base.Merge(other_base);
//   base.Finish();                     // groups in order: sums are reproducible
//   for (const CustomerGroup& group : base.groups()) ... group.customers ...

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "features/purchase_history.h"

namespace churn::features {

struct CustomerGroup {
  double frequency = 0;
  double recency = 0;
  double age = 0;
  std::int64_t customers = 0;
};

struct RepeatSpend {
  double frequency = 0;
  double monetary = 0;  // > 0
};

class CustomerBase {
 public:
  // Ignores a history that is no customer's (PurchaseHistory::IsCustomer).
  void Add(const PurchaseHistory& history);
  void Merge(const CustomerBase& other);
  // Orders the groups by (frequency, recency, age) and the repeat spends by
  // (frequency, monetary), so that whatever order customers came in, the
  // fits see the same sequence. Call before groups() and repeat_spends().
  void Finish();

  std::span<const CustomerGroup> groups() const { return groups_; }
  // The customers with a repeat purchase of positive mean value: those the
  // Gamma-Gamma model is fitted on.
  std::span<const RepeatSpend> repeat_spends() const { return repeat_spends_; }
  std::int64_t customers() const { return customers_; }

  // The base as bytes, for the workers of a distributed run to merge every
  // worker's: FromBytes(ToBytes()) merges and fits as this base does. Throws
  // InternalError for bytes that are not a base's.
  std::string ToBytes() const;
  static CustomerBase FromBytes(std::string_view bytes);
  // With frequency > 0, whatever their spend.
  std::int64_t repeat_customers() const { return repeat_customers_; }

 private:
  struct Key {
    double frequency = 0;
    double recency = 0;
    double age = 0;
    bool operator==(const Key& other) const = default;
    template <typename H>
    friend H AbslHashValue(H state, const Key& key) {
      return H::combine(std::move(state), key.frequency, key.recency, key.age);
    }
  };

  absl::flat_hash_map<Key, std::size_t> group_of_;  // index into groups_
  std::vector<CustomerGroup> groups_;
  std::vector<RepeatSpend> repeat_spends_;
  std::int64_t customers_ = 0;
  std::int64_t repeat_customers_ = 0;
};

}  // namespace churn::features
