#include "server/answer_compression.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "errors/error.h"

namespace churn::server {
namespace {

constexpr int kGzipWindowBits = 15 + 16;  // 16: a gzip header and trailer, not zlib's
constexpr int kMemoryLevel = 8;
constexpr int kLevel = 6;

std::string_view TrimmedToken(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
    text.remove_suffix(1);
  }
  return text;
}

bool SameCoding(std::string_view left, std::string_view right) {
  return std::equal(left.begin(), left.end(), right.begin(), right.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
}

// "gzip;q=0" refuses gzip; any other q (or none) accepts it.
bool RefusedByQuality(std::string_view parameters) {
  std::string_view quality = TrimmedToken(parameters);
  if (quality.size() < 2 || std::tolower(static_cast<unsigned char>(quality[0])) != 'q') {
    return false;
  }
  quality = TrimmedToken(quality.substr(1));
  if (quality.empty() || quality.front() != '=') {
    return false;
  }
  quality = TrimmedToken(quality.substr(1));
  return !quality.empty() && quality.find_first_not_of("0.") == std::string_view::npos;
}

}  // namespace

bool AcceptsGzip(std::string_view accept_encoding) {
  while (!accept_encoding.empty()) {
    std::size_t comma = accept_encoding.find(',');
    std::string_view item = accept_encoding.substr(0, comma);
    accept_encoding.remove_prefix(comma == std::string_view::npos ? accept_encoding.size()
                                                                  : comma + 1);
    std::size_t semicolon = item.find(';');
    std::string_view coding = TrimmedToken(item.substr(0, semicolon));
    if (SameCoding(coding, "gzip") || coding == "*") {
      return semicolon == std::string_view::npos || !RefusedByQuality(item.substr(semicolon + 1));
    }
  }
  return false;
}

std::string Gzip(std::string_view bytes) {
  z_stream stream{};
  if (deflateInit2(&stream, kLevel, Z_DEFLATED, kGzipWindowBits, kMemoryLevel,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    throw InternalError("zlib: cannot start a gzip stream");
  }
  std::unique_ptr<z_stream, int (*)(z_stream*)> ended(&stream, deflateEnd);
  std::string compressed(deflateBound(&stream, static_cast<uLong>(bytes.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(compressed.data());
  stream.avail_out = static_cast<uInt>(compressed.size());
  if (deflate(&stream, Z_FINISH) != Z_STREAM_END) {
    throw InternalError("zlib: cannot gzip an answer");
  }
  compressed.resize(stream.total_out);
  return compressed;
}

void CompressAnswer(const httplib::Request& request, httplib::Response& response) {
  if (response.body.empty() || response.has_header("Content-Encoding")) {
    return;
  }
  response.set_header("Vary", "Accept-Encoding");
  if (response.body.size() >= kMinCompressedBytes &&
      AcceptsGzip(request.get_header_value("Accept-Encoding"))) {
    response.body = Gzip(response.body);
    response.set_header("Content-Encoding", "gzip");
  }
  // A body of known length from a provider is sent as it is: httplib
  // compresses only the bodies it holds itself.
  auto body = std::make_shared<std::string>(std::move(response.body));
  response.body.clear();
  std::string type = response.get_header_value("Content-Type");
  response.headers.erase("Content-Type");  // set_content_provider sets it again
  response.set_content_provider(
      body->size(), type, [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        return sink.write(body->data() + offset, length);
      });
}

}  // namespace churn::server
