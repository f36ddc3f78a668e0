#pragma once
// The typed errors that end a piece of work. Per-row problems in the data are
// never thrown: they are counted (see events/row_issues.h). Each error is
// caught once, in main (which maps it to an exit code and one line on stderr)
// or in an HTTP handler (which maps it to a JSON 4xx/5xx).

#include <stdexcept>
#include <string>

namespace churn {

// Base of every error the project throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The configuration file or an option's value is wrong: unknown key, bad type,
// value out of range. The message names the key and what was expected.
class ConfigError : public Error {
 public:
  using Error::Error;
};

// Input data cannot be used: a missing required column, a malformed row in
// strict mode. The message names the file, line and column.
class InputError : public Error {
 public:
  using Error::Error;
};

// The file system refused: a file cannot be opened, read, written or renamed.
class IoError : public Error {
 public:
  using Error::Error;
};

// The command line asks for something impossible, e.g. a missing option that
// only matters in combination with another. main exits with the usage code.
class UsageError : public Error {
 public:
  using Error::Error;
};

// A model library refused: XGBoost returned an error (its own message is
// carried), or a saved model does not fit the features at hand.
class ModelError : public Error {
 public:
  using Error::Error;
};

// A distributed run broke: a worker died or failed, the tracker could not
// be started or reached, the workers' collective failed. The message names
// the worker and what happened to it.
class ClusterError : public Error {
 public:
  using Error::Error;
};

// A broken invariant inside the program: a bug, never the user's fault.
class InternalError : public Error {
 public:
  using Error::Error;
};

}  // namespace churn
