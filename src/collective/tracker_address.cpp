#include "collective/tracker_address.h"

#include <fmt/format.h>

#include <charconv>

#include "errors/error.h"

namespace churn::collective {

TrackerAddress TrackerAddress::Parse(std::string_view text) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    throw UsageError(fmt::format("the tracker's address '{}' is not host:port", text));
  }
  std::string_view port_text = text.substr(colon + 1);
  int port = 0;
  auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc() || end != port_text.data() + port_text.size() || port < 1 ||
      port > 65535) {
    throw UsageError(
        fmt::format("the tracker's address '{}' does not end in a port from 1 to 65535", text));
  }
  return {.host = std::string(text.substr(0, colon)), .port = port};
}

std::string TrackerAddress::ToString() const {
  return fmt::format("{}:{}", host, port);
}

}  // namespace churn::collective
