#pragma once
// shap_values.bin, in the models directory: for every user of the test
// snapshot (and scored_shap_values.bin for those `predict` scored from a
// file), the feature values,
// the calibrated probability and the exact SHAP values, sorted by user id.
// The dashboard and `predict --user-id` look one user up by binary search
// in the memory-mapped file: opening costs the same for ten users or ten
// million, and nothing is read that is not needed.
//
// Layout (little-endian): a header (magic, version, counts), the feature
// names, then fixed-width arrays (id offsets, cutoffs, probabilities in
// double, values and SHAP values in float with the base value last) and the
// id text.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dataset/feature_matrix.h"
#include "errors/error.h"

namespace churn::explain {

inline constexpr const char* kShapStoreFileName = "shap_values.bin";
// The users `predict --input` scored last, with their reasons.
inline constexpr const char* kScoredStoreFileName = "scored_shap_values.bin";

// One user, as the store holds them; views into the mapped file.
struct StoredUser {
  std::string_view user_id;
  std::string_view cutoff;        // YYYY-MM-DD, or empty
  double probability = 0;         // calibrated, as scored
  std::span<const float> values;  // one per feature, in column order
  std::span<const float> shap;    // one per feature, then the base value
};

// The rows in the order a store keeps its users: by user id, each id once
// (a user id that appears twice keeps its first row). Files that go with a
// store line by line (a scoring's customer_values.csv) follow it.
std::vector<std::size_t> ShapStoreOrder(std::span<const std::string> user_ids);

// Writes the store atomically. `shap` holds rows × (features + 1) values in
// the rows' order; users are put in ShapStoreOrder on the way.
// `model_digest` (ModelBundle::digest) ties the store to the model it
// explains, so a retrained model never shows another model's reasons.
void WriteShapStore(const std::filesystem::path& path, std::string_view model_digest,
                    const dataset::LabelledRows& rows, std::span<const double> probabilities,
                    std::span<const float> shap);

class ShapStore {
 public:
  // Maps the file; throws InputError when it is missing, truncated, of
  // another version, written for another model, or holds other features
  // than `features`, naming `remake`, the command that writes it again.
  // Every count and offset of the header is checked against the file's size
  // here, and each user's id offsets when At reads them (an InputError
  // naming the file), so a corrupted file is refused, never read outside.
  static ShapStore Open(const std::filesystem::path& path, std::string_view model_digest,
                        const std::vector<std::string>& features,
                        std::string_view remake = "churn-radar explain");
  // The store laid out in `bytes`, with Open's checks; the caller keeps the
  // bytes alive (and 8-byte aligned, as a mapping is). `name` stands for
  // the file in messages. Open reads its mapping through this; the fuzz
  // target (tests/fuzz/shap_store) reads its inputs.
  static ShapStore FromBytes(std::string_view bytes, std::string_view name,
                             std::string_view model_digest,
                             const std::vector<std::string>& features,
                             std::string_view remake = "churn-radar explain");
  ShapStore(ShapStore&&) noexcept;
  ShapStore& operator=(ShapStore&&) noexcept;
  ~ShapStore();

  std::size_t size() const;
  const std::vector<std::string>& features() const { return features_; }
  std::optional<std::size_t> Find(std::string_view user_id) const;
  // The user at `index` (below size()), in user id order; throws InputError
  // when the file's offsets of that user's id are corrupted.
  StoredUser At(std::size_t index) const;

 private:
  class Mapping;
  ShapStore() = default;

  // "<file>: corrupted SHAP store: <what> (run `<remake>` again)".
  InputError InputErrorOf(std::string_view what) const;

  std::unique_ptr<Mapping> mapping_;  // null for a store over FromBytes' bytes
  std::string name_;                  // the file, for messages
  std::string remake_;                // the command that writes it again
  std::vector<std::string> features_;
  std::uint64_t rows_ = 0;
  std::uint64_t ids_bytes_ = 0;                // the id text's length, to the file's end
  const std::uint64_t* id_offsets_ = nullptr;  // rows + 1, into ids_
  const char* cutoffs_ = nullptr;              // rows × kCutoffWidth
  const double* probabilities_ = nullptr;
  const float* values_ = nullptr;
  const float* shap_ = nullptr;
  const char* ids_ = nullptr;
};

}  // namespace churn::explain
