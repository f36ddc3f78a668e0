#pragma once
// The memory budget of the feature engine, `features.memory_limit` and
// `--memory-limit`: a size such as "256MB" or "4GB" (KB, MB, GB and TB are
// powers of 1000, KiB, MiB, GiB and TiB powers of 1024, as DuckDB reads
// them), or "auto", half of the machine's physical memory.
//
//   std::optional<std::int64_t> bytes = ParseByteSize("256MB");  // 256000000
//   std::int64_t limit = ResolveMemoryLimit("auto");              // e.g. 12 GB

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace churn::features {

inline constexpr std::string_view kAutoMemoryLimit = "auto";

// Bytes in "256MB", "1.5GiB" or "4096"; nullopt when the text is no size.
std::optional<std::int64_t> ParseByteSize(std::string_view text);

// The limit in bytes: a positive size, or half of physical memory for "auto"
// (in any case); nullopt for anything else.
std::optional<std::int64_t> ParseMemoryLimit(std::string_view setting);

// ParseMemoryLimit, or a ConfigError naming `setting_name`.
std::int64_t ResolveMemoryLimit(std::string_view setting,
                                std::string_view setting_name = "features.memory_limit");

std::int64_t PhysicalMemoryBytes();

// Peak resident memory of this process so far (getrusage).
std::int64_t PeakResidentBytes();

// "1.67 GB", "256 MB", "12 kB" (powers of 1000), for reports.
std::string FormatBytes(std::int64_t bytes);

}  // namespace churn::features
