#pragma once
// configs/config.yaml and docs/config.md, generated from the settings that
// the config structs declare (config/setting.h), so that the shipped file
// holds exactly the built-in defaults and the docs list every key. The test
// tests/config_file/config_docs_test.cpp fails when the committed files differ from
// these, and rewrites them when run with CHURN_UPDATE_DOCS=1.

#include <string>

namespace churn::config_file {

// The built-in defaults as a commented config file for configs/: relative
// default paths are written as "../PATH", so that they resolve against the
// repository's root as the built-in defaults do when run from there.
std::string DefaultConfigYaml();

// One Markdown table per section: key, default, range or choices, help.
std::string ConfigMarkdown();

}  // namespace churn::config_file
