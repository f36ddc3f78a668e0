#include "explain/shap_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <memory>

#include "errors/error.h"
#include "testing/temp_dir.h"

namespace churn::explain {
namespace {

dataset::LabelledRows Rows() {
  dataset::LabelledRows rows;
  rows.features.names = {"clicks", "days_since_last_visit"};
  rows.features.values = {5, 2, 7, 30, 1, 9, 8, 8};
  rows.user_ids = {"42", "1000", "7", "42"};
  rows.cutoffs = {"2020-01-01", "2020-01-01", "", "2020-01-01"};
  rows.churned = {0, 1, 0, 1};
  return rows;
}

constexpr std::string_view kDigest = "9e51c4d4b70ef809";
const std::vector<double> kProbabilities = {0.25, 0.75, 0.5, 0.9};
const std::vector<float> kShap = {0.1F, -0.2F, -1, 0.3F, 0.4F, -1, 0.5F, 0.6F, -1, 9, 9, 9};

TEST(ShapStoreTest, FindsEveryUserWithTheirValuesAndShap) {
  churn::testing::TempDir folder;
  WriteShapStore(folder / kShapStoreFileName, kDigest, Rows(), kProbabilities, kShap);
  ShapStore store = ShapStore::Open(folder / kShapStoreFileName, kDigest, Rows().features.names);
  ASSERT_EQ(store.size(), 3U) << "user 42 twice: the first row is kept";
  std::optional<std::size_t> index = store.Find("42");
  ASSERT_TRUE(index.has_value());
  StoredUser user = store.At(*index);
  EXPECT_EQ(user.user_id, "42");
  EXPECT_EQ(user.cutoff, "2020-01-01");
  EXPECT_EQ(user.probability, 0.25F);
  EXPECT_THAT(user.values, ::testing::ElementsAre(5, 2));
  EXPECT_THAT(user.shap, ::testing::ElementsAre(0.1F, -0.2F, -1));
  StoredUser seven = store.At(*store.Find("7"));
  EXPECT_EQ(seven.cutoff, "");
  EXPECT_THAT(seven.shap, ::testing::ElementsAre(0.5F, 0.6F, -1));
  EXPECT_FALSE(store.Find("8").has_value());
  EXPECT_FALSE(store.Find("").has_value());
  EXPECT_EQ(store.At(0).user_id, "1000") << "sorted by id as text";
}

TEST(ShapStoreTest, OtherFeaturesOrATruncatedFileAreClearErrors) {
  churn::testing::TempDir folder;
  std::filesystem::path path = folder / kShapStoreFileName;
  WriteShapStore(path, kDigest, Rows(), kProbabilities, kShap);
  EXPECT_THROW(ShapStore::Open(path, kDigest, {"clicks"}), InputError);
  EXPECT_THROW(ShapStore::Open(path, "0123456789abcdef", Rows().features.names), InputError)
      << "written for another model";
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 1);
  EXPECT_THROW(ShapStore::Open(path, kDigest, Rows().features.names), InputError);
  EXPECT_THROW(ShapStore::Open(folder / "missing.bin", kDigest, Rows().features.names), InputError);
}

// Where the writer puts the fields a corrupted file changes: the header's
// counts, and the id offsets after the 28 bytes of "clicks\ndays_since_last_visit"
// padded to 8 (three users, ids "1000", "42" and "7" in that order).
constexpr std::streamoff kFeatureCountAt = 12;
constexpr std::streamoff kRowsAt = 16;
constexpr std::streamoff kNamesBytesAt = 24;
constexpr std::streamoff kIdOffsetsAt = 80;
constexpr std::streamoff kIdOffsetBytes = 8;

// A store of Rows() with `bytes` written over its own at `offset`.
std::filesystem::path CorruptedStore(const churn::testing::TempDir& folder, std::streamoff offset,
                                     std::uint64_t value,
                                     std::size_t bytes = sizeof(std::uint64_t)) {
  std::filesystem::path path = folder / kShapStoreFileName;
  WriteShapStore(path, kDigest, Rows(), kProbabilities, kShap);
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(offset);
  file.write(reinterpret_cast<const char*>(&value), static_cast<std::streamsize>(bytes));
  return path;
}

// Opening `path` fails with an InputError that names it and says `what`.
void ExpectRefused(const std::filesystem::path& path, std::string_view what) {
  EXPECT_THAT([&] { ShapStore::Open(path, kDigest, Rows().features.names); },
              ::testing::ThrowsMessage<InputError>(::testing::AllOf(
                  ::testing::StartsWith(path.string() + ": "), ::testing::HasSubstr(what),
                  ::testing::HasSubstr("run `churn-radar explain` again"))));
}

TEST(ShapStoreTest, TheWrittenLayoutIsWhereTheCorruptionTestsWriteIntoIt) {
  churn::testing::TempDir folder;
  // Rewriting the three users' count and the first id offset with their own
  // values leaves a store that opens: the offsets below are the writer's.
  ShapStore::Open(CorruptedStore(folder, kRowsAt, 3), kDigest, Rows().features.names);
  ShapStore::Open(CorruptedStore(folder, kFeatureCountAt, 2, sizeof(std::uint32_t)), kDigest,
                  Rows().features.names);
  ShapStore store = ShapStore::Open(CorruptedStore(folder, kIdOffsetsAt + kIdOffsetBytes, 4),
                                    kDigest, Rows().features.names);
  EXPECT_EQ(store.At(0).user_id, "1000");
  EXPECT_EQ(store.At(1).user_id, "42");
}

TEST(ShapStoreTest, AUserCountBeyondTheFileIsRefusedBeforeAnyOffsetIsComputed) {
  churn::testing::TempDir folder;
  ExpectRefused(CorruptedStore(folder, kRowsAt, std::uint64_t{1} << 62U),
                "corrupted SHAP store: it counts 4611686018427387904 users, more than its");
  ExpectRefused(CorruptedStore(folder, kRowsAt, std::numeric_limits<std::uint64_t>::max()),
                "corrupted SHAP store: it counts 18446744073709551615 users");
  // One user more than written still fits the file's size, but not its sections.
  ExpectRefused(CorruptedStore(folder, kRowsAt, 4), "truncated");
}

TEST(ShapStoreTest, FeatureNamesPastTheEndOrAnotherFeatureCountAreRefused) {
  churn::testing::TempDir folder;
  ExpectRefused(CorruptedStore(folder, kNamesBytesAt, std::numeric_limits<std::uint64_t>::max()),
                "corrupted SHAP store: its feature names run past its end");
  ExpectRefused(CorruptedStore(folder, kNamesBytesAt, 1U << 20U),
                "its feature names run past its end (1048576 bytes of names)");
  ExpectRefused(CorruptedStore(folder, kFeatureCountAt, 3, sizeof(std::uint32_t)),
                "holds other features than the model's");
}

TEST(ShapStoreTest, IdOffsetsOutsideTheIdTextAreRefusedWhenOpenedOrRead) {
  churn::testing::TempDir folder;
  ExpectRefused(CorruptedStore(folder, kIdOffsetsAt, 2),
                "corrupted SHAP store: its user ids take bytes 2 to 7 of the 7 at its end");
  ExpectRefused(CorruptedStore(folder, kIdOffsetsAt + 3 * kIdOffsetBytes, 6),
                "corrupted SHAP store: its user ids take bytes 0 to 6 of the 7 at its end");
  ExpectRefused(CorruptedStore(folder, kIdOffsetsAt + 3 * kIdOffsetBytes, 1U << 30U), "truncated");

  // An offset between the first and the last is read only with its user:
  // opening stays cheap, and reading that user (or searching past it) fails.
  std::filesystem::path path =
      CorruptedStore(folder, kIdOffsetsAt + kIdOffsetBytes, std::uint64_t{1} << 40U);
  ShapStore store = ShapStore::Open(path, kDigest, Rows().features.names);
  EXPECT_THAT([&] { store.At(0); },
              ::testing::ThrowsMessage<InputError>(::testing::AllOf(
                  ::testing::StartsWith(path.string() + ": corrupted SHAP store: "),
                  ::testing::HasSubstr("user 0's id runs from byte 0 to 1099511627776 of 7"))));
  EXPECT_THROW(store.At(1), InputError) << "its id starts where user 0's ends";
  EXPECT_EQ(store.At(2).user_id, "7");
  EXPECT_THROW(store.Find("1000"), InputError);
}

TEST(ShapStoreTest, AFileShorterThanItsHeaderIsNotAStore) {
  churn::testing::TempDir folder;
  std::filesystem::path path = folder / kShapStoreFileName;
  WriteShapStore(path, kDigest, Rows(), kProbabilities, kShap);
  std::filesystem::resize_file(path, kRowsAt);
  EXPECT_THAT([&] { ShapStore::Open(path, kDigest, Rows().features.names); },
              ::testing::ThrowsMessage<InputError>(path.string() + ": not a SHAP store"));
}

TEST(ShapStoreTest, BytesInMemoryReadAsTheFileAndMustBeAligned) {
  churn::testing::TempDir folder;
  std::filesystem::path path = folder / kShapStoreFileName;
  WriteShapStore(path, kDigest, Rows(), kProbabilities, kShap);
  const std::size_t size = std::filesystem::file_size(path);
  // One byte more than the file, so that the copy can also start misaligned.
  auto words = std::make_unique<std::uint64_t[]>(size / sizeof(std::uint64_t) + 2);
  char* aligned = reinterpret_cast<char*>(words.get());
  std::ifstream(path, std::ios::binary).read(aligned, static_cast<std::streamsize>(size));
  ShapStore store = ShapStore::FromBytes({aligned, size}, "memory", kDigest, Rows().features.names);
  EXPECT_EQ(store.At(*store.Find("7")).probability, 0.5);
  EXPECT_THAT([&] { store.At(3); },
              ::testing::ThrowsMessage<InternalError>("memory: user 3 asked of a SHAP store of 3"));

  std::memmove(aligned + 1, aligned, size);
  EXPECT_THROW(ShapStore::FromBytes({aligned + 1, size}, "memory", kDigest, Rows().features.names),
               InternalError);
}

}  // namespace
}  // namespace churn::explain
