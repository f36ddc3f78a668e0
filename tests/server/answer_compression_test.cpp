#include "server/answer_compression.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

namespace churn::server {
namespace {

// The bytes a gzip stream holds, through zlib's own inflater.
std::string Gunzip(const std::string& compressed) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

// What the response's provider sends.
std::string Sent(httplib::Response& response) {
  std::string sent;
  httplib::DataSink sink;
  sink.write = [&](const char* data, std::size_t size) {
    sent.append(data, size);
    return true;
  };
  EXPECT_TRUE(response.content_provider_(0, response.content_length_, sink));
  return sent;
}

TEST(AnswerCompressionTest, GzipIsAcceptedUnlessRefused) {
  EXPECT_TRUE(AcceptsGzip("gzip, deflate, br"));
  EXPECT_TRUE(AcceptsGzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_FALSE(AcceptsGzip("br"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0, br"));
  EXPECT_FALSE(AcceptsGzip("gzip; q=0.0"));
  EXPECT_FALSE(AcceptsGzip("x-gzip2"));
}

TEST(AnswerCompressionTest, GzipRoundTrips) {
  std::string text;
  for (int line = 0; line < 1000; ++line) {
    text += "user_" + std::to_string(line) + ",0.5,high\n";
  }
  std::string compressed = Gzip(text);
  EXPECT_LT(compressed.size(), text.size() / 3);
  EXPECT_EQ(Gunzip(compressed), text);
}

TEST(AnswerCompressionTest, ALargeAnswerGoesOutGzippedPastHttplibsOwnCompression) {
  httplib::Request request;
  request.set_header("Accept-Encoding", "gzip, deflate, br");
  httplib::Response response;
  std::string body(5000, 'x');
  response.set_content(body, "application/json");
  CompressAnswer(request, response);
  EXPECT_TRUE(response.body.empty()) << "httplib compresses only a body it holds";
  EXPECT_EQ(response.get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(response.get_header_value("Vary"), "Accept-Encoding");
  EXPECT_EQ(response.get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(response.get_header_value_count("Content-Type"), 1U);
  EXPECT_EQ(Gunzip(Sent(response)), body);
}

TEST(AnswerCompressionTest, SmallOrUnacceptedAnswersGoOutAsTheyAre) {
  httplib::Request gzip_client;
  gzip_client.set_header("Accept-Encoding", "gzip");
  httplib::Response small;
  small.set_content("{}", "application/json");
  CompressAnswer(gzip_client, small);
  EXPECT_FALSE(small.has_header("Content-Encoding"));
  EXPECT_EQ(Sent(small), "{}");
  httplib::Request brotli_client;
  brotli_client.set_header("Accept-Encoding", "br");
  httplib::Response large;
  large.set_content(std::string(5000, 'y'), "text/csv; charset=utf-8");
  CompressAnswer(brotli_client, large);
  EXPECT_FALSE(large.has_header("Content-Encoding")) << "never brotli";
  EXPECT_EQ(Sent(large), std::string(5000, 'y'));
}

}  // namespace
}  // namespace churn::server
