#pragma once
// Which header names hold the fields the feature engine needs. The REES46
// layout is the default; other layouts map their own names (the `columns:`
// section of the config). Line-item logs such as UCI Online Retail have no
// event type: every row is a purchase, a cancellation invoice a return.

#include <string>

#include "config/setting.h"

namespace churn::features {

struct ColumnMapping {
  std::string event_time = "event_time";  // "YYYY-MM-DD hh:mm:ss[ UTC]"
  std::string event_type = "event_type";  // empty: every row is a purchase
  std::string product_id = "product_id";
  std::string category_id = "category_id";      // empty: no categories
  std::string category_code = "category_code";  // empty: none
  std::string brand = "brand";                  // empty: no brands
  std::string price = "price";                  // unit price, decimal
  std::string quantity;                         // empty: one unit per row
  std::string user_id = "user_id";
  std::string session = "user_session";
  // Product, category and user ids must be integers (REES46). Off for
  // layouts with ids like "85123A" or "12923.0".
  bool numeric_ids = true;
  // Sessions (invoices) starting with this text are cancellations, read as
  // remove_from_cart with a negative amount; empty: none. Only for layouts
  // without an event_type column, where the type comes from nowhere else.
  std::string cancellation_prefix;

  template <class Self, class Visitor>
  static void VisitSettings(Self& self, Visitor& visitor) {
    visitor.Value("event_time", self.event_time, "\"YYYY-MM-DD hh:mm:ss[ UTC]\"");
    visitor.Value("event_type", self.event_type, "empty: every row is a purchase");
    visitor.Value("product_id", self.product_id, "the product's id");
    visitor.Value("category_id", self.category_id, "empty: no categories");
    visitor.Value("category_code", self.category_code, "empty: none");
    visitor.Value("brand", self.brand, "empty: no brands");
    visitor.Value("price", self.price, "unit price, decimal");
    visitor.Value("quantity", self.quantity, "empty: one unit per row");
    visitor.Value("user_id", self.user_id, "the user's id");
    visitor.Value("session", self.session, "the session (or invoice) id");
    visitor.Value("numeric_ids", self.numeric_ids,
                  "product, category and user ids are integers (false for ids like 85123A)");
    visitor.Value("cancellation_prefix", self.cancellation_prefix,
                  "sessions starting with this are cancellations (no event_type column only)");
  }

  static ColumnMapping Rees46() { return ColumnMapping(); }
  // InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
  static ColumnMapping UciOnlineRetail();

  // Throws ConfigError when a required column name is empty.
  void Validate() const;
};

}  // namespace churn::features
