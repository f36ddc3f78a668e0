#include "model/row_requirements.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "errors/error.h"

namespace churn::model {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;
using ::testing::ThrowsMessage;

dataset::LabelledRows TwoRows() {
  dataset::LabelledRows rows;
  rows.features.names = {"visits", "spend"};
  rows.features.values = {1, 2, 3, 4};
  rows.user_ids = {"a", "b"};
  rows.cutoffs = {"2019-12-01", "2019-12-01"};
  rows.churned = {0, 1};
  return rows;
}

TEST(FirstColumnDifferenceTest, NamesTheFirstColumnThatDiffers) {
  std::vector<std::string> model = {"visits", "spend", "age"};
  EXPECT_EQ(FirstColumnDifference(model, model), std::nullopt);
  EXPECT_THAT(FirstColumnDifference(model, std::vector<std::string>{"visits", "age", "spend"}),
              Optional(std::string("column 2 is 'age', expected 'spend'")));
  EXPECT_THAT(FirstColumnDifference(model, std::vector<std::string>{"visits"}),
              Optional(std::string("column 2 'spend' is missing (1 columns, expected 3)")));
  EXPECT_THAT(
      FirstColumnDifference(model, std::vector<std::string>{"visits", "spend", "age", "city"}),
      Optional(std::string("column 4 'city' is not expected (4 columns, expected 3)")));
}

TEST(RequireFittableRowsTest, AcceptsConsistentRows) {
  EXPECT_NO_THROW(RequireFittableRows(TwoRows(), "the training rows"));
}

TEST(RequireFittableRowsTest, NamesWhatIsWrong) {
  dataset::LabelledRows no_columns;
  EXPECT_THAT([&] { RequireFittableRows(no_columns, "the training rows"); },
              ThrowsMessage<InputError>("the training rows have no feature columns"));
  dataset::LabelledRows missing_label = TwoRows();
  missing_label.churned.pop_back();
  EXPECT_THAT([&] { RequireFittableRows(missing_label, "the training rows"); },
              ThrowsMessage<InputError>(HasSubstr("2 rows of features but 1 labels")));
  dataset::LabelledRows not_binary = TwoRows();
  not_binary.churned[1] = 2;
  EXPECT_THAT([&] { RequireFittableRows(not_binary, "the training rows"); },
              ThrowsMessage<InputError>(HasSubstr("row 2 has label 2, expected 0 or 1")));
  dataset::LabelledRows ragged = TwoRows();
  ragged.features.values.pop_back();
  EXPECT_THAT([&] { RequireFittableRows(ragged, "the training rows"); },
              ThrowsMessage<InternalError>(HasSubstr("3 values do not make whole rows of 2")));
}

TEST(RequireBothClassesTest, NeedsAChurnerAndAStayer) {
  std::vector<std::uint8_t> both = {0, 1, 0};
  std::vector<std::uint8_t> churners = {1, 1};
  std::vector<std::uint8_t> none;
  EXPECT_NO_THROW(RequireBothClasses(both, "the rows"));
  EXPECT_THAT([&] { RequireBothClasses(churners, "the rows"); },
              ThrowsMessage<InputError>(HasSubstr("the rows hold only churners (2 rows)")));
  EXPECT_THAT([&] { RequireBothClasses(none, "the rows"); },
              ThrowsMessage<InputError>(HasSubstr("the rows are empty")));
}

}  // namespace
}  // namespace churn::model
