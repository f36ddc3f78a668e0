#include "features/column_mapping.h"

#include <fmt/format.h>

#include <string_view>

#include "errors/error.h"

namespace churn::features {
namespace {

void RequireColumn(std::string_view key, const std::string& column) {
  if (column.empty()) {
    throw ConfigError(fmt::format("columns.{} must name a column", key));
  }
}

}  // namespace

// Built by designated initializers rather than assignments, which GCC 12
// at -O3 flags with a false -Wrestrict warning.
ColumnMapping ColumnMapping::UciOnlineRetail() {
  return ColumnMapping{
      .event_time = "InvoiceDate",
      .event_type = "",
      .product_id = "StockCode",
      .category_id = "",
      .category_code = "",
      .brand = "",
      .price = "UnitPrice",
      .quantity = "Quantity",
      .user_id = "CustomerID",
      .session = "InvoiceNo",
      // Stock codes such as "85123A" and customer ids such as "17850.0".
      .numeric_ids = false,
      // Invoice numbers of cancellations start with "C" ("C536379").
      .cancellation_prefix = "C",
  };
}

// The event's time, product, price, user and session are what every feature
// is built from; the other columns may be absent from a layout.
void ColumnMapping::Validate() const {
  RequireColumn("event_time", event_time);
  RequireColumn("product_id", product_id);
  RequireColumn("price", price);
  RequireColumn("user_id", user_id);
  RequireColumn("session", session);
}

}  // namespace churn::features
