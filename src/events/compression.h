#pragma once
// Logs and outputs may be plain text, gzip or Zstandard, chosen by the file's
// extension (".gz", ".zst"), never by sniffing, so that what a user names is
// what they get.

#include <array>
#include <filesystem>
#include <optional>
#include <string_view>

#include "config/enum_names.h"

namespace churn::events {

enum class Compression { kNone, kGzip, kZstd };

inline constexpr std::array<std::string_view, 3> kCompressionChoices = {
    "none", "gz", "zst"};  // names used in configs and on the command line

// The same names with their values: the config file's `demo.compression`.
inline constexpr config::EnumNames<Compression, 3> kCompressionChoiceNames = {{
    {"none", Compression::kNone},
    {"gz", Compression::kGzip},
    {"zst", Compression::kZstd},
}};

Compression CompressionFromPath(const std::filesystem::path& path);

std::string_view CompressionName(Compression compression);

// The Compression a config or the command line names: exactly one of
// kCompressionChoices ("none", "gz", "zst"); anything else gives nullopt.
std::optional<Compression> ParseCompressionChoice(std::string_view name);

// What a file name ends with to be written so: "", ".gz" or ".zst", the
// extensions CompressionFromPath reads back.
std::string_view CompressionExtension(Compression compression);

}  // namespace churn::events
