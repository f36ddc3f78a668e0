#pragma once
// The feature registry: every feature declared once, with its name (the
// column in processed_*.csv and feature_columns.json), its meaning in words
// a CRM manager reads, and its formula over SnapshotStats. Column order,
// docs/features.md and the reasons given with a score all come from here.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "features/snapshot_stats.h"

namespace churn::features {

// Figures fixed on the training data and applied to every snapshot, so that
// the test snapshot never shapes its own features.
struct FeatureContext {
  double high_value_spend = 0;  // total_spend from which a user counts as high value
};

// What a feature's value is, which decides how a reason writes it: a count as
// a whole number ("3"), days and minutes with one decimal below 10 ("2.5",
// "23"), money with two decimals ("45.20"), a money change with its sign
// ("-12.50"), a share as a percentage ("12%"), a ratio as a plain number
// ("0.25", "3.4"), and a flag not as a number but as words.
enum class ValueKind { kCount, kDays, kMinutes, kMoney, kMoneyChange, kShare, kRatio, kFlag };

// How a reason puts a feature's value in words, for a CRM manager. Built with
// the helpers below, e.g. Words(ValueKind::kDays, "last visit {} days ago",
// "last visit {} day ago") or Flag("has bought before", "has never bought").
struct ValuePhrase {
  ValueKind kind = ValueKind::kCount;
  // One "{}" for the formatted value: "last visit {} days ago". A flag shows
  // no number, so for a flag these are its words when set.
  std::string_view text;
  // The words when the value reads exactly "1" ("{} purchase"), where `text`
  // would be wrong in the singular; empty otherwise and for flags.
  std::string_view text_for_one;
  // A flag's words when not set ("has never bought"); empty for other kinds.
  std::string_view text_when_unset;
};

constexpr ValuePhrase Words(ValueKind kind, std::string_view text,
                            std::string_view text_for_one = {}) {
  return ValuePhrase{kind, text, text_for_one, {}};
}
constexpr ValuePhrase Flag(std::string_view when_set, std::string_view when_unset) {
  return ValuePhrase{ValueKind::kFlag, when_set, {}, when_unset};
}

// How churn moves as a feature grows, all else equal, where the domain (not
// the data) says so for every shop: recency (days since the last visit, cart
// or purchase: churn rises) and counts of recent activity (events in the last
// week: churn falls). Totals over the whole history (account age, lifetime
// purchases, spend) are not monotone in every shop and stay kUnknown. The
// values are XGBoost's monotone constraints (train.monotone_constraints).
enum class ChurnDirection : int { kFalls = -1, kUnknown = 0, kRises = 1 };

struct FeatureSpec {
  std::string_view name;
  std::string_view meaning;
  std::string_view formula;
  ValuePhrase phrase;
  double (*compute)(const SnapshotStats& stats, const FeatureContext& context);
  ChurnDirection churn_direction = ChurnDirection::kUnknown;
};

// Every feature, in column order: the seed's 21 first, then the richer ones.
std::span<const FeatureSpec> FeatureRegistry();

// Every feature's value for one row, in registry order, into `values`.
void ComputeFeatures(const SnapshotStats& stats, const FeatureContext& context,
                     std::vector<double>* values);

// Each named feature's ChurnDirection as -1, 0 or +1, in the order given:
// the monotone constraints of a model over these columns. InputError naming
// a feature the registry does not have.
std::vector<int> ChurnDirections(const std::vector<std::string>& feature_names);

// docs/features.md, rendered from the registry (a test keeps the file equal
// to it; CHURN_UPDATE_DOCS=1 makes that test rewrite the file).
std::string RenderFeatureDocs();

}  // namespace churn::features
