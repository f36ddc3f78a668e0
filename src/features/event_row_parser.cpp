#include "features/event_row_parser.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <optional>

#include "errors/error.h"
#include "events/event_time.h"
#include "events/readable_text.h"
#include "features/field_scan.h"

namespace churn::features {
namespace {

using field_scan::DigitValue;
using field_scan::IsDigit;
using field_scan::IsDigits;
using field_scan::kBlockBytes;
using field_scan::kUncheckedCommas;

using events::RowIssue;

constexpr std::size_t kDateLength = 10;  // "YYYY-MM-DD"

constexpr std::string_view kExpectedTime = "a time like 2019-10-01 00:00:05 UTC";
constexpr std::string_view kExpectedType = "view, cart, remove_from_cart or purchase";
constexpr std::string_view kExpectedUserId = "a user id";
constexpr std::string_view kExpectedCustomer = "a customer id";
constexpr std::string_view kExpectedId = "an integer id";
constexpr std::string_view kExpectedPrice = "a non-negative decimal";
constexpr std::string_view kExpectedQuantity = "an integer quantity";

// Digits before the decimal point of a price: enough for any real price, and
// few enough that cents times any quantity is checked for overflow once.
// A trillion in any currency: sums of millions of rows in cents stay far from
// the 64-bit limit.
constexpr std::size_t kMaxPriceIntegerDigits = 12;
// An int64 holds every 18-digit number.
constexpr std::size_t kMaxQuantityDigits = 18;
constexpr int kRoundUpDigit = 5;  // a third decimal of 5 or more rounds away from zero

bool Reject(RowProblem* problem, RowIssue issue, std::string_view column, std::string_view expected,
            std::string_view found) {
  if (problem != nullptr) {
    problem->issue = issue;
    problem->column.assign(column);
    problem->expected.assign(expected);
    problem->found.assign(found);
  }
  return false;
}

std::string FieldCountText(std::size_t count) {
  return fmt::format("{} field{}", count, count == 1 ? "" : "s");
}

// Reads exactly two digits at text[offset] that make a number up to max_value.
bool ReadTwoDigits(std::string_view text, std::size_t offset, int max_value, int* value) {
  if (!IsDigit(text[offset]) || !IsDigit(text[offset + 1])) {
    return false;
  }
  *value = static_cast<int>(DigitValue(text[offset]) * 10 + DigitValue(text[offset + 1]));
  return *value <= max_value;
}

// The second of the day of "YYYY-MM-DD hh:mm:ss[ UTC]" whose date is already
// known to be valid; accepts exactly what events::ParseEventTime accepts.
bool ParseClock(std::string_view text, std::int64_t* second_of_day) {
  constexpr std::size_t kBaseLength = 19;
  constexpr std::string_view kUtcSuffix = " UTC";
  constexpr int kMaxHour = 23;
  constexpr int kMaxMinuteOrSecond = 59;
  const bool has_suffix =
      text.size() == kBaseLength + kUtcSuffix.size() && text.substr(kBaseLength) == kUtcSuffix;
  if (text.size() != kBaseLength && !has_suffix) {
    return false;
  }
  constexpr std::size_t kHourOffset = kDateLength + 1;
  constexpr std::size_t kMinuteOffset = kHourOffset + 3;
  constexpr std::size_t kSecondOffset = kMinuteOffset + 3;
  if (text[kDateLength] != ' ' || text[kMinuteOffset - 1] != ':' ||
      text[kSecondOffset - 1] != ':') {
    return false;
  }
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!ReadTwoDigits(text, kHourOffset, kMaxHour, &hour) ||
      !ReadTwoDigits(text, kMinuteOffset, kMaxMinuteOrSecond, &minute) ||
      !ReadTwoDigits(text, kSecondOffset, kMaxMinuteOrSecond, &second)) {
    return false;
  }
  *second_of_day = hour * events::kSecondsPerHour + minute * events::kSecondsPerMinute + second;
  return true;
}

std::int64_t FloorToDay(std::int64_t unix_seconds) {
  std::int64_t days = unix_seconds / events::kSecondsPerDay;
  if (unix_seconds % events::kSecondsPerDay < 0) {
    --days;
  }
  return days * events::kSecondsPerDay;
}

enum class PriceText { kValid, kNegative, kMalformed };

// Reads a decimal such as "35.79", "5" or "2.345" into cents, rounding half
// away from zero. A minus sign in front of a non-zero value gives kNegative;
// anything but digits with at most one inner decimal point gives kMalformed.
PriceText ParseCents(std::string_view text, std::int64_t* cents) {
  std::size_t pos = (!text.empty() && text[0] == '-') ? 1 : 0;
  const bool has_minus = pos == 1;
  const std::size_t integer_begin = pos;
  std::int64_t units = 0;
  bool non_zero = false;
  for (; pos < text.size() && IsDigit(text[pos]); ++pos) {
    if (pos - integer_begin == kMaxPriceIntegerDigits) {
      return PriceText::kMalformed;  // before the multiplication could overflow
    }
    units = units * 10 + DigitValue(text[pos]);
    non_zero = non_zero || text[pos] != '0';
  }
  if (pos == integer_begin) {
    return PriceText::kMalformed;
  }
  std::int64_t fraction_cents = 0;
  if (pos < text.size()) {
    if (text[pos] != '.') {
      return PriceText::kMalformed;
    }
    const std::size_t fraction_begin = ++pos;
    for (; pos < text.size() && IsDigit(text[pos]); ++pos) {
      const std::size_t place = pos - fraction_begin;  // 0 for tenths
      const unsigned digit = DigitValue(text[pos]);
      if (place < 2) {
        fraction_cents += digit * (place == 0 ? 10 : 1);
      } else if (place == 2 && digit >= kRoundUpDigit) {
        ++fraction_cents;
      }
      non_zero = non_zero || digit != 0;
    }
    if (pos == fraction_begin || pos != text.size()) {
      return PriceText::kMalformed;
    }
  }
  if (has_minus && non_zero) {
    return PriceText::kNegative;
  }
  *cents = units * kCentsPerUnit + fraction_cents;
  return PriceText::kValid;
}

// Reads an integer with an optional minus sign ("6", "-12").
bool ParseQuantity(std::string_view text, std::int64_t* quantity) {
  const bool negative = !text.empty() && text[0] == '-';
  const std::string_view digits = negative ? text.substr(1) : text;
  if (!IsDigits(digits) || digits.size() > kMaxQuantityDigits) {
    return false;
  }
  std::int64_t value = 0;
  for (char c : digits) {
    value = value * 10 + DigitValue(c);
  }
  *quantity = negative ? -value : value;
  return true;
}

// Finds mapped columns and remembers every one that is missing, so that one
// error lists them all instead of one per run.
class ColumnFinder {
 public:
  explicit ColumnFinder(const events::CsvHeader& header) : header_(header) {}

  // nullopt for an unmapped (empty) name or a missing column.
  std::optional<std::size_t> Find(const std::string& name) {
    if (name.empty()) {
      return std::nullopt;
    }
    std::optional<std::size_t> column = header_.Find(name);
    if (!column && std::find(missing_.begin(), missing_.end(), name) == missing_.end()) {
      missing_.push_back(name);
    }
    return column;
  }

  // Throws InputError: "<path>: line 1: missing columns 'a', 'b' (columns: ...)".
  void ThrowIfMissing() const {
    if (missing_.empty()) {
      return;
    }
    std::vector<std::string> quoted;
    quoted.reserve(missing_.size());
    for (const std::string& name : missing_) {
      quoted.push_back(fmt::format("'{}'", name));
    }
    throw InputError(
        fmt::format("{}: line 1: missing column{} {} (columns: {})",
                    events::ReadableText(header_.path().string()), missing_.size() == 1 ? "" : "s",
                    events::ReadableText(fmt::format("{}", fmt::join(quoted, ", "))),
                    events::ReadableText(fmt::format("{}", fmt::join(header_.names(), ", ")))));
  }

 private:
  const events::CsvHeader& header_;
  std::vector<std::string> missing_;
};

}  // namespace

void SplitUnquoted(std::string_view line, std::vector<std::string_view>* fields) {
  fields->clear();
  std::size_t field_begin = 0;
  for (std::size_t block_begin = 0; block_begin < line.size(); block_begin += kBlockBytes) {
    for (std::uint64_t commas = field_scan::BlockMasks(line, block_begin).commas; commas != 0;
         commas &= commas - 1) {
      const std::size_t comma = block_begin + static_cast<std::size_t>(std::countr_zero(commas));
      fields->push_back(line.substr(field_begin, comma - field_begin));
      field_begin = comma + 1;
    }
  }
  fields->push_back(line.substr(field_begin));
}

EventRowParser::EventRowParser(const events::CsvHeader& header, const ColumnMapping& mapping)
    : mapping_(mapping), field_count_(header.size()) {
  mapping_.Validate();
  ColumnFinder finder(header);
  time_column_ = finder.Find(mapping_.event_time).value_or(kAbsent);
  type_column_ = finder.Find(mapping_.event_type).value_or(kAbsent);
  product_column_ = finder.Find(mapping_.product_id).value_or(kAbsent);
  category_column_ = finder.Find(mapping_.category_id).value_or(kAbsent);
  // Category codes are not part of a LogEvent, but a layout that names the
  // column and lacks it is misconfigured all the same.
  finder.Find(mapping_.category_code);
  brand_column_ = finder.Find(mapping_.brand).value_or(kAbsent);
  price_column_ = finder.Find(mapping_.price).value_or(kAbsent);
  quantity_column_ = finder.Find(mapping_.quantity).value_or(kAbsent);
  user_column_ = finder.Find(mapping_.user_id).value_or(kAbsent);
  session_column_ = finder.Find(mapping_.session).value_or(kAbsent);
  finder.ThrowIfMissing();
  fields_.resize(field_count_);
  comma_positions_.resize(field_count_ - 1 + kUncheckedCommas);
  cached_date_.reserve(kDateLength);
  AssignRoles();
}

void EventRowParser::AssignRoles() {
  roles_.assign(field_count_, ColumnRole::kOther);
  // Event logs with integer ids, REES46's kind, are read in one pass; other
  // layouts (line items, text ids, quantities) always take the split.
  one_pass_ = type_column_ != kAbsent && quantity_column_ == kAbsent && mapping_.numeric_ids;
  const std::pair<std::size_t, ColumnRole> kColumns[] = {
      {time_column_, ColumnRole::kTime},       {type_column_, ColumnRole::kType},
      {product_column_, ColumnRole::kProduct}, {category_column_, ColumnRole::kCategory},
      {brand_column_, ColumnRole::kBrand},     {price_column_, ColumnRole::kPrice},
      {user_column_, ColumnRole::kUser},       {session_column_, ColumnRole::kSession}};
  for (const auto& [column, role] : kColumns) {
    if (column == kAbsent) {
      continue;
    }
    // One column mapped twice is read once per role, by the split.
    one_pass_ = one_pass_ && roles_[column] == ColumnRole::kOther;
    roles_[column] = role;
  }
}

bool EventRowParser::Parse(std::string_view line, LogEvent* event, RowProblem* problem) {
  if (one_pass_ && ParseInOnePass(line, event)) {
    return true;
  }
  return ParseBySplitting(line, event, problem);
}

bool EventRowParser::ParseBySplitting(std::string_view line, LogEvent* event, RowProblem* problem) {
  if (!SplitFields(line, problem)) {
    return false;
  }
  const std::string_view time_text = fields_[time_column_];
  if (!ParseTime(time_text, &event->time)) {
    return Reject(problem, RowIssue::kBadTime, mapping_.event_time, kExpectedTime, time_text);
  }
  return ReadType(event, problem) && ReadIds(event, problem) && ReadMoney(event, problem);
}

// Reads each field where it lies, left to right, with the same checks as the
// split (ParseTime, IsDigits, ParseCents) but without building the fields
// first: the commas of the whole line are found at once, and each field's end
// is then the next set bit. Any surprise (a quote, a wrong count, a bad
// value) returns false, and Parse splits the line instead, which accepts or
// reports it precisely.
bool EventRowParser::ParseInOnePass(std::string_view line, LogEvent* event) {
  field_scan::LineCommas line_commas;  // uninitialized masks: Scan sets those it uses
  if (!line_commas.Scan(line)) {
    return false;
  }
  // A member, not a local: zeroing nine views per line costs more than the
  // rest of the setup. Roles the layout lacks stay empty; the others are all
  // written before FillFromTexts reads them.
  std::array<std::string_view, kRoleCount>& texts = role_texts_;
  std::int64_t cents = 0;
  std::size_t pos = 0;
  for (std::size_t column_idx = 0; column_idx < field_count_; ++column_idx) {
    const std::size_t end = line_commas.NextComma();
    // Every column but the last ends at a comma, and the last at the line's end.
    if ((column_idx + 1 == field_count_) != (end == line.size())) {
      return false;
    }
    const std::string_view field(line.data() + pos, end - pos);
    const ColumnRole role = roles_[column_idx];
    // Whether a word can be loaded at the field's start, for the short reads.
    const bool within_8_bytes = pos + kWordBytes <= line.size();
    bool readable = true;
    switch (role) {
      case ColumnRole::kTime:
        readable = ParseTime(field, &event->time);
        break;
      case ColumnRole::kProduct:
      case ColumnRole::kUser:
        readable = within_8_bytes ? field_scan::IsDigitsWithin8Bytes(field.data(), field.size())
                                  : IsDigits(field);
        break;
      case ColumnRole::kCategory:
        readable = field.empty() ||
                   (within_8_bytes ? field_scan::IsDigitsWithin8Bytes(field.data(), field.size())
                                   : IsDigits(field));
        break;
      case ColumnRole::kPrice:
        // The usual short price in one word, when the line holds 8 bytes to load.
        readable = (within_8_bytes &&
                    field_scan::ReadShortCents(line.data() + pos, field.size(), &cents)) ||
                   ParseCents(field, &cents) == PriceText::kValid;
        break;
      case ColumnRole::kType:
      case ColumnRole::kBrand:
      case ColumnRole::kSession:
      case ColumnRole::kOther:
        break;
    }
    if (!readable) {
      return false;
    }
    texts[static_cast<std::size_t>(role)] = field;
    pos = end + 1;
  }
  return FillFromTexts(texts, cents, event);
}

bool EventRowParser::FillFromTexts(const std::array<std::string_view, kRoleCount>& texts,
                                   std::int64_t cents, LogEvent* event) const {
  const auto text = [&](ColumnRole role) { return texts[static_cast<std::size_t>(role)]; };
  const std::optional<events::EventType> type = events::ParseEventType(text(ColumnRole::kType));
  if (!type) {
    return false;
  }
  const std::string_view user = text(ColumnRole::kUser);  // IsDigits: never empty
  event->type = *type;
  event->user_id = user;
  event->user_key = KeyOf(user);
  event->session_key = KeyOf(text(ColumnRole::kSession));
  event->product_key = KeyOf(text(ColumnRole::kProduct));
  event->category_key = KeyOf(text(ColumnRole::kCategory));  // 0 when empty or absent
  event->brand_key = KeyOf(text(ColumnRole::kBrand));
  event->price_cents = cents;
  event->amount_cents = cents;
  return true;
}

bool EventRowParser::SplitFields(std::string_view line, RowProblem* problem) {
  if (line.empty()) {
    return Reject(problem, RowIssue::kEmptyLine, "", FieldCountText(field_count_), "an empty line");
  }
  // Most rows hold no quote at all; those are split in place in one pass.
  const std::size_t max_commas = field_count_ - 1;
  std::optional<std::size_t> commas =
      field_scan::FindCommas(line, max_commas, comma_positions_.data());
  if (!commas) {
    return SplitQuoted(line, problem);
  }
  if (*commas != max_commas) {
    return Reject(problem, RowIssue::kWrongFieldCount, "", FieldCountText(field_count_),
                  FieldCountText(*commas + 1));
  }
  std::size_t field_begin = 0;
  for (std::size_t field_idx = 0; field_idx < max_commas; ++field_idx) {
    const std::size_t comma = comma_positions_[field_idx];
    fields_[field_idx] = std::string_view(line.data() + field_begin, comma - field_begin);
    field_begin = comma + 1;
  }
  fields_[max_commas] = line.substr(field_begin);
  return true;
}

bool EventRowParser::SplitQuoted(std::string_view line, RowProblem* problem) {
  std::optional<std::span<const std::string_view>> split = quoted_splitter_.Split(line);
  if (!split) {
    return Reject(problem, RowIssue::kUnterminatedQuote, "", "a closing quote",
                  "the end of the line");
  }
  if (split->size() != field_count_) {
    return Reject(problem, RowIssue::kWrongFieldCount, "", FieldCountText(field_count_),
                  FieldCountText(split->size()));
  }
  std::copy(split->begin(), split->end(), fields_.begin());
  return true;
}

// Logs are in time order, so consecutive rows almost always share their date:
// only the clock is read then, and the full calendar check runs once a day.
bool EventRowParser::ParseTime(std::string_view text, std::int64_t* time) {
  if (text.size() > kDateLength && cached_date_.size() == kDateLength &&
      std::memcmp(text.data(), cached_date_.data(), kDateLength) == 0) {
    std::int64_t second_of_day = 0;
    if (!ParseClock(text, &second_of_day)) {
      return false;
    }
    *time = cached_day_start_ + second_of_day;
    return true;
  }
  std::optional<std::int64_t> parsed = events::ParseEventTime(text);
  if (!parsed) {
    return false;
  }
  cached_date_.assign(text.substr(0, kDateLength));
  cached_day_start_ = FloorToDay(*parsed);
  *time = *parsed;
  return true;
}

bool EventRowParser::IsCancellation() const {
  return type_column_ == kAbsent && !mapping_.cancellation_prefix.empty() &&
         fields_[session_column_].starts_with(mapping_.cancellation_prefix);
}

bool EventRowParser::ReadType(LogEvent* event, RowProblem* problem) const {
  if (type_column_ == kAbsent) {
    // A line-item log lists what was bought; a cancellation invoice takes it back.
    event->type =
        IsCancellation() ? events::EventType::kRemoveFromCart : events::EventType::kPurchase;
    return true;
  }
  const std::string_view type_text = fields_[type_column_];
  std::optional<events::EventType> type = events::ParseEventType(type_text);
  if (!type) {
    return Reject(problem, RowIssue::kUnknownEventType, mapping_.event_type, kExpectedType,
                  type_text);
  }
  event->type = *type;
  return true;
}

bool EventRowParser::ReadIds(LogEvent* event, RowProblem* problem) const {
  const std::string_view user = fields_[user_column_];
  if (user.empty()) {
    // Line-item logs hold rows of anonymous shoppers, expected and counted on
    // their own; an event log without a user is simply broken.
    if (type_column_ == kAbsent) {
      return Reject(problem, RowIssue::kMissingCustomer, mapping_.user_id, kExpectedCustomer, user);
    }
    return Reject(problem, RowIssue::kMissingUserId, mapping_.user_id, kExpectedUserId, user);
  }
  const std::string_view product = fields_[product_column_];
  const std::string_view category = OptionalField(category_column_);
  if (mapping_.numeric_ids) {
    if (!IsDigits(user)) {
      return Reject(problem, RowIssue::kNonNumericField, mapping_.user_id, kExpectedId, user);
    }
    if (!IsDigits(product)) {
      return Reject(problem, RowIssue::kNonNumericField, mapping_.product_id, kExpectedId, product);
    }
    if (!category.empty() && !IsDigits(category)) {
      return Reject(problem, RowIssue::kNonNumericField, mapping_.category_id, kExpectedId,
                    category);
    }
  }
  event->user_id = user;
  event->user_key = KeyOf(user);
  event->session_key = KeyOf(fields_[session_column_]);
  event->product_key = KeyOf(product);
  event->category_key = KeyOf(category);  // 0 when empty or absent
  event->brand_key = KeyOf(OptionalField(brand_column_));
  return true;
}

bool EventRowParser::ReadMoney(LogEvent* event, RowProblem* problem) const {
  const std::string_view price_text = fields_[price_column_];
  std::int64_t price_cents = 0;
  switch (ParseCents(price_text, &price_cents)) {
    case PriceText::kMalformed:
      return Reject(problem, RowIssue::kNonNumericField, mapping_.price, kExpectedPrice,
                    price_text);
    case PriceText::kNegative:
      return Reject(problem, RowIssue::kNegativePrice, mapping_.price, kExpectedPrice, price_text);
    case PriceText::kValid:
      break;
  }
  std::int64_t amount_cents = price_cents;
  if (quantity_column_ != kAbsent) {
    const std::string_view quantity_text = fields_[quantity_column_];
    std::int64_t quantity = 0;
    if (!ParseQuantity(quantity_text, &quantity) ||
        __builtin_mul_overflow(price_cents, quantity, &amount_cents)) {
      return Reject(problem, RowIssue::kNonNumericField, mapping_.quantity, kExpectedQuantity,
                    quantity_text);
    }
  }
  // UCI cancellations already carry a negative quantity; a layout that writes
  // them with a positive one still gets money going back.
  if (amount_cents > 0 && IsCancellation()) {
    amount_cents = -amount_cents;
  }
  event->price_cents = price_cents;
  event->amount_cents = amount_cents;
  return true;
}

}  // namespace churn::features
