#include "features/user_partition.h"

#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "features/history_codec.h"

namespace churn::features {

void UserPartition::Fold(std::span<const LogEvent* const> events) {
  events_ += static_cast<std::int64_t>(events.size());
  if (!events_out_) {
    FoldInMemory(events);
    return;
  }
  std::int64_t before = events_out_->bytes_written();
  for (const LogEvent* event : events) {
    HistoryCodec::WriteEvent(*event, *events_out_);
  }
  spilled_bytes_ += events_out_->bytes_written() - before;
}

// With hundreds of thousands of users each event's history is a cache miss
// away, so the loop looks ahead: it prefetches the hash slot of the user 16
// events ahead, finds (or makes) that user's history 8 events ahead, the one
// probe an event costs, and fetches the history's lists 4 events ahead, so
// the misses overlap instead of adding up.
void UserPartition::FoldInMemory(std::span<const LogEvent* const> events) {
  constexpr std::size_t kSlotAhead = 16;
  constexpr std::size_t kHistoryAhead = 8;
  constexpr std::size_t kDataAhead = 4;
  std::array<std::uint32_t, kHistoryAhead> ahead{};
  std::size_t count = events.size();
  for (std::size_t event_idx = 0; event_idx < std::min(kHistoryAhead, count); ++event_idx) {
    ahead[event_idx] = table_.IndexOf(events[event_idx]->user_key, events[event_idx]->user_id);
  }
  for (std::size_t event_idx = 0; event_idx < count; ++event_idx) {
    if (event_idx + kSlotAhead < count) {
      table_.PrefetchSlot(events[event_idx + kSlotAhead]->user_key);
    }
    std::uint32_t index = ahead[event_idx % kHistoryAhead];
    if (event_idx + kHistoryAhead < count) {
      const LogEvent& later = *events[event_idx + kHistoryAhead];
      std::uint32_t later_index = table_.IndexOf(later.user_key, later.user_id);
      ahead[event_idx % kHistoryAhead] = later_index;
      __builtin_prefetch(&table_.At(later_index));
    }
    if (event_idx + kDataAhead < count) {
      table_.At(ahead[(event_idx + kDataAhead) % kHistoryAhead]).Prefetch();
    }
    const LogEvent& event = *events[event_idx];
    if (table_.Add(index, event, drop_duplicates_)) {
      if (duplicates_by_file_.size() <= event.file) {
        duplicates_by_file_.resize(std::size_t{event.file} + 1, 0);
      }
      ++duplicates_by_file_[event.file];
    }
  }
}

void UserPartition::ForgetRowsBefore(Day day) {
  if (!events_out_) {
    table_.ForgetRowsBefore(day);
  }
}

void UserPartition::Spill(const SpillFolder& folder) {
  if (events_out_) {
    return;
  }
  histories_path_ = folder.File(fmt::format("partition-{:03}.histories", index_));
  SpillWriter histories(histories_path_);
  for (const UserHistory& history : table_.histories()) {
    HistoryCodec::WriteHistory(history, histories);
  }
  histories.Close();
  spilled_bytes_ += histories.bytes_written();
  table_.Clear();
  events_out_.emplace(folder.File(fmt::format("partition-{:03}.events", index_)));
}

void UserPartition::ReadBackSpilled() {
  events_out_->Close();
  {
    SpillReader histories(histories_path_);
    UserHistory history("");
    while (HistoryCodec::ReadHistory(histories, &history)) {
      table_.Restore(std::move(history));
      history = UserHistory("");
    }
  }
  // The events that came after the spill, folded on in their order, a block
  // at a time (each event's id lives in its own slot of `ids`).
  constexpr std::size_t kEventsPerFold = 4096;
  SpillReader spilled_events(events_out_->path());
  std::vector<LogEvent> block;
  std::vector<std::string> ids(kEventsPerFold);
  std::vector<const LogEvent*> pointers;
  block.reserve(kEventsPerFold);
  bool more = true;
  while (more) {
    block.clear();
    LogEvent event;
    while (block.size() < kEventsPerFold &&
           (more = HistoryCodec::ReadEvent(spilled_events, &event, &ids[block.size()]))) {
      block.push_back(event);
    }
    pointers.clear();
    for (const LogEvent& folded : block) {
      pointers.push_back(&folded);
    }
    FoldInMemory(pointers);
  }
  std::error_code ignored;  // the spill folder goes at the end of the run anyway
  std::filesystem::remove(histories_path_, ignored);
  std::filesystem::remove(events_out_->path(), ignored);
  events_out_.reset();
}

UserTable UserPartition::TakeFinished() {
  if (events_out_) {
    ReadBackSpilled();
  }
  for (UserHistory& history : table_.histories()) {
    history.Finish();
  }
  UserTable finished = std::move(table_);
  table_ = UserTable();
  return finished;
}

}  // namespace churn::features
