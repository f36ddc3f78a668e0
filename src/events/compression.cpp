#include "events/compression.h"

namespace churn::events {

Compression CompressionFromPath(const std::filesystem::path& path) {
  const std::filesystem::path extension = path.extension();
  if (extension == ".gz") {
    return Compression::kGzip;
  }
  if (extension == ".zst") {
    return Compression::kZstd;
  }
  return Compression::kNone;
}

std::string_view CompressionName(Compression compression) {
  switch (compression) {
    case Compression::kNone:
      return "plain";
    case Compression::kGzip:
      return "gzip";
    case Compression::kZstd:
      return "zstd";
  }
  return "unknown";
}

}  // namespace churn::events
