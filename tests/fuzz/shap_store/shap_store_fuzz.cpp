// libFuzzer target: a SHAP store file (shap_values.bin), read by
// explain::ShapStore as the server and `predict --user-id` read it, for a
// model of the two features the seeds were written with. A file is either
// refused with an InputError that names it, or every user in it can be read
// and found; any other exception or a read outside the input is a finding.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "errors/error.h"
#include "explain/shap_store.h"

namespace {

// The seeds' model (tests/fuzz/shap_store/make_shap_seeds.cpp writes them).
constexpr std::string_view kDigest = "9e51c4d4b70ef809";
constexpr std::string_view kName = "fuzz/shap_values.bin";
// Users read from one input at most: a large count only slows the fuzzer down.
constexpr std::size_t kMaxUsers = 256;

const std::vector<std::string>& Features() {
  static const std::vector<std::string> kFeatures = {"clicks", "days_since_last_visit"};
  return kFeatures;
}

// Reads every byte a user's views cover, so that AddressSanitizer sees any
// view that reaches outside the input.
std::size_t TouchUser(const churn::explain::StoredUser& user) {
  std::size_t touched = user.user_id.size() + user.cutoff.size();
  for (char byte : user.user_id) {
    touched += static_cast<unsigned char>(byte);
  }
  for (char byte : user.cutoff) {
    touched += static_cast<unsigned char>(byte);
  }
  for (float value : user.values) {
    touched += value > 0 ? 1 : 0;
  }
  for (float value : user.shap) {
    touched += value > 0 ? 1 : 0;
  }
  return touched;
}

void ReadEveryUser(const churn::explain::ShapStore& store) {
  std::size_t touched = 0;
  for (std::size_t user_idx = 0; user_idx < store.size() && user_idx < kMaxUsers; ++user_idx) {
    churn::explain::StoredUser user = store.At(user_idx);
    if (user.values.size() != Features().size() || user.shap.size() != Features().size() + 1 ||
        user.cutoff.size() > std::string_view("YYYY-MM-DD").size()) {
      std::abort();
    }
    touched += TouchUser(user);
    // A corrupted file may be out of order, so Find may miss; it must not crash.
    store.Find(user.user_id);
  }
  store.Find("42");
  if (touched == static_cast<std::size_t>(-1)) {
    std::abort();  // keeps the reads from being optimised away
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Exactly the input's bytes on the heap (8-byte aligned, as a mapping is):
  // a read past their end is reported.
  std::unique_ptr<char[]> bytes = std::make_unique<char[]>(size);
  if (size > 0) {
    std::memcpy(bytes.get(), data, size);
  }
  try {
    ReadEveryUser(churn::explain::ShapStore::FromBytes(std::string_view(bytes.get(), size), kName,
                                                       kDigest, Features()));
  } catch (const churn::InputError& error) {
    if (!std::string_view(error.what()).starts_with(kName)) {
      std::abort();
    }
  }
  return 0;
}
