#include "config_file/yaml_section.h"

#include <fmt/format.h>

#include <cstdint>

#include "config_file/closest_key.h"
#include "errors/error.h"

namespace churn::config_file {
namespace {

template <typename T>
std::string_view TypeName() {
  if constexpr (std::is_same_v<T, bool>) {
    return "true or false";
  } else if constexpr (std::is_same_v<T, double>) {
    return "a number";
  } else if constexpr (std::is_same_v<T, std::string>) {
    return "a string";
  } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    return "a list of strings";
  } else if constexpr (std::is_unsigned_v<T>) {
    return "a non-negative integer";
  } else {
    return "an integer";
  }
}

std::string Location(const std::filesystem::path& file, const YAML::Mark& mark) {
  if (mark.is_null()) {
    return file.string() + ": ";
  }
  return fmt::format("{}:{}:{}: ", file.string(), mark.line + 1, mark.column + 1);
}

// Where messages about a key should point: at a scalar's value, or at the
// key itself for a section or a list (whose own mark is its first item).
YAML::Mark MarkFor(const YAML::Node& mapping, std::string_view key, const YAML::Node& value) {
  if (value.IsScalar()) {
    return value.Mark();
  }
  for (const auto& entry : mapping) {
    if (entry.first.Scalar() == key) {
      return entry.first.Mark();
    }
  }
  return value.Mark();
}

// A key as text. YAML allows a list or a mapping as a key (`? [a, b]`),
// which names no setting; refused here rather than by yaml-cpp's conversion.
std::string KeyText(const YAML::Node& key, const std::filesystem::path& file) {
  if (!key.IsScalar() && !key.IsNull()) {
    throw ConfigError(
        fmt::format("{}a key must be a name, not a list or a mapping", Location(file, key.Mark())));
  }
  return key.as<std::string>();
}

}  // namespace

// YAML::Node is a handle to a shared tree: copying one shares the node.
YamlSection::YamlSection(const YAML::Node& node, std::string name, std::filesystem::path file)
    : YamlSection(node, std::move(name), std::move(file), std::make_shared<KeyMarks>()) {}

YamlSection::YamlSection(const YAML::Node& node, std::string name, std::filesystem::path file,
                         std::shared_ptr<KeyMarks> marks)
    : node_(node), name_(std::move(name)), file_(std::move(file)), marks_(std::move(marks)) {
  if (node_.IsDefined() && !node_.IsNull() && !node_.IsMap()) {
    throw ConfigError(fmt::format("{}'{}' must be a mapping of keys to values",
                                  Location(file_, node_.Mark()), name_.empty() ? "(root)" : name_));
  }
  RejectDuplicateKeys();
}

// YAML leaves duplicate keys to the reader, and yaml-cpp keeps the first
// silently; a config with two `demo:` sections is a mistake worth naming.
void YamlSection::RejectDuplicateKeys() const {
  if (!node_.IsMap()) {
    return;
  }
  std::vector<std::string> seen;
  for (const auto& entry : node_) {
    std::string key = KeyText(entry.first, file_);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      throw ConfigError(fmt::format("{}key '{}' appears twice", Location(file_, entry.first.Mark()),
                                    KeyPath(key)));
    }
    seen.push_back(key);
  }
}

std::string YamlSection::LocateMessage(std::string_view message) const {
  const YAML::Mark* best = nullptr;
  std::size_t best_length = 0;
  for (const auto& [key_path, mark] : *marks_) {
    bool prefix =
        message.substr(0, key_path.size()) == key_path &&
        (message.size() == key_path.size() ||
         std::string_view(" :.").find(message[key_path.size()]) != std::string_view::npos);
    if (prefix && key_path.size() > best_length) {
      best = &mark;
      best_length = key_path.size();
    }
  }
  return best != nullptr ? Location(file_, *best) : file_.string() + ": ";
}

std::string YamlSection::KeyPath(std::string_view key) const {
  return name_.empty() ? std::string(key) : fmt::format("{}.{}", name_, key);
}

std::string YamlSection::Where(std::string_view key) const {
  const YAML::Node& mapping = node_;  // const: a lookup must not insert the key
  YAML::Node value = mapping.IsMap() ? mapping[std::string(key)] : YAML::Node();
  return Location(file_, value.IsDefined() ? value.Mark() : node_.Mark());
}

YAML::Node YamlSection::Get(std::string_view key) {
  known_keys_.emplace_back(key);
  const YAML::Node& mapping = node_;  // const: a lookup must not insert the key
  if (!mapping.IsMap()) {
    return YAML::Node();
  }
  // A missing key yields an "invalid" node that throws on most calls; an
  // empty node reads as absent everywhere.
  YAML::Node found = mapping[std::string(key)];
  if (!found.IsDefined()) {
    return YAML::Node();
  }
  marks_->emplace(KeyPath(key), MarkFor(mapping, key, found));
  return found;
}

template <typename T>
void YamlSection::Read(std::string_view key, T* value) {
  YAML::Node found = Get(key);
  if (!found.IsDefined() || found.IsNull()) {
    return;
  }
  try {
    *value = found.as<T>();
  } catch (const YAML::Exception&) {
    std::string shown = found.IsScalar() ? fmt::format("'{}'", found.Scalar()) : "a structure";
    throw ConfigError(
        fmt::format("{}{}: expected {}, got {}", Where(key), KeyPath(key), TypeName<T>(), shown));
  }
}

template void YamlSection::Read(std::string_view, bool*);
template void YamlSection::Read(std::string_view, int*);
template void YamlSection::Read(std::string_view, std::int64_t*);
template void YamlSection::Read(std::string_view, std::uint64_t*);
template void YamlSection::Read(std::string_view, double*);
template void YamlSection::Read(std::string_view, std::string*);
template void YamlSection::Read(std::string_view, std::vector<std::string>*);

YamlSection YamlSection::Section(std::string_view key) {
  return YamlSection(Get(key), KeyPath(key), file_, marks_);
}

void YamlSection::RejectUnknownKeys() const {
  if (!node_.IsMap()) {
    return;
  }
  for (const auto& entry : node_) {
    std::string key = KeyText(entry.first, file_);
    if (std::find(known_keys_.begin(), known_keys_.end(), key) != known_keys_.end()) {
      continue;
    }
    std::string message =
        fmt::format("{}unknown key '{}'", Location(file_, entry.first.Mark()), KeyPath(key));
    if (std::optional<std::string> closest = ClosestKey(key, known_keys_)) {
      message += fmt::format(" (did you mean '{}'?)", KeyPath(*closest));
    } else {
      message += fmt::format(" (valid keys{}: {})", name_.empty() ? "" : " of " + name_,
                             fmt::join(known_keys_, ", "));
    }
    throw ConfigError(message);
  }
}

}  // namespace churn::config_file
