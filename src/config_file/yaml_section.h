#pragma once
// YamlSection reads one mapping of the config file into typed values and
// remembers which keys it was asked for, so that any other key is reported
// as unknown, with the closest valid key suggested:
//
//   configs/config.yaml:7:3: unknown key 'demo.usres' (did you mean 'demo.users'?)
//
//   YamlSection demo = root.Section("demo");
//   demo.Read("users", &config.demo.users);   // leaves the default when absent
//   demo.RejectUnknownKeys();

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace churn::config_file {

class YamlSection {
 public:
  // `node` must be a mapping or null (an absent section); `name` is its dotted
  // path ("train.xgboost"), empty for the document's root.
  YamlSection(const YAML::Node& node, std::string name, std::filesystem::path file);

  // Reads key into *value if present; throws ConfigError on a wrong type.
  // T is one of bool, int, std::int64_t, std::uint64_t, double, std::string,
  // std::vector<std::string>.
  template <typename T>
  void Read(std::string_view key, T* value);

  // The sub-mapping under key (an empty section if absent).
  YamlSection Section(std::string_view key);

  // Throws ConfigError for the first key that no Read or Section asked for.
  void RejectUnknownKeys() const;

  // "configs/config.yaml:7:3: " for the value under key, for messages.
  std::string Where(std::string_view key) const;
  // "demo.users" for key "users" of section "demo".
  std::string KeyPath(std::string_view key) const;

  // "configs/config.yaml:7:3: " for a message that starts with the dotted
  // path of a key read from this file or its sections (the form of the
  // stages' validation errors), else "configs/config.yaml: ".
  std::string LocateMessage(std::string_view message) const;

 private:
  using KeyMarks = std::map<std::string, YAML::Mark, std::less<>>;

  YamlSection(const YAML::Node& node, std::string name, std::filesystem::path file,
              std::shared_ptr<KeyMarks> marks);
  YAML::Node Get(std::string_view key);
  void RejectDuplicateKeys() const;

  YAML::Node node_;
  std::string name_;
  std::filesystem::path file_;
  std::vector<std::string> known_keys_;
  std::shared_ptr<KeyMarks> marks_;  // shared by a root and its sections
};

}  // namespace churn::config_file
