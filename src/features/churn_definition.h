#pragma once
// What "churn" means for a snapshot: who is observed, for how long, and what
// counts as coming back. Owned by the feature stage, which labels users; read
// from the `churn:` section of the config by config_file/.

#include <cstdint>
#include <vector>

#include "config/enum_names.h"
#include "config/setting.h"

namespace churn::features {

// The event that proves a user is still a customer in the label window.
enum class QualifyingEvent { kAnyEvent, kPurchase };

inline constexpr config::EnumNames<QualifyingEvent, 2> kQualifyingEventNames = {{
    {"any", QualifyingEvent::kAnyEvent},
    {"purchase", QualifyingEvent::kPurchase},
}};

inline constexpr int kMaxWindowDays = 3660;

struct ChurnDefinition {
  // Snapshot cutoffs, Unix seconds of a UTC midnight, ascending.
  std::vector<std::int64_t> cutoffs;
  int snapshot_step_days = 0;
  int observation_days = 0;
  int label_days = 0;
  int cohort_active_days = 30;
  QualifyingEvent qualifying_event = QualifyingEvent::kAnyEvent;

  template <class Self, class Visitor>
  static void VisitSettings(Self& self, Visitor& visitor) {
    visitor.Dates("cutoffs", self.cutoffs,
                  "YYYY-MM-DD dates; empty: every month start the logs cover with a whole label "
                  "window");
    visitor.Value("snapshot_step_days", self.snapshot_step_days, config::Range{0, kMaxWindowDays},
                  "with no cutoffs: a cutoff every N days back from the latest month start with a "
                  "whole label window, for more snapshots than months; 0: month starts only");
    visitor.Value("observation_days", self.observation_days, config::Range{0, kMaxWindowDays},
                  "days of history before the cutoff that features see; 0: all of it");
    visitor.Value("label_days", self.label_days, config::Range{0, kMaxWindowDays},
                  "days after the cutoff; 0: the calendar month that starts at the cutoff");
    visitor.Value("cohort_active_days", self.cohort_active_days, config::Range{0, kMaxWindowDays},
                  "only label users active in the last N days before the cutoff (the customers a "
                  "campaign can keep); 0: everyone seen");
    visitor.Choice("qualifying_event", self.qualifying_event, kQualifyingEventNames,
                   "what counts as staying: any event, or a purchase");
  }

  // Throws ConfigError naming the setting.
  void Validate() const;
};

}  // namespace churn::features
