// libFuzzer target: lines of a UCI Online Retail export (line items with
// quantities, text ids, quoted descriptions and cancellation invoices), read
// by the feature engine's row parser through the built-in UCI mapping.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "features/column_mapping.h"
#include "row_parser_check.h"

namespace {

constexpr std::string_view kUciHeader =
    "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  churn::fuzz::CheckRowParser(kUciHeader, churn::features::ColumnMapping::UciOnlineRetail(), data,
                              size);
  return 0;
}
