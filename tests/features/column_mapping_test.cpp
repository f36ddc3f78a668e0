#include "features/column_mapping.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "errors/error.h"

namespace churn::features {
namespace {

TEST(ColumnMappingTest, Rees46NamesTheRees46Columns) {
  const ColumnMapping mapping = ColumnMapping::Rees46();
  EXPECT_EQ(mapping.event_time, "event_time");
  EXPECT_EQ(mapping.event_type, "event_type");
  EXPECT_EQ(mapping.product_id, "product_id");
  EXPECT_EQ(mapping.category_id, "category_id");
  EXPECT_EQ(mapping.category_code, "category_code");
  EXPECT_EQ(mapping.brand, "brand");
  EXPECT_EQ(mapping.price, "price");
  EXPECT_EQ(mapping.quantity, "");
  EXPECT_EQ(mapping.user_id, "user_id");
  EXPECT_EQ(mapping.session, "user_session");
  EXPECT_TRUE(mapping.numeric_ids);
  EXPECT_EQ(mapping.cancellation_prefix, "");
  EXPECT_NO_THROW(mapping.Validate());
}

TEST(ColumnMappingTest, UciOnlineRetailNamesTheLineItemColumns) {
  const ColumnMapping mapping = ColumnMapping::UciOnlineRetail();
  EXPECT_EQ(mapping.event_time, "InvoiceDate");
  EXPECT_EQ(mapping.event_type, "");
  EXPECT_EQ(mapping.product_id, "StockCode");
  EXPECT_EQ(mapping.category_id, "");
  EXPECT_EQ(mapping.category_code, "");
  EXPECT_EQ(mapping.brand, "");
  EXPECT_EQ(mapping.price, "UnitPrice");
  EXPECT_EQ(mapping.quantity, "Quantity");
  EXPECT_EQ(mapping.user_id, "CustomerID");
  EXPECT_EQ(mapping.session, "InvoiceNo");
  EXPECT_FALSE(mapping.numeric_ids);
  EXPECT_EQ(mapping.cancellation_prefix, "C");
  EXPECT_NO_THROW(mapping.Validate());
}

// Each required column, emptied on its own, is named by its config key.
TEST(ColumnMappingTest, ValidateNamesTheKeyOfAnEmptyRequiredColumn) {
  const std::pair<std::string ColumnMapping::*, std::string> kRequired[] = {
      {&ColumnMapping::event_time, "columns.event_time must name a column"},
      {&ColumnMapping::product_id, "columns.product_id must name a column"},
      {&ColumnMapping::price, "columns.price must name a column"},
      {&ColumnMapping::user_id, "columns.user_id must name a column"},
      {&ColumnMapping::session, "columns.session must name a column"},
  };
  for (const auto& [member, message] : kRequired) {
    ColumnMapping mapping;
    mapping.*member = "";
    try {
      mapping.Validate();
      ADD_FAILURE() << "expected ConfigError: " << message;
    } catch (const ConfigError& error) {
      EXPECT_EQ(std::string(error.what()), message);
    }
  }
}

TEST(ColumnMappingTest, ValidateAcceptsEmptyOptionalColumns) {
  ColumnMapping mapping;
  mapping.event_type = "";
  mapping.category_id = "";
  mapping.category_code = "";
  mapping.brand = "";
  mapping.quantity = "";
  mapping.cancellation_prefix = "";
  EXPECT_NO_THROW(mapping.Validate());
}

}  // namespace
}  // namespace churn::features
