#pragma once
// CsvLineSplitter splits one line of RFC 4180 CSV into fields. Fields are
// views into the line, with no copy, except quoted fields with doubled quotes
// ("say ""hi"""), which are unescaped into storage owned by the splitter. The
// views stay valid until the next call to Split, and while the line lives.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "events/row_issues.h"

namespace churn::events {

class CsvLineSplitter {
 public:
  // Splits line (without its line ending). Returns the fields, or the issue
  // that makes the line unreadable (an unterminated quote).
  std::optional<std::span<const std::string_view>> Split(std::string_view line,
                                                         RowIssue* issue = nullptr);

 private:
  std::vector<std::string_view> fields_;
  // The unescaped text of quoted fields that had doubled quotes, one after the
  // other. Split reserves the line's length up front; unescaped text is never
  // longer than its source, so the string never reallocates while views into
  // it are handed out.
  std::string unescaped_;
};

}  // namespace churn::events
