// The JSON API over HTTP: a real DashboardServer on a free loopback port,
// serving the demo that the `served` ctest fixture trained, checked
// endpoint by endpoint with every error case the API promises.

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "report/report_files.h"
#include "scoring/scoring_files.h"
#include "server/answer_compression.h"
#include "server/dashboard_server.h"
#include "server/predict_request.h"
#include "server/running_server.h"
#include "testing/temp_dir.h"

namespace churn::server {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(std::filesystem::exists(CHURN_SERVED_MODELS))
        << CHURN_SERVED_MODELS << " is missing: ctest's `served` fixture makes it";
    dataset::OutputLayout output{
        .data_dir = {}, .models_dir = CHURN_SERVED_MODELS, .scores_dir = CHURN_SERVED_SCORES};
    artifacts_ = ServedArtifacts::Load(output, "9.9.9-test").release();
    assets_ = new WebAssets(WebAssets::Load(CHURN_WEB_ROOT));
    server_ = new RunningServer(*artifacts_, *assets_, AccessPolicy());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete assets_;
    delete artifacts_;
  }

  static httplib::Result Get(const std::string& path) { return server_->Client().Get(path); }
  static httplib::Result Post(const std::string& path, const std::string& body) {
    return server_->Client().Post(path, body, "application/json");
  }

  static json Ok(const httplib::Result& result) { return OkJson(result); }
  static std::string Error(const httplib::Result& result, int status) {
    return ErrorMessage(result, status);
  }

  // The features of a user of the test snapshot, as POST /api/predict takes them.
  static json FeaturesOf(const std::string& user_id) {
    return Ok(Get("/api/users/" + user_id)).at("backtest").at("features");
  }

  // Sends `request` as raw bytes and returns what came back first.
  struct RawAnswer {
    std::string text;  // the first bytes back; empty when the server closed without a word
    double seconds = 0;
  };

  // Sends `request` as raw bytes on a fresh connection and waits up to 5 s
  // for what comes back.
  static RawAnswer RawExchange(const std::string& request) {
    int socket_fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(server_->port()));
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (connect(socket_fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
      close(socket_fd);
      return {.text = "cannot connect", .seconds = 0};
    }
    send(socket_fd, request.data(), request.size(), 0);
    timeval wait{.tv_sec = 5, .tv_usec = 0};
    setsockopt(socket_fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait));
    char buffer[1024] = {};
    auto started = std::chrono::steady_clock::now();
    ssize_t received = recv(socket_fd, buffer, sizeof(buffer) - 1, 0);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    close(socket_fd);
    return {.text = received > 0 ? std::string(buffer, static_cast<std::size_t>(received)) : "",
            .seconds = seconds};
  }

  static std::string TopUserId() {
    return Ok(Get("/api/backtest/users?top=1")).at("users").at(0).at("user_id").get<std::string>();
  }

  static const ServedArtifacts* artifacts_;
  static const WebAssets* assets_;
  static RunningServer* server_;
};

const ServedArtifacts* ApiTest::artifacts_ = nullptr;
const WebAssets* ApiTest::assets_ = nullptr;
RunningServer* ApiTest::server_ = nullptr;

TEST_F(ApiTest, HealthDescribesTheModel) {
  json health = Ok(Get("/api/health"));
  EXPECT_EQ(health["status"], "ok");
  EXPECT_EQ(health["users"].get<std::size_t>(), artifacts_->store().size());
  EXPECT_EQ(health["features"].get<std::size_t>(), artifacts_->columns().names.size());
  EXPECT_DOUBLE_EQ(health["threshold"].get<double>(), artifacts_->bundle().threshold);
  EXPECT_FALSE(health["model"].get<std::string>().empty());
  EXPECT_EQ(health["version"], "9.9.9-test");
  // The bands the page offers, highest first: the model's rule, not the page's.
  double threshold = artifacts_->bundle().threshold;
  ASSERT_EQ(health["risk_bands"].size(), 3U);
  EXPECT_EQ(health["risk_bands"][0], json({{"name", "high"}, {"min_probability", threshold}}));
  EXPECT_EQ(health["risk_bands"][1],
            json({{"name", "medium"}, {"min_probability", threshold / 2}}));
  EXPECT_EQ(health["risk_bands"][2], json({{"name", "low"}, {"min_probability", 0.0}}));
}

TEST_F(ApiTest, LargeAnswersAreGzippedNeverBrotli) {
  // A browser offers brotli first; the server answers with gzip, which the
  // client here decompresses.
  httplib::Headers browser = {{"Accept-Encoding", "gzip, deflate, br"}};
  for (const char* path : {"/api/shap/summary", "/vendor/vega.min.js", "/api/at-risk?top=500"}) {
    httplib::Result result = server_->Client().Get(path, browser);
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(result->status, 200) << path;
    EXPECT_EQ(result->get_header_value("Content-Encoding"), "gzip") << path;
    EXPECT_GT(result->body.size(), kMinCompressedBytes) << path << ": decompressed";
  }
  httplib::Result plain =
      server_->Client().Get("/api/shap/summary", {{"Accept-Encoding", "identity"}});
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->has_header("Content-Encoding"));
  EXPECT_EQ(json::parse(plain->body), Ok(Get("/api/shap/summary")));
}

TEST_F(ApiTest, ReportsAreTheFilesTrainAndExplainWrote) {
  json metrics = Ok(Get("/api/metrics"));
  std::ifstream file(std::filesystem::path(CHURN_SERVED_MODELS) / report::kMetricsFile);
  EXPECT_EQ(metrics, json::parse(file));
  json curves = Ok(Get("/api/curves"));
  for (const char* key : {"roc", "pr", "operating_point", "calibration", "gains", "baseline",
                          "threshold_sweep", "campaign"}) {
    EXPECT_TRUE(curves.contains(key)) << key;
  }
  json summary = Ok(Get("/api/shap/summary"));
  EXPECT_FALSE(summary["beeswarm"]["users"].empty());
  EXPECT_EQ(summary["features"].size(), artifacts_->columns().names.size());
}

TEST_F(ApiTest, ImportancesComeByMeanAbsoluteShap) {
  json importances = Ok(Get("/api/importances"));
  const json& features = importances["features"];
  ASSERT_EQ(features.size(), artifacts_->columns().names.size());
  for (std::size_t idx = 1; idx < features.size(); ++idx) {
    EXPECT_GE(features[idx - 1]["mean_abs_shap"].get<double>(),
              features[idx]["mean_abs_shap"].get<double>());
  }
  EXPECT_GT(features[0]["mean_abs_shap"].get<double>(), 0);
}

TEST_F(ApiTest, AUserHasProbabilityBandReasonsShapAndFeatures) {
  std::string id = TopUserId();
  json user = Ok(Get("/api/users/" + id)).at("backtest");
  EXPECT_EQ(user["user_id"], id);
  EXPECT_EQ(user["risk_band"], "high") << "the riskiest user of a demo is flagged";
  EXPECT_EQ(user["label"], 1);
  EXPECT_EQ(user["reasons"].size(), 5U);
  EXPECT_EQ(user["shap"].size(), artifacts_->columns().names.size());
  EXPECT_EQ(user["features"].size(), artifacts_->columns().names.size());
  EXPECT_FALSE(user["reasons"][0]["phrase"].get<std::string>().empty());
  EXPECT_EQ(Ok(Get("/api/users/" + id + "?reasons=2"))["backtest"]["reasons"].size(), 2U);
  EXPECT_THAT(Error(Get("/api/users/" + id + "?reasons=many"), 400), HasSubstr("'reasons'"));
}

// The scoring `run` ended with: what the API serves of it is what `score`
// wrote.
std::filesystem::path ServedScoringFolder() {
  std::optional<std::string> latest = scoring::LatestScoring(CHURN_SERVED_SCORES);
  EXPECT_TRUE(latest) << "the `served` fixture's run ends with a scoring";
  return scoring::ScoringFolder(CHURN_SERVED_SCORES, latest.value_or("none"));
}

json ReadJsonFile(const std::filesystem::path& path) {
  return json::parse(testing::ReadTextFile(path));
}

TEST_F(ApiTest, TheScoringsAreThoseRunMade) {
  std::filesystem::path folder = ServedScoringFolder();
  json summary = ReadJsonFile(folder / scoring::kScoringSummaryFile);
  json scorings = Ok(Get("/api/scorings"));
  EXPECT_EQ(scorings["current"], summary["as_of"]);
  ASSERT_EQ(scorings["scorings"].size(), 1U);
  EXPECT_EQ(scorings["scorings"][0], json({{"as_of", summary["as_of"]},
                                           {"users", summary["users"]},
                                           {"flagged", summary["flagged"]},
                                           {"previous_as_of", nullptr}}));
  EXPECT_EQ(Ok(Get("/api/scorings/latest")), summary);
  EXPECT_EQ(Ok(Get("/api/scorings/" + summary["as_of"].get<std::string>())), summary);
  EXPECT_EQ(Ok(Get("/api/scorings/latest/drift")), ReadJsonFile(folder / scoring::kDriftFile));
}

TEST_F(ApiTest, TheAtRiskListIsAtRiskCsv) {
  std::filesystem::path folder = ServedScoringFolder();
  json summary = ReadJsonFile(folder / scoring::kScoringSummaryFile);
  httplib::Result result = Get("/api/at-risk?top=100000&format=csv");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(result->body, testing::ReadTextFile(folder / scoring::kAtRiskFile))
      << "every user, in the file's order, with its probability, band, flag and reasons";
  json high = Ok(Get("/api/at-risk?min_risk=high&top=3"));
  EXPECT_EQ(high["total"], summary["flagged"]);
  EXPECT_EQ(high["as_of"], summary["as_of"]);
  EXPECT_EQ(high["threshold"], summary["model"]["threshold"]);
  ASSERT_EQ(high["users"].size(), 3U);
  EXPECT_EQ(high["users"][0]["reasons"].size(), 3U);
}

TEST_F(ApiTest, AUserOfTheScoringHasItsHistory) {
  json riskiest = Ok(Get("/api/at-risk?top=1"));
  std::string id = riskiest["users"][0]["user_id"].get<std::string>();
  json user = Ok(Get("/api/users/" + id));
  EXPECT_EQ(user["in_current_scoring"], true);
  EXPECT_EQ(user["as_of"], riskiest["as_of"]);
  EXPECT_EQ(user["snapshot"], riskiest["as_of"]);
  EXPECT_EQ(user["probability"], riskiest["users"][0]["probability"]);
  EXPECT_EQ(user["risk_band"], "high");
  EXPECT_EQ(user["reasons"].size(), 5U);
  EXPECT_EQ(user["history"], json::array({{{"as_of", riskiest["as_of"]},
                                           {"probability", riskiest["users"][0]["probability"]},
                                           {"band", "high"}}}));
}

TEST_F(ApiTest, AnUnknownUserIs404) {
  EXPECT_THAT(Error(Get("/api/users/no-such-user"), 404), HasSubstr("unknown user 'no-such-user'"));
}

// A NUL in the id cut the message short ("unknown user '5000"); it is shown
// escaped, and bytes that are not UTF-8 as U+FFFD, with the rest whole.
TEST_F(ApiTest, AnUnknownUserIdWithANulOrBadBytesIsQuotedWhole) {
  EXPECT_THAT(Error(Get("/api/users/5000%0017"), 404),
              HasSubstr("unknown user '5000\\017': in no scoring"));
  EXPECT_THAT(Error(Get("/api/users/50%ff%0a17"), 404),
              HasSubstr("unknown user '50\xEF\xBF\xBD\\n17': in no scoring"));
}

TEST_F(ApiTest, TheRiskListComesMostAtRiskFirst) {
  json list = Ok(Get("/api/backtest/users?top=20"));
  ASSERT_EQ(list["users"].size(), 20U);
  EXPECT_EQ(list["total"].get<std::size_t>(), artifacts_->store().size());
  for (std::size_t rank = 1; rank < 20; ++rank) {
    EXPECT_GE(list["users"][rank - 1]["probability"].get<double>(),
              list["users"][rank]["probability"].get<double>());
  }
  json high = Ok(Get("/api/backtest/users?top=100000&min_risk=high"));
  EXPECT_GT(high["total"].get<std::size_t>(), 0U);
  EXPECT_LT(high["total"].get<std::size_t>(), artifacts_->store().size());
  EXPECT_EQ(high["users"].size(), high["total"].get<std::size_t>());
  for (const json& user : high["users"]) {
    EXPECT_EQ(user["label"], 1);
    EXPECT_EQ(user["risk_band"], "high");
  }
  json medium = Ok(Get("/api/backtest/users?top=100000&min_risk=medium"));
  EXPECT_GE(medium["total"].get<std::size_t>(), high["total"].get<std::size_t>());
  for (const json& user : medium["users"]) {
    EXPECT_GE(user["probability"].get<double>(), artifacts_->bundle().threshold / 2);
    EXPECT_NE(user["risk_band"], "low");
  }
  json half = Ok(Get("/api/backtest/users?min_risk=0.5&top=100000"));
  for (const json& user : half["users"]) {
    EXPECT_GE(user["probability"].get<double>(), 0.5);
  }
  EXPECT_EQ(Ok(Get("/api/backtest/users?min_risk=1"))["users"].size(),
            0U + (list["users"][0]["probability"].get<double>() >= 1.0));
}

TEST_F(ApiTest, TheRiskListDownloadsAsCsv) {
  httplib::Result result = Get("/api/backtest/users?top=3&format=csv");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_THAT(result->get_header_value("Content-Type"), HasSubstr("text/csv"));
  EXPECT_THAT(result->get_header_value("Content-Disposition"), HasSubstr("churn_risk_top.csv"));
  std::vector<std::string> lines;
  std::stringstream text(result->body);
  for (std::string line; std::getline(text, line);) {
    lines.push_back(line);
  }
  ASSERT_EQ(lines.size(), 4U);
  EXPECT_EQ(lines[0], "user_id,snapshot,probability,risk_band,label");
  EXPECT_THAT(lines[1], ::testing::StartsWith(TopUserId() + ","));
}

TEST_F(ApiTest, BadRiskListParametersAre400) {
  EXPECT_THAT(Error(Get("/api/backtest/users?top=0"), 400), HasSubstr("'top'"));
  EXPECT_THAT(Error(Get("/api/backtest/users?top=lots"), 400), HasSubstr("'top'"));
  EXPECT_THAT(Error(Get("/api/backtest/users?min_risk=2"), 400), HasSubstr("'min_risk'"));
  EXPECT_THAT(Error(Get("/api/backtest/users?min_risk=urgent"), 400), HasSubstr("risk band"));
  EXPECT_THAT(Error(Get("/api/backtest/users?format=xml"), 400), HasSubstr("'format'"));
}

// Posting a stored user's features must give back their stored probability
// and SHAP values: the API scores with the very model that explained them.
TEST_F(ApiTest, PredictScoresPostedFeaturesAsTheStoreDid) {
  std::string id = TopUserId();
  json stored = Ok(Get("/api/users/" + id)).at("backtest");
  json features = stored["features"];
  features["user_id"] = "posted";
  json predicted = Ok(Post("/api/predict", features.dump()));
  EXPECT_EQ(predicted["user_id"], "posted");
  EXPECT_FALSE(predicted.contains("as_of")) << "posted values have no cutoff";
  EXPECT_FALSE(predicted.contains("snapshot"));
  EXPECT_NEAR(predicted["probability"].get<double>(), stored["probability"].get<double>(), 1e-5);
  EXPECT_EQ(predicted["risk_band"], stored["risk_band"]);
  EXPECT_EQ(predicted["label"], stored["label"]);
  for (const auto& [name, value] : stored["shap"].items()) {
    EXPECT_NEAR(predicted["shap"][name].get<double>(), value.get<double>(), 1e-5) << name;
  }
  EXPECT_EQ(predicted["reasons"].size(), 5U);
}

TEST_F(ApiTest, PredictTakesAList) {
  json list = Ok(Get("/api/backtest/users?top=100000"));
  std::size_t middle = list["users"].size() / 2;
  json first = FeaturesOf(list["users"][middle]["user_id"].get<std::string>());
  json second = first;
  second["days_since_last_visit"] = 0;
  json answer = Ok(Post("/api/predict?reasons=1", json::array({first, second}).dump()));
  ASSERT_EQ(answer["predictions"].size(), 2U);
  EXPECT_FALSE(answer["predictions"][0].contains("user_id")) << "none was sent";
  EXPECT_EQ(answer["predictions"][1]["reasons"].size(), 1U);
  EXPECT_NE(answer["predictions"][0]["probability"], answer["predictions"][1]["probability"]);
}

TEST_F(ApiTest, PredictNamesTheFieldThatIsWrong) {
  json features = FeaturesOf(TopUserId());
  json missing = features;
  missing.erase("clicks");
  EXPECT_THAT(Error(Post("/api/predict", missing.dump()), 400), HasSubstr("'clicks'"));
  json unknown = features;
  unknown["clickz"] = 1;
  EXPECT_THAT(Error(Post("/api/predict", unknown.dump()), 400),
              HasSubstr("unknown field 'clickz'"));
  json mistyped = features;
  mistyped["purchases"] = "two";
  EXPECT_THAT(Error(Post("/api/predict", mistyped.dump()), 400),
              HasSubstr("field 'purchases' must be a number"));
  json beyond_float = features;
  beyond_float["total_spend"] = 1e39;
  EXPECT_THAT(Error(Post("/api/predict", beyond_float.dump()), 400),
              HasSubstr("'total_spend' must be a finite number"));
  EXPECT_THAT(Error(Post("/api/predict", "{not json"), 400), HasSubstr("not valid JSON"));
  EXPECT_THAT(Error(Post("/api/predict", "[]"), 400), HasSubstr("empty"));
}

// `curl -d` sends form-encoded bodies; they are read as JSON all the same,
// beyond httplib's own 8 KiB limit for forms.
// What Python's json.dumps writes for float('nan'), and ids longer than
// 64 bits, as a client sends them.
TEST_F(ApiTest, PredictNamesANanFieldAndEchoesALongIntegerId) {
  json features = FeaturesOf(TopUserId());
  std::string body = json::array({features, features}).dump();
  std::string clicks = "\"clicks\":" + features["clicks"].dump();
  body.replace(body.rfind(clicks), clicks.size(), "\"clicks\":NaN");
  EXPECT_THAT(Error(Post("/api/predict", body), 400),
              HasSubstr("entry 1: field 'clicks' must be a finite number, got NaN"));
  std::string single = features.dump();
  single.insert(1, "\"user_id\":12345678901234567890123456789,");
  EXPECT_EQ(Ok(Post("/api/predict", single))["user_id"], "12345678901234567890123456789");
}

TEST_F(ApiTest, PredictReadsJsonWhateverTheContentType) {
  json features = FeaturesOf(TopUserId());
  json list = json::array();
  for (int copy = 0; copy < 20; ++copy) {
    list.push_back(features);
  }
  std::string body = list.dump();
  ASSERT_GT(body.size(), 8192U);
  httplib::Result result =
      server_->Client().Post("/api/predict", body, "application/x-www-form-urlencoded");
  EXPECT_EQ(Ok(result)["predictions"].size(), 20U);
}

TEST_F(ApiTest, MalformedBodiesAre400) {
  httplib::Client client = server_->Client();
  EXPECT_THAT(Error(client.Post("/api/predict", "", "application/json"), 400),
              HasSubstr("the request body is empty"));
  std::string raw = "POST /api/predict HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n";
  EXPECT_THAT(RawExchange(raw).text, ::testing::StartsWith("HTTP/1.1 400"));
}

// Bytes that are not UTF-8 in a path or a parameter are quoted back as
// U+FFFD, never turned into a 500 by the JSON writer.
TEST_F(ApiTest, InvalidUtf8InTheRequestIsQuotedNotFatal) {
  EXPECT_THAT(Error(Get("/api/users/%ff"), 404), HasSubstr("unknown user '\xEF\xBF\xBD'"));
  EXPECT_THAT(Error(Get("/api/backtest/users?format=%ff"), 400), HasSubstr("'format'"));
  EXPECT_EQ(Error(Get("/%ff"), 404).empty(), false);
}

// More clients connecting at once than there are worker threads: every
// connection is answered (httplib's backlog of 5 reset some of them).
TEST_F(ApiTest, ABurstOfNewConnectionsIsServedWhole) {
  constexpr int kClients = 96;
  std::vector<std::thread> clients;
  clients.reserve(kClients);
  std::atomic<int> answered = 0;
  for (int client_idx = 0; client_idx < kClients; ++client_idx) {
    clients.emplace_back([&answered] {
      httplib::Client client("127.0.0.1", server_->port());
      client.set_keep_alive(false);
      httplib::Result result = client.Get("/api/health");
      if (result && result->status == 200) {
        ++answered;
      }
    });
  }
  for (std::thread& client : clients) {
    client.join();
  }
  EXPECT_EQ(answered.load(), kClients);
}

TEST_F(ApiTest, BodiesOverTheLimitAre413) {
  std::string body(kTestRequestLimit + 1, ' ');
  EXPECT_THAT(Error(Post("/api/predict", body), 413), HasSubstr("too large"));
  // A chunked body announces no length; it is cut off at the limit all the same.
  std::size_t sent = 0;
  httplib::Result chunked = server_->Client().Post(
      "/api/predict",
      [&sent](std::size_t, httplib::DataSink& sink) {
        std::string piece(4096, ' ');
        sink.write(piece.data(), piece.size());
        sent += piece.size();
        if (sent > 2 * kTestRequestLimit) {
          sink.done();
        }
        return true;
      },
      "application/json");
  EXPECT_THAT(Error(chunked, 413), HasSubstr("too large"));
}

TEST_F(ApiTest, ServesTheDashboardAndNothingOutsideIt) {
  httplib::Result page = Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_THAT(page->get_header_value("Content-Type"), HasSubstr("text/html"));
  EXPECT_THAT(page->get_header_value("Content-Security-Policy"), HasSubstr("default-src 'self'"));
  httplib::Result chart_library = Get("/vendor/vega-lite.min.js");
  ASSERT_TRUE(chart_library);
  EXPECT_EQ(chart_library->status, 200);
  EXPECT_THAT(chart_library->get_header_value("Content-Type"), HasSubstr("javascript"));
  for (const char* path :
       {"/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/vendor/../../CMakeCache.txt",
        "/..%2f..%2fetc%2fpasswd", "/index.html%00.js", "/no-such-file.js"}) {
    EXPECT_THAT(Error(Get(path), 404), HasSubstr("no such")) << path;
  }
}

TEST_F(ApiTest, UnknownEndpointsAndMethodsAreJsonErrors) {
  EXPECT_THAT(Error(Get("/api/nothing"), 404), HasSubstr("no such endpoint"));
  EXPECT_THAT(Error(Post("/api/health", "{}"), 404), HasSubstr("no such endpoint"));
  httplib::Client client = server_->Client();
  EXPECT_THAT(Error(client.Delete("/api/users/1"), 405), HasSubstr("not allowed"));
  EXPECT_THAT(Error(client.Put("/api/predict", "{}", "application/json"), 405),
              HasSubstr("not allowed"));
}

TEST_F(ApiTest, ATokenGuardsTheApiButNotThePage) {
  RunningServer guarded(*artifacts_, *assets_, AccessPolicy("0123456789abcdef-token"));
  httplib::Client client = guarded.Client();
  EXPECT_THAT(Error(client.Get("/api/health"), 401), HasSubstr("Bearer"));
  EXPECT_EQ(client.Get("/api/health")->get_header_value("WWW-Authenticate"), "Bearer");
  EXPECT_THAT(Error(client.Get("/api/health", {{"Authorization", "Bearer wrong"}}), 401),
              HasSubstr("needs an access token"));
  EXPECT_THAT(Error(client.Post("/api/predict", "{}", "application/json"), 401),
              HasSubstr("needs an access token"));
  EXPECT_THAT(Error(client.Get("/api/no-such-endpoint"), 401), HasSubstr("needs an access token"))
      << "the token is checked before anything about the API is revealed";
  httplib::Result allowed =
      client.Get("/api/health", {{"Authorization", "Bearer 0123456789abcdef-token"}});
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->status, 200);
  EXPECT_EQ(client.Get("/")->status, 200) << "the page holds no data; it asks for the token";
}

// A client that sends half a request and stalls is cut off after the read
// timeout (1 s here), so it cannot hold a worker thread forever.
TEST_F(ApiTest, AStalledRequestTimesOut) {
  std::string partial = "GET /api/health HTTP/1.1\r\nHost: x\r\n";  // no blank line: unfinished
  RawAnswer answer = RawExchange(partial);
  EXPECT_TRUE(answer.text.empty() || answer.text.starts_with("HTTP/1.1 4"))
      << "the server answers an error or closes: " << answer.text;
  EXPECT_LT(answer.seconds, 4.5) << "closed by the server's timeout, not by this test's";
}

}  // namespace
}  // namespace churn::server
