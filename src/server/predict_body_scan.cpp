#include "server/predict_body_scan.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

namespace churn::server {
namespace {

using Json = nlohmann::json;

// Follows the body's events with a stack of the containers open: the
// entries' list (if any), an entry, and whatever is nested in its fields.
class BodyScanner : public nlohmann::json_sax<Json> {
 public:
  explicit BodyScanner(std::string_view body) : body_(body) {}

  PredictBodyScan& scan() { return scan_; }

  bool null() override { return Value(); }
  bool boolean(bool /*value*/) override { return Value(); }
  bool number_integer(number_integer_t /*value*/) override { return Value(); }
  bool number_unsigned(number_unsigned_t /*value*/) override { return Value(); }
  bool number_float(number_float_t /*value*/, const string_t& text) override {
    Value();
    if (AtEntryField() && open_.back().key == "user_id") {
      scan_.user_id_texts[Entry()] = text;
    }
    return true;
  }
  bool string(string_t& /*value*/) override { return Value(); }
  bool binary(binary_t& /*value*/) override { return Value(); }
  bool start_object(std::size_t /*elements*/) override {
    Value();
    open_.push_back({.is_list = false, .count = 0, .key = {}});
    return true;
  }
  bool key(string_t& name) override {
    open_.back().key = name;
    return true;
  }
  bool end_object() override {
    open_.pop_back();
    return true;
  }
  bool start_array(std::size_t /*elements*/) override {
    Value();
    open_.push_back({.is_list = true, .count = 0, .key = {}});
    return true;
  }
  bool end_array() override {
    open_.pop_back();
    return true;
  }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& error) override {
    BodyFailure failure{
        .entry = {}, .field = {}, .token = TokenBefore(position), .message = error.what()};
    if (!open_.empty()) {
      if (open_.front().is_list) {
        failure.entry = Entry();
      }
      std::size_t entry_level = open_.front().is_list ? 1 : 0;
      if (open_.size() > entry_level && !open_[entry_level].is_list &&
          !open_[entry_level].key.empty()) {
        failure.field = open_[entry_level].key;
      }
    }
    scan_.failure = std::move(failure);
    return false;
  }

 private:
  struct Container {
    bool is_list;
    std::size_t count;  // values begun in a list
    std::string key;    // the last key of an object
  };

  // A value begins: in a list, it is the next element.
  bool Value() {
    if (!open_.empty() && open_.back().is_list) {
      ++open_.back().count;
    }
    return true;
  }

  // The entry being read: the index in the list, 0 for a single object.
  std::size_t Entry() const {
    return open_.front().is_list && open_.front().count > 0 ? open_.front().count - 1 : 0;
  }

  // True when the value now read is a field of an entry itself.
  bool AtEntryField() const {
    return (open_.size() == 1 && !open_[0].is_list) ||
           (open_.size() == 2 && open_[0].is_list && !open_[1].is_list);
  }

  // The value the parser stopped in: the characters of a number or a word
  // that end at `position` (where it stopped reading).
  std::string TokenBefore(std::size_t position) const {
    std::size_t end = std::min(position, body_.size());
    std::size_t begin = end;
    auto in_token = [](char byte) {
      return std::isalnum(static_cast<unsigned char>(byte)) != 0 || byte == '-' || byte == '+' ||
             byte == '.';
    };
    while (begin > 0 && in_token(body_[begin - 1])) {
      --begin;
    }
    while (end < body_.size() && in_token(body_[end])) {
      ++end;
    }
    return std::string(body_.substr(begin, end - begin));
  }

  std::string_view body_;
  std::vector<Container> open_;
  PredictBodyScan scan_;
};

}  // namespace

PredictBodyScan ScanPredictBody(std::string_view body) {
  BodyScanner scanner(body);
  Json::sax_parse(body, &scanner);
  return std::move(scanner.scan());
}

}  // namespace churn::server
