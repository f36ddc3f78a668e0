#pragma once
// Writing one CSV field: as is, or quoted as RFC 4180 asks when it holds a
// comma, a quote or a line break. The inverse of CsvLineSplitter.

#include <string>
#include <string_view>

namespace churn::events {

inline void AppendCsvField(std::string_view field, std::string* out) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(field);
    return;
  }
  out->push_back('"');
  for (char c : field) {
    out->append(c == '"' ? 2 : 1, c);
  }
  out->push_back('"');
}

}  // namespace churn::events
