#pragma once
// HistoryCodec writes user histories and events to a spill file and reads
// them back exactly: a partition that leaves memory mid-stream is folded on
// later from the very state it left, so spilling never changes a feature.

#include <string>

#include "features/log_event.h"
#include "features/spill_folder.h"
#include "features/user_history.h"

namespace churn::features {

// An event as it waits in a spill file; the user id follows it.
struct SpilledEvent {
  std::int64_t time = 0;
  std::uint64_t user_key = 0;
  std::uint64_t session_key = 0;
  std::uint64_t product_key = 0;
  std::uint64_t category_key = 0;
  std::uint64_t brand_key = 0;
  std::int64_t price_cents = 0;
  std::int64_t amount_cents = 0;
  std::uint64_t row_key = 0;
  std::uint32_t user_id_size = 0;
  std::uint16_t file = 0;
  events::EventType type = events::EventType::kView;
  std::uint8_t reserved = 0;  // written as zero: no uninitialised padding
};
static_assert(sizeof(SpilledEvent) == 80);

// A history's fixed part in a spill file, before its id and its three
// lists (days, sessions, first-seen items, row prints, each as they lie in
// memory). No padding, so that spill files hold no uninitialised bytes.
struct SpilledHistoryHeader {
  std::uint32_t id_size = 0;
  std::uint32_t days = 0;
  std::uint32_t sessions = 0;
  std::uint32_t seen = 0;
  std::uint32_t seen_compacted = 0;
  std::uint32_t days_sorted = 1;
  std::uint32_t row_prints = 0;
  std::uint32_t row_prints_sorted = 0;
};
static_assert(sizeof(SpilledHistoryHeader) == 32);

class HistoryCodec {
 public:
  static void WriteHistory(const UserHistory& history, SpillWriter& out);
  // False at the end of the file.
  static bool ReadHistory(SpillReader& in, UserHistory* history);

  static void WriteEvent(const LogEvent& event, SpillWriter& out);
  // The event's user_id views `id_buffer`, valid until the next read.
  static bool ReadEvent(SpillReader& in, LogEvent* event, std::string* id_buffer);
};

}  // namespace churn::features
