// `churn-radar serve` as a process: it stops on SIGTERM with exit code 0
// whenever the signal comes, during start-up or while serving, and `--out
// DIR` serves the models and the scorings below DIR.

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scoring/scoring_files.h"
#include "testing/command.h"

namespace churn::server {
namespace {

// Starts serve, sends SIGTERM after `delay` seconds (or, for a negative
// delay, once the "listening" line is out), and prints "exit=N", or
// "still running" when it has not stopped within 5 s.
std::string StopAfter(double delay) {
  std::string wait_for_line =
      delay < 0 ? "for i in $(seq 200); do grep -q listening \"$out\" && break; sleep 0.02; done; "
                : fmt::format("sleep {}; ", delay);
  std::string script = fmt::format(
      "out=$(mktemp); '{}' --quiet --config '{}' serve --port 0 > \"$out\" 2>&1 & pid=$!; {}"
      "kill -TERM $pid; "
      "for i in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.05; done; "
      "if kill -0 $pid 2>/dev/null; then kill -KILL $pid; echo 'still running'; fi; "
      "wait $pid; echo \"exit=$?\"; cat \"$out\"; rm -f \"$out\"",
      CHURN_RADAR_BINARY, CHURN_SERVED_CONFIG, wait_for_line);
  return testing::RunCommand(script).out;
}

TEST(ServeProcessTest, StopsOnSigtermWhileServing) {
  std::string result = StopAfter(-1);
  EXPECT_THAT(result, ::testing::StartsWith("exit=0")) << result;
  EXPECT_THAT(result, ::testing::HasSubstr("listening on http://127.0.0.1:"));
}

// A signal that lands before the server's loop runs must not be lost (it
// was: the server then served on, deaf to every later signal). Before serve
// takes the signals over, SIGTERM ends the process the default way (143).
TEST(ServeProcessTest, StopsOnSigtermDuringStartUp) {
  for (double delay : {0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1}) {
    std::string result = StopAfter(delay);
    EXPECT_THAT(result, ::testing::ContainsRegex("^exit=(0|143)\n"))
        << "SIGTERM after " << delay << " s\n"
        << result;
  }
}

// `--out DIR` serves DIR/models and DIR/scores: the served demo's own
// folders, with the scoring its run ended with.
TEST(ServeProcessTest, OutServesTheModelsAndTheScoringsBelowIt) {
  std::string script = fmt::format(
      "out=$(mktemp); cd \"$(mktemp -d)\"; '{}' serve --port 0 --out '{}' > \"$out\" 2>&1 & "
      "pid=$!; for i in $(seq 200); do grep -q listening \"$out\" && break; sleep 0.02; done; "
      "kill -TERM $pid; wait $pid; echo \"exit=$?\"; cat \"$out\"; rm -f \"$out\"",
      CHURN_RADAR_BINARY, CHURN_SERVED_OUT);
  std::string result = testing::RunCommand(script).out;
  EXPECT_THAT(result, ::testing::StartsWith("exit=0")) << result;
  std::optional<std::string> latest = scoring::LatestScoring(CHURN_SERVED_SCORES);
  ASSERT_TRUE(latest);
  EXPECT_THAT(result, ::testing::ContainsRegex(
                          fmt::format("current scoring as of {}: [0-9]+ users, [0-9]+ flagged; 1 "
                                      "scoring of history",
                                      *latest)))
      << result;
}

}  // namespace
}  // namespace churn::server
