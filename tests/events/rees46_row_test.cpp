#include "events/rees46_row.h"

#include <gtest/gtest.h>

namespace churn::events {
namespace {

TEST(Rees46RowTest, WritesARowAsTheRealLogsDo) {
  Rees46Row row;
  row.time = 1569888005;
  row.type = EventType::kView;
  row.product_id = 44600062;
  row.category_id = 2103807459595387724ULL;
  row.brand = "shiseido";
  row.price_cents = 3579;
  row.user_id = 541312140;
  row.session = {0x72d76fde8bb34e00ULL, 0x8c23a032dfed738cULL};
  std::string text;
  AppendRees46Row(row, &text);
  EXPECT_EQ(text,
            "2019-10-01 00:00:05 UTC,view,44600062,2103807459595387724,,shiseido,35.79,541312140,"
            "72d76fde-8bb3-4e00-8c23-a032dfed738c\n");
}

TEST(Rees46RowTest, PadsCentsAndQuotesTextThatNeedsIt) {
  Rees46Row row;
  row.type = EventType::kPurchase;
  row.category_code = "a,b";
  row.brand = "say \"hi\"";
  row.price_cents = 305;
  std::string text;
  AppendRees46Row(row, &text);
  EXPECT_NE(text.find(",purchase,"), std::string::npos);
  EXPECT_NE(text.find(",\"a,b\",\"say \"\"hi\"\"\",3.05,"), std::string::npos) << text;
}

TEST(SessionUuidTest, RandomBitsBecomeAVersion4Uuid) {
  SessionUuid uuid = SessionUuid::FromRandomBits(~0ULL, 0);
  std::string text;
  Rees46Row row;
  row.session = uuid;
  AppendRees46Row(row, &text);
  std::string session = text.substr(text.rfind(',') + 1, 36);
  EXPECT_EQ(session, "ffffffff-ffff-4fff-8000-000000000000");
}

}  // namespace
}  // namespace churn::events
