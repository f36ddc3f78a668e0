#include "dataset/processed_table_writer.h"

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace churn::dataset {
namespace {

TEST(ProcessedTableWriterTest, WritesAHeaderAndExactRows) {
  churn::testing::TempDir folder;
  std::filesystem::path path = folder / "processed_train.csv";
  ProcessedTableWriter writer(path, {"clicks", "total_spend"});
  std::vector<double> values = {1234567, 19320.83};
  features::PurchaseHistory bought{.frequency = 2, .recency = 30, .age = 41, .monetary = 12.5};
  writer.Write("541312140", "2019-11-01", values, bought, true);
  writer.Write("a,\"b\"", "2019-11-01", std::vector<double>{0, 0.1}, {}, false);
  writer.Commit();
  EXPECT_EQ(writer.rows(), 2);
  EXPECT_EQ(writer.churned(), 1);
  EXPECT_EQ(churn::testing::ReadTextFile(path),
            "user_id,snapshot,clicks,total_spend,repeat_purchase_days,purchase_span_days,"
            "days_since_first_purchase,repeat_purchase_value,churn\n"
            "541312140,2019-11-01,1234567,19320.83,2,30,41,12.5,1\n"
            "\"a,\"\"b\"\"\",2019-11-01,0,0.1,0,0,0,0,0\n");
}

TEST(ProcessedTableWriterTest, NothingIsLeftBehindWithoutCommit) {
  churn::testing::TempDir folder;
  {
    ProcessedTableWriter writer(folder / "processed_test.csv", {"clicks"});
    writer.Write("1", "2019-11-01", std::vector<double>{1}, {}, false);
  }
  EXPECT_TRUE(std::filesystem::is_empty(folder.path()));
}

}  // namespace
}  // namespace churn::dataset
