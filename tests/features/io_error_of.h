#pragma once
// The message of the IoError an action throws, or "no IoError": for tests
// that check a spill file's error names the file and what was cut.

#include <string>

#include "errors/error.h"

namespace churn::features::testing {

template <typename Action>
std::string IoErrorOf(Action&& action) {
  try {
    action();
  } catch (const IoError& error) {
    return error.what();
  }
  return "no IoError";
}

}  // namespace churn::features::testing
