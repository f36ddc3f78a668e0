#include "features/history_codec.h"

#include <vector>

namespace churn::features {
namespace {

constexpr std::string_view kInHistory = "a user history";

template <typename T>
void WriteList(const std::vector<T>& list, SpillWriter& out) {
  out.Write(list.data(), list.size() * sizeof(T));
}

template <typename T>
void ReadList(SpillReader& in, std::uint32_t size, std::vector<T>* list) {
  list->resize(size);
  in.ReadRest(list->data(), list->size() * sizeof(T), kInHistory);
}

}  // namespace

void HistoryCodec::WriteHistory(const UserHistory& history, SpillWriter& out) {
  SpilledHistoryHeader header{.id_size = static_cast<std::uint32_t>(history.user_id_.size()),
                              .days = static_cast<std::uint32_t>(history.days_.size()),
                              .sessions = static_cast<std::uint32_t>(history.sessions_.size()),
                              .seen = static_cast<std::uint32_t>(history.seen_.size()),
                              .seen_compacted = history.seen_compacted_,
                              .days_sorted = history.days_sorted_ ? 1U : 0U,
                              .row_prints = static_cast<std::uint32_t>(history.row_prints_.size()),
                              .row_prints_sorted = history.row_prints_sorted_};
  out.WriteValue(header);
  out.Write(history.user_id_);
  WriteList(history.days_, out);
  WriteList(history.sessions_, out);
  WriteList(history.seen_, out);
  WriteList(history.row_prints_, out);
}

bool HistoryCodec::ReadHistory(SpillReader& in, UserHistory* history) {
  SpilledHistoryHeader header;
  if (!in.ReadValue(&header)) {
    return false;
  }
  in.ReadString(header.id_size, &history->user_id_, kInHistory);
  ReadList(in, header.days, &history->days_);
  ReadList(in, header.sessions, &history->sessions_);
  ReadList(in, header.seen, &history->seen_);
  ReadList(in, header.row_prints, &history->row_prints_);
  history->seen_compacted_ = header.seen_compacted;
  history->row_prints_sorted_ = header.row_prints_sorted;
  history->days_sorted_ = header.days_sorted != 0;
  return true;
}

void HistoryCodec::WriteEvent(const LogEvent& event, SpillWriter& out) {
  SpilledEvent record{.time = event.time,
                      .user_key = event.user_key,
                      .session_key = event.session_key,
                      .product_key = event.product_key,
                      .category_key = event.category_key,
                      .brand_key = event.brand_key,
                      .price_cents = event.price_cents,
                      .amount_cents = event.amount_cents,
                      .row_key = event.row_key,
                      .user_id_size = static_cast<std::uint32_t>(event.user_id.size()),
                      .file = event.file,
                      .type = event.type};
  out.WriteValue(record);
  out.Write(event.user_id);
}

bool HistoryCodec::ReadEvent(SpillReader& in, LogEvent* event, std::string* id_buffer) {
  SpilledEvent record;
  if (!in.ReadValue(&record)) {
    return false;
  }
  in.ReadString(record.user_id_size, id_buffer, "an event");
  event->time = record.time;
  event->type = record.type;
  event->user_id = *id_buffer;
  event->user_key = record.user_key;
  event->session_key = record.session_key;
  event->product_key = record.product_key;
  event->category_key = record.category_key;
  event->brand_key = record.brand_key;
  event->price_cents = record.price_cents;
  event->amount_cents = record.amount_cents;
  event->row_key = record.row_key;
  event->file = record.file;
  return true;
}

}  // namespace churn::features
