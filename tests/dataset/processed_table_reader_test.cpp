#include "dataset/processed_table_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "dataset/processed_table_writer.h"
#include "errors/error.h"
#include "testing/temp_dir.h"

namespace churn::dataset {
namespace {

using ::testing::HasSubstr;

const std::vector<std::string> kFeatures = {"clicks", "total_spend"};

std::string ErrorOf(const std::filesystem::path& path, const ProcessedTableOptions& options = {}) {
  try {
    ReadProcessedTable(path, kFeatures, options);
  } catch (const InputError& error) {
    return error.what();
  }
  return "no error";
}

TEST(ProcessedTableReaderTest, ReadsWhatTheWriterWrote) {
  churn::testing::TempDir folder;
  ProcessedTableWriter writer(folder / "t.csv", kFeatures);
  writer.Write("541312140", "2019-11-01", std::vector<double>{12, 19320.83},
               {.frequency = 3, .recency = 20, .age = 33, .monetary = 7.25}, true);
  writer.Write("a,\"b\"", "2019-12-01", std::vector<double>{0, 0.1}, {}, false);
  writer.Commit();
  LabelledRows rows = ReadProcessedTable(folder / "t.csv", kFeatures);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows.user_ids[1], "a,\"b\"");
  EXPECT_EQ(rows.cutoffs[1], "2019-12-01");
  EXPECT_EQ(rows.churned, (std::vector<std::uint8_t>{1, 0}));
  EXPECT_EQ(rows.features.rows(), 2U);
  EXPECT_EQ(rows.features.At(0, 1), 19320.83F);
  EXPECT_EQ(rows.features.At(1, 0), 0.0F);
  ASSERT_EQ(rows.purchases.size(), 2U) << "the purchase history, beside the features";
  EXPECT_EQ(rows.purchases[0].frequency, 3);
  EXPECT_EQ(rows.purchases[0].age, 33);
  EXPECT_EQ(rows.purchases[0].monetary, 7.25);
  EXPECT_FALSE(rows.purchases[1].IsCustomer());
  EXPECT_EQ(rows.Select(std::vector<std::size_t>{1}).purchases.size(), 1U);
}

TEST(ProcessedTableReaderTest, PutsColumnsInTheModelsOrderAndReadsEmptyAsMissing) {
  churn::testing::TempDir folder;
  auto path = churn::testing::WriteTextFile(folder / "t.csv",
                                            "total_spend,user_id,churn,clicks\r\n5.5,u1,0,\r\n");
  LabelledRows rows = ReadProcessedTable(path, kFeatures);
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_TRUE(std::isnan(rows.features.At(0, 0))) << "clicks was empty";
  EXPECT_EQ(rows.features.At(0, 1), 5.5F);
  EXPECT_EQ(rows.cutoffs[0], "") << "no snapshot column";
  EXPECT_TRUE(rows.purchases.empty()) << "no purchase columns";
}

TEST(ProcessedTableReaderTest, NamesTheColumnThatIsMissingOrUnknown) {
  churn::testing::TempDir folder;
  auto missing = churn::testing::WriteTextFile(folder / "a.csv", "user_id,snapshot,clicks,churn\n");
  EXPECT_THAT(ErrorOf(missing), HasSubstr("no column 'total_spend'"));
  auto unknown = churn::testing::WriteTextFile(folder / "b.csv",
                                               "user_id,snapshot,clicks,total_spend,age,churn\n");
  EXPECT_THAT(ErrorOf(unknown), HasSubstr("unknown column 'age'"));
  auto unlabelled =
      churn::testing::WriteTextFile(folder / "c.csv", "user_id,clicks,total_spend\n1,2,3\n");
  EXPECT_THAT(ErrorOf(unlabelled), HasSubstr("'churn'"));
  EXPECT_EQ(ErrorOf(unlabelled, {.require_label = false}), "no error");
}

// A table to score may carry columns of its own; asked to, the reader keeps
// them, in the file's order, as CSV text ready to append to a row.
TEST(ProcessedTableReaderTest, KeepsOtherColumnsWhenAskedTo) {
  churn::testing::TempDir folder;
  auto path = churn::testing::WriteTextFile(folder / "t.csv",
                                            "email,user_id,clicks,segment,total_spend\n"
                                            "a@b.example,u1,1,\"gold, \"\"vip\"\"\",2\n"
                                            ",u2,3,,4\n");
  OtherColumns others;
  LabelledRows rows = ReadProcessedTable(path, kFeatures, {.require_label = false}, &others);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows.features.At(1, 1), 4.0F);
  EXPECT_EQ(others.names, (std::vector<std::string>{"email", "segment"}));
  EXPECT_EQ(others.rows, (std::vector<std::string>{",a@b.example,\"gold, \"\"vip\"\"\"", ",,"}));
  auto twice =
      churn::testing::WriteTextFile(folder / "d.csv", "user_id,clicks,total_spend,clicks,email\n");
  OtherColumns ignored;
  EXPECT_THAT(
      [&] { ReadProcessedTable(twice, kFeatures, {.require_label = false}, &ignored); },
      ::testing::ThrowsMessage<InputError>(HasSubstr("column 'clicks' appears more than once")));
}

TEST(ProcessedTableReaderTest, NamesTheLineAndColumnOfABadValue) {
  churn::testing::TempDir folder;
  const std::string header = "user_id,snapshot,clicks,total_spend,churn\n";
  auto text = churn::testing::WriteTextFile(folder / "a.csv", header + "1,d,2,3,0\n2,d,x,3,1\n");
  EXPECT_THAT(ErrorOf(text), HasSubstr("a.csv:3: column 'clicks': expected a finite number, "
                                       "found 'x'"));
  auto infinite = churn::testing::WriteTextFile(folder / "b.csv", header + "1,d,inf,3,0\n");
  EXPECT_THAT(ErrorOf(infinite), HasSubstr("found 'inf'"));
  auto label = churn::testing::WriteTextFile(folder / "c.csv", header + "1,d,2,3,2\n");
  EXPECT_THAT(ErrorOf(label), HasSubstr("column 'churn': expected 0 or 1, found '2'"));
  auto fields = churn::testing::WriteTextFile(folder / "d.csv", header + "1,d,2,3\n");
  EXPECT_THAT(ErrorOf(fields), HasSubstr("d.csv:2: expected 5 fields as in the header, found 4"));
  auto empty = churn::testing::WriteTextFile(folder / "e.csv", "");
  EXPECT_THAT(ErrorOf(empty), HasSubstr("the file is empty"));
}

}  // namespace
}  // namespace churn::dataset
