#include "config_file/config_docs.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "config/enum_names.h"
#include "config_file/app_config.h"
#include "config_file/setting_text.h"
#include "events/year_month.h"

namespace churn::config_file {
namespace {

// One declared setting, as text.
struct SettingLine {
  std::string key;
  std::string value;    // as YAML
  std::string allowed;  // range, choices or kind, for the docs
  std::string help;
  bool restricted = false;  // a range or choices, which the YAML comment shows too
};

// A section and what it holds; `commented` for a section of overrides.
struct SectionText {
  std::string key;  // dotted path: "train.xgboost"
  std::string help;
  bool commented = false;
  std::vector<SettingLine> settings;
  std::vector<SectionText> sections;
};

template <typename T>
std::string KindOf() {
  if constexpr (std::is_same_v<T, bool>) {
    return "true or false";
  } else if constexpr (std::is_same_v<T, std::string>) {
    return "text";
  } else if constexpr (std::is_same_v<T, events::YearMonth>) {
    return "a month, YYYY-MM";
  } else if constexpr (std::is_unsigned_v<T>) {
    return "an integer, 0 or more";
  } else {
    return "a number";
  }
}

// Collects the declared settings into SectionTexts.
class SectionCollector : public config::SettingVisitor {
 public:
  // Relative default paths are written under path_prefix.
  SectionCollector(SectionText& section, std::string path_prefix)
      : section_(section), path_prefix_(std::move(path_prefix)) {}

  template <typename T>
  void Value(std::string_view key, const T& value, std::string_view help) {
    Add(key, YamlText(value), KindOf<T>(), help);
  }
  template <typename T, typename R>
  void Value(std::string_view key, const T& value, config::Range<R> range, std::string_view help) {
    Add(key, YamlText(value), fmt::format("{} to {}", YamlText(range.low), YamlText(range.high)),
        help, true);
  }
  template <typename E, typename Names>
  void Choice(std::string_view key, const E& value, const Names& names, std::string_view help) {
    Add(key, std::string(config::NameOf(names, value)), config::NameList(names), help, true);
  }
  template <typename Names>
  void ChoiceList(std::string_view key, const std::vector<std::string>& values, const Names& names,
                  std::string_view help) {
    Add(key, YamlText(values), "a list of: " + config::NameList(names), help, true);
  }
  template <typename P>
  void Path(std::string_view key, const P& value, std::string_view help) {
    const std::filesystem::path& path = value;  // a string becomes a temporary path
    std::string text = path.empty() || path.is_absolute() ? path.generic_string()
                                                          : path_prefix_ + path.generic_string();
    Add(key, YamlText(text), "a path, relative to the config file's folder", help);
  }
  void Dates(std::string_view key, const std::vector<std::int64_t>& value, std::string_view help) {
    Add(key, YamlText(DateTexts(value)), "a list of dates, YYYY-MM-DD", help);
  }
  template <typename Visit>
  void Section(std::string_view key, std::string_view help, Visit&& visit) {
    Nest(key, help, false, std::forward<Visit>(visit));
  }
  template <typename Visit>
  void Overrides(std::string_view key, std::string_view help, Visit&& visit) {
    Nest(key, help, true, std::forward<Visit>(visit));
  }

 private:
  void Add(std::string_view key, std::string value, std::string allowed, std::string_view help,
           bool restricted = false) {
    section_.settings.push_back(
        {std::string(key), std::move(value), std::move(allowed), std::string(help), restricted});
  }
  template <typename Visit>
  void Nest(std::string_view key, std::string_view help, bool commented, Visit&& visit) {
    SectionText nested;
    nested.key = config::KeyPath(section_.key, key);
    nested.help = std::string(help);
    nested.commented = commented || section_.commented;
    SectionCollector collector(nested, path_prefix_);
    visit(collector);
    section_.sections.push_back(std::move(nested));
  }

  SectionText& section_;
  std::string path_prefix_;
};

SectionText DefaultSections(std::string path_prefix) {
  const AppConfig defaults;
  SectionText root;
  SectionCollector collector(root, std::move(path_prefix));
  AppConfig::VisitSettings(defaults, collector);
  return root;
}

std::string LastKey(const std::string& path) {
  return path.substr(path.rfind('.') + 1);
}

// "# text" lines under `indent`, wrapped at word boundaries.
std::string CommentLines(std::string_view indent, std::string_view text) {
  constexpr std::size_t kWidth = 100;
  std::string lines;
  std::string line;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = std::min(text.find(' ', start), text.size());
    std::string_view word = text.substr(start, end - start);
    if (!line.empty() && indent.size() + 2 + line.size() + 1 + word.size() > kWidth) {
      lines += fmt::format("{}# {}\n", indent, line);
      line.clear();
    }
    line += line.empty() ? "" : " ";
    line += word;
    start = end + 1;
  }
  return lines + fmt::format("{}# {}\n", indent, line);
}

// A nested section's lines, indented by depth; commented sections as
// comments, without their help lines.
void AppendYaml(const SectionText& section, int depth, std::string& out) {
  std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
  std::string mark = section.commented ? "# " : "";
  out += CommentLines(indent, section.help);
  out += fmt::format("{}{}{}:\n", indent, mark, LastKey(section.key));
  std::string inner = indent + mark + "  ";
  for (const SettingLine& setting : section.settings) {
    if (!section.commented) {
      out += CommentLines(inner, setting.restricted
                                     ? fmt::format("{} ({})", setting.help, setting.allowed)
                                     : setting.help);
    }
    out += fmt::format("{}{}: {}\n", inner, setting.key, setting.value);
  }
  for (const SectionText& nested : section.sections) {
    AppendYaml(nested, depth + 1, out);
  }
}

std::string MarkdownCell(std::string_view text) {
  std::string cell;
  for (char c : text) {
    cell += c == '|' ? std::string("\\|") : std::string(1, c);
  }
  return cell;
}

void AppendMarkdown(const SectionText& section, std::string& out) {
  out += fmt::format(
      "\n## `{}`\n\n{}{}\n", section.key, section.help,
      section.commented ? " Its defaults are the layout's columns (REES46 shown)." : "");
  if (!section.settings.empty()) {
    out += "\n| key | default | allowed | help |\n|---|---|---|---|\n";
    for (const SettingLine& setting : section.settings) {
      out += fmt::format("| `{}` | `{}` | {} | {} |\n", setting.key, MarkdownCell(setting.value),
                         MarkdownCell(setting.allowed), MarkdownCell(setting.help));
    }
  }
  for (const SectionText& nested : section.sections) {
    AppendMarkdown(nested, out);
  }
}

}  // namespace

std::string DefaultConfigYaml() {
  std::string out =
      "# churn-radar configuration: the built-in defaults, generated from the settings the code\n"
      "# declares (see docs/config.md); regenerate with\n"
      "#   CHURN_UPDATE_DOCS=1 build/dev/tests/config_file/config_file_test "
      "--gtest_filter='ConfigDocs*'\n"
      "#\n"
      "# Relative paths resolve against the folder of this file, so the tool gives the same\n"
      "# result from any working directory. Every key is checked: a misspelt key is an error\n"
      "# that names the closest valid one. Command-line options override the paths: --logs PATH\n"
      "# for logs.path, --out DIR for output (DIR/data, DIR/models).\n";
  for (const SectionText& section : DefaultSections("../").sections) {
    out += "\n";
    AppendYaml(section, 0, out);
  }
  return out;
}

std::string ConfigMarkdown() {
  std::string out =
      "# Configuration reference\n\n"
      "Generated from the settings the code declares (`VisitSettings` of each stage's config\n"
      "struct); do not edit. Regenerate with\n"
      "`CHURN_UPDATE_DOCS=1 build/dev/tests/config_file/config_file_test "
      "--gtest_filter='ConfigDocs*'`.\n\n"
      "`configs/config.yaml` holds these defaults. A key left out of a config file keeps its\n"
      "default; an unknown key is an error naming the closest valid one. Relative paths resolve\n"
      "against the config file's folder (without a config file: the working directory).\n";
  for (const SectionText& section : DefaultSections("").sections) {
    AppendMarkdown(section, out);
  }
  return out;
}

}  // namespace churn::config_file
