#pragma once
// The row parser's fuzz check, shared by the targets of both layouts: each
// line of the input is parsed three ways, which must agree exactly (the
// event or the problem):
//   - Parse, on a parser that has read every line before it (the one-pass
//     reader where the layout has one, and the cached date of the line before);
//   - ParseBySplitting, on a second such parser;
//   - ParseBySplitting on a fresh parser, with no cached date.
// Each line is copied into a buffer of exactly its size, so that AddressSanitizer
// reports any read past a line's end (the scans load 8 and 16 bytes at a time).
// An accepted event has a user and a non-negative price; a rejected row says
// what was expected.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "features/column_mapping.h"

namespace churn::fuzz {

void CheckRowParser(std::string_view header, const features::ColumnMapping& mapping,
                    const std::uint8_t* data, std::size_t size);

}  // namespace churn::fuzz
