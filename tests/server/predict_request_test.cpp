#include "server/predict_request.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/request_error.h"

namespace churn::server {
namespace {

using ::testing::HasSubstr;

const std::vector<std::string> kFeatures = {"clicks", "purchases", "days_since_last_visit"};

// The message of the 400 that `body` gets.
std::string Rejection(std::string_view body) {
  try {
    ParsePredictRequest(body, kFeatures);
  } catch (const RequestError& error) {
    EXPECT_EQ(error.status(), HttpStatus::kBadRequest);
    return error.what();
  }
  ADD_FAILURE() << "accepted: " << body;
  return "";
}

TEST(PredictRequestTest, ReadsOneObjectByNameInColumnOrder) {
  PredictRequest request = ParsePredictRequest(
      R"({"days_since_last_visit": 12.5, "user_id": "u1", "purchases": 0, "clicks": 7})",
      kFeatures);
  EXPECT_TRUE(request.single);
  EXPECT_EQ(request.rows.rows(), 1U);
  EXPECT_THAT(request.rows.values, ::testing::ElementsAre(7.0F, 0.0F, 12.5F));
  EXPECT_THAT(request.user_ids, ::testing::ElementsAre("u1"));
}

TEST(PredictRequestTest, ReadsAListWithOrWithoutUserIds) {
  PredictRequest request = ParsePredictRequest(
      R"([{"clicks": 1, "purchases": 2, "days_since_last_visit": 3, "user_id": 42},
          {"clicks": 4, "purchases": 5, "days_since_last_visit": 6}])",
      kFeatures);
  EXPECT_FALSE(request.single);
  EXPECT_EQ(request.rows.rows(), 2U);
  EXPECT_THAT(request.rows.Row(1), ::testing::ElementsAre(4.0F, 5.0F, 6.0F));
  EXPECT_THAT(request.user_ids, ::testing::ElementsAre("42", ""));
}

TEST(PredictRequestTest, NamesTheMissingFields) {
  EXPECT_THAT(Rejection(R"({"clicks": 1})"),
              HasSubstr("missing fields 'purchases', 'days_since_last_visit'"));
  EXPECT_THAT(Rejection(R"([{"clicks": 1, "purchases": 2, "days_since_last_visit": 3},
                            {"clicks": 1, "purchases": 2}])"),
              HasSubstr("entry 1: missing field 'days_since_last_visit'"));
}

TEST(PredictRequestTest, NamesAnUnknownField) {
  EXPECT_THAT(
      Rejection(R"({"clicks": 1, "purchases": 2, "days_since_last_visit": 3, "clickz": 4})"),
      HasSubstr("unknown field 'clickz'"));
}

TEST(PredictRequestTest, NamesAFieldOfTheWrongType) {
  EXPECT_THAT(Rejection(R"({"clicks": "7", "purchases": 2, "days_since_last_visit": 3})"),
              HasSubstr("field 'clicks' must be a number, got string"));
  EXPECT_THAT(Rejection(R"({"clicks": null, "purchases": 2, "days_since_last_visit": 3})"),
              HasSubstr("field 'clicks' must be a number, got null"));
  EXPECT_THAT(Rejection(R"({"clicks": 1, "purchases": true, "days_since_last_visit": 3})"),
              HasSubstr("field 'purchases' must be a number, got boolean"));
  EXPECT_THAT(Rejection(R"({"clicks": 1, "purchases": 2, "days_since_last_visit": 3,
                            "user_id": [1]})"),
              HasSubstr("field 'user_id' must be a string or an integer"));
}

TEST(PredictRequestTest, RefusesNumbersBeyondFloatRange) {
  // JSON has no NaN or Infinity; 1e39 is finite as a double but not as a float.
  EXPECT_THAT(Rejection(R"({"clicks": 1e39, "purchases": 2, "days_since_last_visit": 3})"),
              HasSubstr("field 'clicks' must be a finite number"));
  EXPECT_THAT(Rejection(R"({"clicks": 1e400, "purchases": 2, "days_since_last_visit": 3})"),
              HasSubstr("beyond double range: [json.exception.out_of_range.406] number overflow "
                        "parsing '1e400'"));
}

TEST(PredictRequestTest, RefusesBodiesThatAreNotObjectsOrLists) {
  EXPECT_THAT(Rejection("{\"clicks\": "), HasSubstr("not valid JSON"));
  EXPECT_THAT(Rejection("42"), HasSubstr("got number"));
  EXPECT_THAT(Rejection("[]"), HasSubstr("empty"));
  EXPECT_THAT(Rejection("[1]"), HasSubstr("entry 0: expected an object"));
  std::string many = "[";
  for (std::size_t entry = 0; entry <= kMaxPredictRows; ++entry) {
    many += entry == 0 ? "{}" : ",{}";
  }
  EXPECT_THAT(Rejection(many + "]"), HasSubstr("at most"));
}

}  // namespace
}  // namespace churn::server
