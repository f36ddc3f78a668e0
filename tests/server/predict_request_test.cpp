#include "server/predict_request.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "features/feature_registry.h"
#include "server/request_error.h"
#include "server/server_config.h"

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
  EXPECT_EQ(Rejection(R"({"clicks": 1e400, "purchases": 2, "days_since_last_visit": 3})"),
            "field 'clicks' must be a finite number within float range, got 1e400");
  EXPECT_THAT(Rejection(R"([{"clicks": 1, "purchases": 2, "days_since_last_visit": -1e400}])"),
              HasSubstr("entry 0: field 'days_since_last_visit' must be a finite number within "
                        "float range, got -1e400"));
  EXPECT_THAT(Rejection("[1e400]"),
              HasSubstr("beyond double range: [json.exception.out_of_range.406] number overflow "
                        "parsing '1e400'"));
}

// Python's json.dumps writes NaN and Infinity, which are not JSON: the
// answer names the entry and the field, not the parser's "invalid literal".
TEST(PredictRequestTest, NamesTheFieldThatHoldsNanOrInfinity) {
  EXPECT_EQ(Rejection(R"([{"clicks": 1, "purchases": 2, "days_since_last_visit": 3},
                          {"clicks": NaN, "purchases": 2, "days_since_last_visit": 3}])"),
            "entry 1: field 'clicks' must be a finite number, got NaN (JSON has no NaN or "
            "Infinity: send a number)");
  EXPECT_EQ(Rejection(R"({"clicks": 1, "purchases": -Infinity, "days_since_last_visit": 3})"),
            "field 'purchases' must be a finite number, got -Infinity (JSON has no NaN or "
            "Infinity: send a number)");
  EXPECT_THAT(Rejection(R"({"clicks": 1, "purchases": 2, "days_since_last_visit": Infinity})"),
              HasSubstr("field 'days_since_last_visit' must be a finite number, got Infinity"));
}

TEST(PredictRequestTest, NamesTheFieldWhereTheBodyStopsBeingJson) {
  EXPECT_THAT(Rejection(R"([{"clicks": 1, "purchases": 2, "days_since_last_visit": 3},
                          {"clicks": 1, "purchases": tru, "days_since_last_visit": 3}])"),
              HasSubstr("the body is not valid JSON (in entry 1: field 'purchases'): "));
}

// An integer id too long for 64 bits is the id it spells, not a double of it.
TEST(PredictRequestTest, ReadsAnIntegerUserIdOfAnyLengthAsItsDigits) {
  PredictRequest request = ParsePredictRequest(
      R"([{"clicks": 1, "purchases": 2, "days_since_last_visit": 3, "user_id": 7},
          {"clicks": 1, "purchases": 2, "days_since_last_visit": 3,
           "user_id": 12345678901234567890123456789},
          {"clicks": 1, "purchases": 2, "days_since_last_visit": 3,
           "user_id": 18446744073709551615},
          {"clicks": 1, "purchases": 2, "days_since_last_visit": 3,
           "user_id": -99999999999999999999999}])",
      kFeatures);
  EXPECT_THAT(request.user_ids,
              ::testing::ElementsAre("7", "12345678901234567890123456789", "18446744073709551615",
                                     "-99999999999999999999999"));
  PredictRequest single = ParsePredictRequest(
      R"({"user_id": 500000000000000000000000000017, "clicks": 1, "purchases": 2,
          "days_since_last_visit": 3})",
      kFeatures);
  EXPECT_THAT(single.user_ids, ::testing::ElementsAre("500000000000000000000000000017"));
}

TEST(PredictRequestTest, RefusesAUserIdWithAFractionOrAnExponent) {
  EXPECT_THAT(
      Rejection(R"({"user_id": 1.5, "clicks": 1, "purchases": 2, "days_since_last_visit": 3})"),
      HasSubstr("field 'user_id' must be a string or an integer, got the number 1.5 (send an id "
                "with a fraction or an exponent as a string)"));
  EXPECT_THAT(
      Rejection(R"([{"user_id": 1e30, "clicks": 1, "purchases": 2, "days_since_last_visit": 3}])"),
      HasSubstr("entry 0: field 'user_id' must be a string or an integer, got the number 1e30"));
}

// A NUL or another control character in a name is shown, not cut at.
TEST(PredictRequestTest, QuotesNamesWithControlCharactersWhole) {
  EXPECT_THAT(Rejection(R"({"clicks": 1, "purchases": 2, "days_since_last_visit": 3,
                            "cl\u0000ickz": 4})"),
              HasSubstr("unknown field 'cl\\0ickz': not a feature"));
}

// The API takes kMaxPredictRows entries per request, and the default body
// limit must fit them as a client writes them: every feature of the
// registry a double in full (17 digits), indented, with a long user id.
TEST(PredictRequestTest, TheDefaultBodyLimitFitsTheLongestList) {
  nlohmann::json entry = {{"user_id", "12345678901234567890123456789"}};
  for (const features::FeatureSpec& spec : features::FeatureRegistry()) {
    entry[std::string(spec.name)] = -1234.5678901234567;
  }
  std::string indented_entry = "  " + entry.dump(2);
  std::size_t body_bytes = 2 + kMaxPredictRows * (indented_entry.size() + 2);  // "[\n", ",\n"
  EXPECT_GT(body_bytes, std::size_t{16} << 20) << "the case the old 1 MiB limit failed";
  EXPECT_LE(body_bytes, ServerConfig{}.max_request_bytes);
  std::string many = "[";
  for (std::size_t entry_idx = 0; entry_idx < kMaxPredictRows; ++entry_idx) {
    many += entry_idx == 0 ? "" : ",";
    many += R"({"clicks": 1, "purchases": 2, "days_since_last_visit": 3})";
  }
  EXPECT_EQ(ParsePredictRequest(many + "]", kFeatures).rows.rows(), kMaxPredictRows);
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
