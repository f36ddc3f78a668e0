#include "explain/shap_store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <numeric>

#include "errors/error.h"
#include "events/atomic_file_writer.h"

namespace churn::explain {
namespace {

constexpr char kMagic[8] = {'C', 'H', 'R', 'N', 'S', 'H', 'A', 'P'};
constexpr std::uint32_t kVersion = 3;     // 3: probabilities in double, as scored
constexpr std::size_t kCutoffWidth = 10;  // YYYY-MM-DD
constexpr std::size_t kAlignment = 8;

struct Header {
  char magic[8];
  std::uint32_t version;
  std::uint32_t feature_count;
  std::uint64_t rows;
  std::uint64_t names_bytes;
  char model_digest[16];  // ModelBundle::digest of the model that was explained
};

std::size_t Padded(std::size_t bytes) {
  return (bytes + kAlignment - 1) / kAlignment * kAlignment;
}

// Where each array starts, from the counts alone: the writer and the reader
// share it, so they cannot disagree.
struct Sections {
  std::size_t names = sizeof(Header);
  std::size_t id_offsets = 0;
  std::size_t cutoffs = 0;
  std::size_t probabilities = 0;
  std::size_t values = 0;
  std::size_t shap = 0;
  std::size_t ids = 0;

  Sections(std::uint64_t rows, std::size_t features, std::size_t names_bytes) {
    id_offsets = Padded(names + names_bytes);
    cutoffs = id_offsets + (rows + 1) * sizeof(std::uint64_t);
    probabilities = Padded(cutoffs + rows * kCutoffWidth);
    values = Padded(probabilities + rows * sizeof(double));
    shap = Padded(values + rows * features * sizeof(float));
    ids = Padded(shap + rows * (features + 1) * sizeof(float));
  }
};

template <typename T>
std::string_view Bytes(std::span<const T> items) {
  return {reinterpret_cast<const char*>(items.data()), items.size_bytes()};
}

void PadTo(std::size_t offset, std::size_t* written, events::AtomicFileWriter& file) {
  file.Write(std::string(offset - *written, '\0'));
  *written = offset;
}

}  // namespace

std::vector<std::size_t> ShapStoreOrder(std::span<const std::string> user_ids) {
  std::vector<std::size_t> order(user_ids.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t left, std::size_t right) {
    return user_ids[left] < user_ids[right];
  });
  auto last = std::unique(order.begin(), order.end(), [&](std::size_t left, std::size_t right) {
    return user_ids[left] == user_ids[right];
  });
  order.erase(last, order.end());
  return order;
}

void WriteShapStore(const std::filesystem::path& path, std::string_view model_digest,
                    const dataset::LabelledRows& rows, std::span<const double> probabilities,
                    std::span<const float> shap) {
  std::size_t width = rows.features.cols() + 1;
  if (probabilities.size() != rows.size() || shap.size() != rows.size() * width) {
    throw InternalError("WriteShapStore: probabilities or SHAP values do not match the rows");
  }
  std::size_t features = rows.features.cols();
  std::vector<std::size_t> order = ShapStoreOrder(rows.user_ids);
  std::string names = fmt::format("{}", fmt::join(rows.features.names, "\n"));
  Header header{};
  std::memcpy(header.magic, kMagic, sizeof(kMagic));
  header.version = kVersion;
  std::memset(header.model_digest, 0, sizeof(header.model_digest));
  std::memcpy(header.model_digest, model_digest.data(),
              std::min(model_digest.size(), sizeof(header.model_digest)));
  header.feature_count = static_cast<std::uint32_t>(features);
  header.rows = order.size();
  header.names_bytes = names.size();
  Sections sections(order.size(), features, names.size());

  std::vector<std::uint64_t> id_offsets{0};
  std::string cutoffs;
  std::vector<double> stored_probabilities;
  std::vector<float> values;
  std::vector<float> contributions;
  std::string ids;
  for (std::size_t row : order) {
    ids += rows.user_ids[row];
    id_offsets.push_back(ids.size());
    std::string cutoff = rows.cutoffs[row].substr(0, kCutoffWidth);
    cutoff.resize(kCutoffWidth, '\0');
    cutoffs += cutoff;
    stored_probabilities.push_back(probabilities[row]);
    std::span<const float> row_values = rows.features.Row(row);
    values.insert(values.end(), row_values.begin(), row_values.end());
    auto first = shap.begin() + static_cast<long>(row * (features + 1));
    contributions.insert(contributions.end(), first, first + static_cast<long>(features + 1));
  }

  events::AtomicFileWriter file(path);
  std::size_t written = 0;
  file.Write({reinterpret_cast<const char*>(&header), sizeof(header)});
  file.Write(names);
  written = sizeof(header) + names.size();
  PadTo(sections.id_offsets, &written, file);
  file.Write(Bytes(std::span<const std::uint64_t>(id_offsets)));
  file.Write(cutoffs);
  written = sections.cutoffs + cutoffs.size();
  PadTo(sections.probabilities, &written, file);
  file.Write(Bytes(std::span<const double>(stored_probabilities)));
  written += stored_probabilities.size() * sizeof(double);
  for (auto [offset, array] :
       {std::pair{sections.values, &values}, std::pair{sections.shap, &contributions}}) {
    PadTo(offset, &written, file);
    file.Write(Bytes(std::span<const float>(*array)));
    written += array->size() * sizeof(float);
  }
  PadTo(sections.ids, &written, file);
  file.Write(ids);
  file.Commit();
}

// The file, mapped read-only for as long as the store lives.
class ShapStore::Mapping {
 public:
  Mapping(const std::filesystem::path& path, std::string_view remake) {
    int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) {
      throw InputError(fmt::format("{}: cannot open it ({}); run `{}` first", path.string(),
                                   std::strerror(errno), remake));
    }
    struct stat status {};
    if (::fstat(descriptor, &status) == 0 && status.st_size > 0) {
      size_ = static_cast<std::size_t>(status.st_size);
      void* address = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, descriptor, 0);
      data_ = address == MAP_FAILED ? nullptr : static_cast<const char*>(address);
    }
    ::close(descriptor);
    if (data_ == nullptr) {
      throw InputError(fmt::format("{}: cannot map it (empty or unreadable)", path.string()));
    }
  }
  ~Mapping() { ::munmap(const_cast<char*>(data_), size_); }
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;

  const char* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

ShapStore::ShapStore(ShapStore&&) noexcept = default;
ShapStore& ShapStore::operator=(ShapStore&&) noexcept = default;
ShapStore::~ShapStore() = default;

ShapStore ShapStore::Open(const std::filesystem::path& path, std::string_view model_digest,
                          const std::vector<std::string>& features, std::string_view remake) {
  auto mapping = std::make_unique<Mapping>(path, remake);
  ShapStore store = FromBytes(std::string_view(mapping->data(), mapping->size()), path.string(),
                              model_digest, features, remake);
  store.mapping_ = std::move(mapping);
  return store;
}

namespace {

// "<file>: corrupted SHAP store: <what> (run `<remake>` again)".
InputError CorruptedStore(std::string_view name, std::string_view remake, std::string_view what) {
  return InputError(
      fmt::format("{}: corrupted SHAP store: {} (run `{}` again)", name, what, remake));
}

// The header of a store, checked against the file's size and the model in
// use: its version, feature names, model and a user count the file can hold.
Header CheckedHeader(std::string_view bytes, std::string_view name, std::string_view model_digest,
                     const std::vector<std::string>& features, std::string_view remake) {
  const std::size_t size = bytes.size();
  Header header{};
  if (size < sizeof(header) || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) {
    throw InputError(fmt::format("{}: not a SHAP store", name));
  }
  std::memcpy(&header, bytes.data(), sizeof(header));
  if (header.version != kVersion) {
    throw InputError(
        fmt::format("{}: a SHAP store of another version (run `{}` again)", name, remake));
  }
  if (header.names_bytes > size - sizeof(header)) {
    throw CorruptedStore(
        name, remake,
        fmt::format("its feature names run past its end ({} bytes of names)", header.names_bytes));
  }
  std::string_view digest(header.model_digest, sizeof(header.model_digest));
  if (digest.substr(0, digest.find('\0')) != model_digest.substr(0, sizeof(header.model_digest))) {
    throw InputError(fmt::format(
        "{}: written for another model than the one in use (run `{}` again)", name, remake));
  }
  std::string_view names(bytes.data() + sizeof(header), header.names_bytes);
  if (header.feature_count != features.size() ||
      names != fmt::format("{}", fmt::join(features, "\n"))) {
    throw InputError(
        fmt::format("{}: holds other features than the model's (run `{}` again)", name, remake));
  }
  // Each user takes at least its id offset, cutoff, probability, values and
  // SHAP values: a count beyond what the file can hold is refused before any
  // section's offset is computed from it, so none can overflow.
  const std::size_t bytes_per_user = sizeof(std::uint64_t) + kCutoffWidth + sizeof(double) +
                                     (2 * features.size() + 1) * sizeof(float);
  if (header.rows > (size - sizeof(header)) / bytes_per_user) {
    throw CorruptedStore(
        name, remake,
        fmt::format("it counts {} users, more than its {} bytes can hold", header.rows, size));
  }
  return header;
}

}  // namespace

ShapStore ShapStore::FromBytes(std::string_view bytes, std::string_view name,
                               std::string_view model_digest,
                               const std::vector<std::string>& features, std::string_view remake) {
  if (reinterpret_cast<std::uintptr_t>(bytes.data()) % alignof(std::uint64_t) != 0) {
    throw InternalError(fmt::format("{}: SHAP store bytes are not 8-byte aligned", name));
  }
  ShapStore store;
  store.name_ = name;
  store.remake_ = remake;
  const Header header = CheckedHeader(bytes, name, model_digest, features, remake);
  const char* data = bytes.data();
  const std::size_t size = bytes.size();
  Sections sections(header.rows, features.size(), header.names_bytes);
  if (sections.ids > size) {
    throw InputError(fmt::format("{}: the file is truncated (run `{}` again)", name, remake));
  }
  const auto* id_offsets = reinterpret_cast<const std::uint64_t*>(data + sections.id_offsets);
  const std::uint64_t ids_bytes = size - sections.ids;
  if (id_offsets[header.rows] > ids_bytes) {
    throw InputError(fmt::format("{}: the file is truncated (run `{}` again)", name, remake));
  }
  if (id_offsets[0] != 0 || id_offsets[header.rows] != ids_bytes) {
    throw store.InputErrorOf(fmt::format("its user ids take bytes {} to {} of the {} at its end",
                                         id_offsets[0], id_offsets[header.rows], ids_bytes));
  }
  store.features_ = features;
  store.rows_ = header.rows;
  store.ids_bytes_ = ids_bytes;
  store.id_offsets_ = id_offsets;
  store.cutoffs_ = data + sections.cutoffs;
  store.probabilities_ = reinterpret_cast<const double*>(data + sections.probabilities);
  store.values_ = reinterpret_cast<const float*>(data + sections.values);
  store.shap_ = reinterpret_cast<const float*>(data + sections.shap);
  store.ids_ = data + sections.ids;
  return store;
}

InputError ShapStore::InputErrorOf(std::string_view what) const {
  return CorruptedStore(name_, remake_, what);
}

std::size_t ShapStore::size() const {
  return rows_;
}

StoredUser ShapStore::At(std::size_t index) const {
  if (index >= rows_) {
    throw InternalError(
        fmt::format("{}: user {} asked of a SHAP store of {}", name_, index, rows_));
  }
  // Open checked the first and the last offset; those between are checked as
  // they are read, so opening stays as cheap for ten million users as for ten.
  const std::uint64_t id_begin = id_offsets_[index];
  const std::uint64_t id_end = id_offsets_[index + 1];
  if (id_begin > id_end || id_end > ids_bytes_) {
    throw InputErrorOf(fmt::format("user {}'s id runs from byte {} to {} of {}", index, id_begin,
                                   id_end, ids_bytes_));
  }
  std::size_t width = features_.size();
  std::string_view cutoff(cutoffs_ + index * kCutoffWidth, kCutoffWidth);
  return {.user_id = std::string_view(ids_ + id_begin, id_end - id_begin),
          .cutoff = cutoff.substr(0, cutoff.find('\0')),
          .probability = probabilities_[index],
          .values = {values_ + index * width, width},
          .shap = {shap_ + index * (width + 1), width + 1}};
}

std::optional<std::size_t> ShapStore::Find(std::string_view user_id) const {
  std::size_t low = 0;
  std::size_t high = rows_;
  while (low < high) {
    std::size_t middle = low + (high - low) / 2;
    if (At(middle).user_id < user_id) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  if (low < rows_ && At(low).user_id == user_id) {
    return low;
  }
  return std::nullopt;
}

}  // namespace churn::explain
