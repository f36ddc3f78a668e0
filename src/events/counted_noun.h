#pragma once
// A count with its noun in the right number, for every message that counts
// something: "1 bad row", "2 bad rows", never "1 bad rows" or "row(s)".
//
//   CountedNoun(1, "bad row")               // "1 bad row"
//   CountedNoun(3, "snapshot")              // "3 snapshots"
//   CountedNoun(2, "entry", "entries")      // "2 entries"

#include <cstdint>
#include <string>
#include <string_view>

namespace churn::events {

// `count` and `singular` for 1 (and -1), else `plural`, by default
// `singular` with an "s".
std::string CountedNoun(std::int64_t count, std::string_view singular,
                        std::string_view plural = {});

}  // namespace churn::events
