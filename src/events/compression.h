#pragma once
// Logs and outputs may be plain text, gzip or Zstandard, chosen by the file's
// extension (".gz", ".zst"), never by sniffing, so that what a user names is
// what they get.

#include <filesystem>
#include <string_view>

namespace churn::events {

enum class Compression { kNone, kGzip, kZstd };

Compression CompressionFromPath(const std::filesystem::path& path);

std::string_view CompressionName(Compression compression);

}  // namespace churn::events
