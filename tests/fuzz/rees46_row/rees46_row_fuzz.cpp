// libFuzzer target: lines of a REES46 event log, read by the feature
// engine's row parser (its one-pass reader and its split must agree).

#include <cstddef>
#include <cstdint>

#include "events/rees46_row.h"
#include "features/column_mapping.h"
#include "row_parser_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  churn::fuzz::CheckRowParser(churn::events::kRees46Header,
                              churn::features::ColumnMapping::Rees46(), data, size);
  return 0;
}
