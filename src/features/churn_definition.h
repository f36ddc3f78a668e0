#pragma once
// What "churn" means for a snapshot: who is observed, for how long, and what
// counts as coming back. Owned by the feature stage, which labels users; read
// from the `churn:` section of the config by the app layer.

#include <cstdint>
#include <vector>

namespace churn::features {

// The event that proves a user is still a customer in the label window.
enum class QualifyingEvent { kAnyEvent, kPurchase };

struct ChurnDefinition {
  // Snapshot cutoffs, Unix seconds of a UTC midnight, ascending. Empty: every
  // month start that the logs cover with a whole label window.
  std::vector<std::int64_t> cutoffs;
  // Days of history before the cutoff that features see; 0: all of it.
  int observation_days = 0;
  // Days after the cutoff in which a user must come back; 0: the calendar
  // month that starts at the cutoff.
  int label_days = 0;
  // Only users active in the last N days before the cutoff are labelled (the
  // cohort rule); 0: every user active in the observation window.
  int cohort_active_days = 0;
  QualifyingEvent qualifying_event = QualifyingEvent::kAnyEvent;

  // Throws ConfigError naming the setting.
  void Validate() const;
};

}  // namespace churn::features
