#pragma once
// Settings of the feature stage: the `features:` and `churn:` sections,
// declared once in VisitSettings.

#include <cstdint>
#include <string>
#include <type_traits>

#include "config/enum_names.h"
#include "config/setting.h"
#include "features/bad_row_policy.h"
#include "features/churn_definition.h"
#include "features/column_mapping.h"

namespace churn::features {

// The log layouts with a built-in column mapping.
enum class ColumnLayout { kRees46, kUciOnlineRetail };

inline constexpr config::EnumNames<ColumnLayout, 2> kColumnLayoutNames = {{
    {"rees46", ColumnLayout::kRees46},
    {"uci_online_retail", ColumnLayout::kUciOnlineRetail},
}};

ColumnMapping MappingOf(ColumnLayout layout);

struct FeatureConfig {
  ChurnDefinition churn;  // the `churn:` section
  ColumnLayout layout = ColumnLayout::kRees46;
  ColumnMapping columns;  // the layout's mapping, with single columns renamed
  BadRowPolicy on_bad_row = BadRowPolicy::kStop;
  double max_bad_fraction = 0.01;
  bool drop_duplicates = false;
  int threads = 0;
  double test_share = 0.2;
  std::uint64_t split_seed = 42;
  std::string memory_limit = "auto";
  std::string spill_dir;

  // The `features:` section (the churn definition declares its own).
  template <class Self, class Visitor>
  static void VisitSettings(Self& self, Visitor& visitor) {
    visitor.Choice("layout", self.layout, kColumnLayoutNames,
                   "rees46, or uci_online_retail for UCI Online Retail line items");
    if constexpr (!std::is_const_v<Self>) {
      visitor.AfterRead([&self] { self.columns = MappingOf(self.layout); });
    }
    visitor.Overrides(
        "columns", "Rename single columns of the layout, e.g. for another export.",
        [&self](auto& nested) { ColumnMapping::VisitSettings(self.columns, nested); });
    visitor.Choice("on_bad_row", self.on_bad_row, kBadRowPolicyNames,
                   "stop at the first bad row (file:line: column: what was expected), or skip: "
                   "count bad rows by reason and go on");
    visitor.Value("max_bad_fraction", self.max_bad_fraction, config::Range{0.0, 1.0},
                  "with skip: fail when more than this share of rows is bad");
    visitor.Value("drop_duplicates", self.drop_duplicates,
                  "leave out rows that repeat an earlier row of the same user byte for byte (as "
                  "exports that write a month twice make); counted either way, as duplicate_rows "
                  "in features_report.json");
    visitor.Value("threads", self.threads, config::Range{0, 1024}, "0: every core");
    visitor.Value("memory_limit", self.memory_limit,
                  "memory the engine may hold, e.g. 256MB or 4GB (auto: half of physical "
                  "memory); beyond it, user partitions spill to disk");
    visitor.Path("spill_dir", self.spill_dir,
                 "where partitions spill (empty: the output's data folder); removed after "
                 "the run");
    visitor.Value("test_share", self.test_share, config::Range{0.001, 0.999},
                  "with a single snapshot only: users held out for the test, by label");
    visitor.Value("split_seed", self.split_seed, "seed of that split");
  }

  // Throws ConfigError naming the setting.
  void Validate() const;
};

}  // namespace churn::features
