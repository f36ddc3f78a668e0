#pragma once
// The server compresses its answers itself, with gzip. Debian's
// cpp-httplib is built with brotli and compresses every text answer at
// brotli's highest quality whenever a browser offers it, which on two cores
// took 0.74 s for the 1 MB chart library and seconds for a large CSV
// download; zlib's level 6 takes a few milliseconds per megabyte and gives
// a similar size. An answer of at least kMinCompressedBytes whose client
// accepts gzip is deflated once here and handed to httplib as a body of
// known length (a content provider), which httplib sends as it is. It must
// run inside the route's handler: httplib compresses a body it holds before
// its post-routing hook sees it.
//
//   handler(request, response);
//   CompressAnswer(request, response);  // AnswerGuarded does this for every route

#include <httplib.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace churn::server {

inline constexpr std::size_t kMinCompressedBytes = 1024;

// Once a route has answered: compresses the body when worthwhile and
// accepted, and sends it (compressed or not) past httplib's compression.
// Adds `Vary: Accept-Encoding`.
void CompressAnswer(const httplib::Request& request, httplib::Response& response);

// True when an Accept-Encoding header accepts gzip (not with q=0).
bool AcceptsGzip(std::string_view accept_encoding);

// The gzip stream (RFC 1952) of `bytes`. Throws InternalError when zlib fails.
std::string Gzip(std::string_view bytes);

}  // namespace churn::server
