#pragma once
// Settings declared once. Each stage's config struct names its settings in
// one static member template, VisitSettings, and its member initialisers are
// the defaults; visitors then read the YAML file, check ranges, write the
// provenance JSON and generate configs/config.yaml and docs/config.md from
// that one declaration (LightGBM's config.h and parameter generator, as a
// C++ visitor):
//
//   struct DemoConfig {
//     int months = 4;
//     events::YearMonth start{2019, 10};
//     template <class Self, class Visitor>
//     static void VisitSettings(Self& self, Visitor& visitor) {
//       visitor.Value("months", self.months, config::Range{1, 36}, "monthly files to write");
//       visitor.Value("start", self.start, "first month");
//     }
//   };
//
// Self is the struct or its const form, so one declaration serves readers
// and writers. A visitor offers these members (config::SettingVisitor has
// them all as no-ops, to derive from):
//
//   Value(key, member, help)            any type config_file/ can read:
//                                       bool, integers, double, string,
//                                       string list, events::YearMonth
//   Value(key, member, Range{lo, hi}, help)   a number in [lo, hi]
//   Choice(key, member, names, help)    an enum, by its config::EnumNames
//   ChoiceList(key, member, names, help)  a list of strings, each one of
//                                       names, none twice, at least one
//   Path(key, member, help)             a path, relative to the config file
//   Dates(key, member, help)            UTC midnights, written YYYY-MM-DD
//   Section(key, help, visit)           a nested mapping: visit(visitor)
//                                       visits its settings
//   Overrides(key, help, visit)         a nested mapping whose defaults come
//                                       from another setting (the shipped
//                                       file shows it commented out)
//   AfterRead(apply)                    for readers only: apply() once the
//                                       settings before it are read

#include <string>
#include <string_view>

namespace churn::config {

// An inclusive range of a numeric setting.
template <typename T>
struct Range {
  T low;
  T high;
};
template <typename T>
Range(T, T) -> Range<T>;

// Every visitor member as a no-op: a visitor derives from it and hides
// (with `using SettingVisitor::Value;` where it keeps other overloads) only
// what it handles.
struct SettingVisitor {
  template <typename T>
  void Value(std::string_view /*key*/, T& /*value*/, std::string_view /*help*/) {}
  template <typename T, typename R>
  void Value(std::string_view /*key*/, T& /*value*/, Range<R> /*range*/,
             std::string_view /*help*/) {}
  template <typename E, typename Names>
  void Choice(std::string_view /*key*/, E& /*value*/, const Names& /*names*/,
              std::string_view /*help*/) {}
  template <typename L, typename Names>
  void ChoiceList(std::string_view /*key*/, L& /*value*/, const Names& /*names*/,
                  std::string_view /*help*/) {}
  template <typename P>
  void Path(std::string_view /*key*/, P& /*value*/, std::string_view /*help*/) {}
  template <typename D>
  void Dates(std::string_view /*key*/, D& /*value*/, std::string_view /*help*/) {}
  template <typename Apply>
  void AfterRead(Apply&& /*apply*/) {}
};

// "train.xgboost" and "rounds" give "train.xgboost.rounds".
inline std::string KeyPath(std::string_view section, std::string_view key) {
  std::string path(section);
  if (!path.empty()) {
    path += '.';
  }
  path += key;
  return path;
}

}  // namespace churn::config
