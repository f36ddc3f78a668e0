#include "features/event_row_parser.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#if defined(__SSE2__)
#include <emmintrin.h>  // 16-byte compares for the comma scan; x86-64 always has SSE2
#endif

#include <algorithm>
#include <bit>
#include <cstring>
#include <optional>

#include "errors/error.h"
#include "events/event_time.h"
#include "features/little_endian_word.h"

namespace churn::features {
namespace {

using events::RowIssue;

constexpr char kSeparator = ',';
constexpr char kQuote = '"';
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

// The value of an ASCII digit, or 10 or more for any other character.
unsigned DigitValue(char c) {
  return static_cast<unsigned char>(c - '0');
}

bool IsDigit(char c) {
  return DigitValue(c) < 10;
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

constexpr std::uint64_t kEveryByte = 0x0101010101010101;

// True when all eight bytes are ASCII digits: each has high nibble 3 and
// stays there when 6 is added (0x3A..0x3F do not). A byte that carries into
// its neighbour has high nibble F and has already failed the first test.
bool IsDigitWord(std::uint64_t word) {
  constexpr std::uint64_t kHighNibbles = kEveryByte * 0xF0;
  constexpr std::uint64_t kDigitNibbles = kEveryByte * 0x30;
  constexpr std::uint64_t kSixes = kEveryByte * 0x06;
  return (word & kHighNibbles) == kDigitNibbles &&
         ((word + kSixes) & kHighNibbles) == kDigitNibbles;
}

// Ids are checked on every row, so eight bytes at a time; the last word
// overlaps the one before it rather than looping over the leftover bytes.
bool IsDigits(std::string_view text) {
  if (text.size() < kWordBytes) {
    return !text.empty() && std::all_of(text.begin(), text.end(), IsDigit);
  }
  for (std::size_t pos = 0; pos + kWordBytes < text.size(); pos += kWordBytes) {
    if (!IsDigitWord(LoadLittleEndianWord(text.data() + pos))) {
      return false;
    }
  }
  return IsDigitWord(LoadLittleEndianWord(text.data() + text.size() - kWordBytes));
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

// Lines are scanned for commas and quotes 64 bytes at a time into one bit per
// byte: a REES46 row is about 130 bytes and 9 fields, two blocks, where a
// memchr call or a branch per field would cost more than the scan.
constexpr std::size_t kChunkBytes = 16;
constexpr std::size_t kBlockBytes = 64;
// Comma positions a block writes without checking how many it holds.
constexpr std::size_t kUncheckedCommas = 8;

struct ByteMasks {
  std::uint64_t commas = 0;  // bit i: byte i is a comma
  std::uint64_t quotes = 0;  // bit i: byte i is a quote
};

// The masks of the 16 bytes at bytes[0, 16).
ByteMasks ChunkMasks(const char* bytes) {
#if defined(__SSE2__)
  const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes));
  const auto commas = _mm_movemask_epi8(_mm_cmpeq_epi8(chunk, _mm_set1_epi8(kSeparator)));
  const auto quotes = _mm_movemask_epi8(_mm_cmpeq_epi8(chunk, _mm_set1_epi8(kQuote)));
  return {static_cast<std::uint16_t>(commas), static_cast<std::uint16_t>(quotes)};
#else
  ByteMasks masks;
  for (std::size_t byte_idx = 0; byte_idx < kChunkBytes; ++byte_idx) {
    masks.commas |= std::uint64_t{bytes[byte_idx] == kSeparator} << byte_idx;
    masks.quotes |= std::uint64_t{bytes[byte_idx] == kQuote} << byte_idx;
  }
  return masks;
#endif
}

void AddChunk(ByteMasks chunk, std::size_t offset, ByteMasks* block) {
  block->commas |= chunk.commas << offset;
  block->quotes |= chunk.quotes << offset;
}

// The masks of the 64 bytes at block[0, 64).
ByteMasks FullBlockMasks(const char* block) {
  ByteMasks masks;
  for (std::size_t offset = 0; offset < kBlockBytes; offset += kChunkBytes) {
    AddChunk(ChunkMasks(block + offset), offset, &masks);
  }
  return masks;
}

// The masks of line[block_begin, block_begin + 64), cut at the line's end.
// Full chunks are loaded in place; a last partial one is read as the 16 bytes
// that end the line, shifted past the bytes already scanned, or from a
// zero-padded copy when the whole line is shorter than a chunk. Nothing is
// read outside the line.
ByteMasks BlockMasks(std::string_view line, std::size_t block_begin) {
  const std::size_t count = std::min(kBlockBytes, line.size() - block_begin);
  if (count == kBlockBytes) {
    return FullBlockMasks(line.data() + block_begin);
  }
  const char* block = line.data() + block_begin;
  ByteMasks masks;
  std::size_t offset = 0;
  for (; offset + kChunkBytes <= count; offset += kChunkBytes) {
    AddChunk(ChunkMasks(block + offset), offset, &masks);
  }
  if (offset == count) {
    return masks;
  }
  const std::size_t left = count - offset;
  if (line.size() >= kChunkBytes) {
    ByteMasks tail = ChunkMasks(line.data() + line.size() - kChunkBytes);
    tail.commas >>= kChunkBytes - left;
    tail.quotes >>= kChunkBytes - left;
    AddChunk(tail, offset, &masks);
  } else {
    char padded[kChunkBytes] = {};
    std::memcpy(padded, block + offset, left);
    AddChunk(ChunkMasks(padded), offset, &masks);
  }
  return masks;
}

// Appends the positions of the commas of a block (bit i: a comma at
// block_begin + i) to positions[*count...]. The first eight are written
// without a bounds check; positions has room for max_commas +
// kUncheckedCommas, and once *count passes max_commas the commas are only
// counted (a rare line, so std::popcount's libgcc call does not matter).
void AppendCommas(std::uint64_t commas, std::size_t block_begin, std::size_t max_commas,
                  std::size_t* positions, std::size_t* count) {
  if (*count > max_commas) {
    *count += static_cast<std::size_t>(std::popcount(commas));
    return;
  }
  std::size_t* out = positions + *count;
  std::size_t written = 0;
  for (std::size_t slot_idx = 0; slot_idx < kUncheckedCommas; ++slot_idx) {
    out[slot_idx] = block_begin + static_cast<std::size_t>(std::countr_zero(commas));
    written += commas != 0 ? 1 : 0;
    commas &= commas - 1;
  }
  for (; commas != 0; commas &= commas - 1, ++written) {
    if (*count + written < max_commas) {
      out[written] = block_begin + static_cast<std::size_t>(std::countr_zero(commas));
    }
  }
  *count += written;
}

// Writes the positions of line's commas to positions (see AppendCommas) and
// returns how many there are, or nullopt when the line holds a quote.
std::optional<std::size_t> FindCommas(std::string_view line, std::size_t max_commas,
                                      std::size_t* positions) {
  std::size_t count = 0;
  std::size_t block_begin = 0;
  for (; block_begin + kBlockBytes <= line.size(); block_begin += kBlockBytes) {
    const ByteMasks masks = FullBlockMasks(line.data() + block_begin);
    if (masks.quotes != 0) {
      return std::nullopt;
    }
    AppendCommas(masks.commas, block_begin, max_commas, positions, &count);
  }
  if (block_begin < line.size()) {
    const ByteMasks masks = BlockMasks(line, block_begin);
    if (masks.quotes != 0) {
      return std::nullopt;
    }
    AppendCommas(masks.commas, block_begin, max_commas, positions, &count);
  }
  return count;
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
    throw InputError(fmt::format("{}: line 1: missing column{} {} (columns: {})",
                                 header_.path().string(), missing_.size() == 1 ? "" : "s",
                                 fmt::join(quoted, ", "), fmt::join(header_.names(), ", ")));
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
    for (std::uint64_t commas = BlockMasks(line, block_begin).commas; commas != 0;
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
}

bool EventRowParser::Parse(std::string_view line, LogEvent* event, RowProblem* problem) {
  if (!SplitFields(line, problem)) {
    return false;
  }
  const std::string_view time_text = fields_[time_column_];
  if (!ParseTime(time_text, &event->time)) {
    return Reject(problem, RowIssue::kBadTime, mapping_.event_time, kExpectedTime, time_text);
  }
  return ReadType(event, problem) && ReadIds(event, problem) && ReadMoney(event, problem);
}

bool EventRowParser::SplitFields(std::string_view line, RowProblem* problem) {
  if (line.empty()) {
    return Reject(problem, RowIssue::kEmptyLine, "", FieldCountText(field_count_), "an empty line");
  }
  // Most rows hold no quote at all; those are split in place in one pass.
  const std::size_t max_commas = field_count_ - 1;
  std::optional<std::size_t> commas = FindCommas(line, max_commas, comma_positions_.data());
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
