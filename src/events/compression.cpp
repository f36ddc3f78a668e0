#include "events/compression.h"

#include <cstddef>

namespace churn::events {
namespace {

// What each of kCompressionChoices names, in the same order.
constexpr std::array<Compression, kCompressionChoices.size()> kChoiceKinds = {
    Compression::kNone, Compression::kGzip, Compression::kZstd};

}  // namespace

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

std::optional<Compression> ParseCompressionChoice(std::string_view name) {
  for (std::size_t choice_idx = 0; choice_idx < kCompressionChoices.size(); ++choice_idx) {
    if (name == kCompressionChoices[choice_idx]) {
      return kChoiceKinds[choice_idx];
    }
  }
  return std::nullopt;
}

std::string_view CompressionExtension(Compression compression) {
  switch (compression) {
    case Compression::kNone:
      return "";
    case Compression::kGzip:
      return ".gz";
    case Compression::kZstd:
      return ".zst";
  }
  return "";
}

}  // namespace churn::events
