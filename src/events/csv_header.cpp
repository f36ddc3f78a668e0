#include "events/csv_header.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <utility>

#include "errors/error.h"
#include "events/csv_line_splitter.h"
#include "events/readable_text.h"

namespace churn::events {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string_view StripBom(std::string_view line) {
  if (line.starts_with(kUtf8Bom)) {
    line.remove_prefix(kUtf8Bom.size());
  }
  return line;
}

std::string_view TrimSpaces(std::string_view text) {
  constexpr std::string_view kSpaces = " \t";
  const std::size_t first = text.find_first_not_of(kSpaces);
  if (first == std::string_view::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(kSpaces) - first + 1);
}

}  // namespace

CsvHeader::CsvHeader(std::string_view line, std::filesystem::path path)
    : line_(StripBom(line)), path_(std::move(path)) {
  if (TrimSpaces(line_).empty()) {
    throw InputError(fmt::format("{}: line 1: empty header, expected comma-separated column names",
                                 ReadableText(path_.string())));
  }
  CsvLineSplitter splitter;
  RowIssue issue{};
  std::optional<std::span<const std::string_view>> fields = splitter.Split(line_, &issue);
  if (!fields) {
    throw InputError(fmt::format("{}: line 1: header is not valid CSV ({})",
                                 ReadableText(path_.string()), RowIssueName(issue)));
  }
  names_.reserve(fields->size());
  for (std::string_view field : *fields) {
    std::string_view name = TrimSpaces(field);
    // Find would silently pick the first of two equal names.
    if (!name.empty() && Find(name)) {
      throw InputError(fmt::format("{}: line 1: column '{}' appears more than once",
                                   ReadableText(path_.string()), ReadableText(name)));
    }
    names_.emplace_back(name);
  }
}

std::optional<std::size_t> CsvHeader::Find(std::string_view name) const {
  const auto found = std::find(names_.begin(), names_.end(), name);
  if (found == names_.end()) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(found - names_.begin());
}

std::size_t CsvHeader::Require(std::string_view name) const {
  std::optional<std::size_t> column = Find(name);
  if (!column) {
    throw InputError(fmt::format("{}: line 1: no column '{}' (columns: {})",
                                 ReadableText(path_.string()), ReadableText(name),
                                 ReadableText(fmt::format("{}", fmt::join(names_, ", ")))));
  }
  return *column;
}

// Readers may call this for every row, so the common answers are cheap: an
// identical line is a match, and a row without the first column's name in it
// is not one.
bool CsvHeader::Matches(std::string_view line) const {
  line = StripBom(line);
  if (line == line_) {
    return true;
  }
  if (line.find(names_.front()) == std::string_view::npos) {
    return false;
  }
  CsvLineSplitter splitter;
  std::optional<std::span<const std::string_view>> fields = splitter.Split(line);
  return fields && std::equal(fields->begin(), fields->end(), names_.begin(), names_.end(),
                              [](std::string_view field, const std::string& name) {
                                return TrimSpaces(field) == name;
                              });
}

}  // namespace churn::events
