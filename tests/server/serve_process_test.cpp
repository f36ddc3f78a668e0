// `churn-radar serve` as a process: it stops on SIGTERM with exit code 0
// whenever the signal comes, during start-up or while serving, at once even
// with a keep-alive client connected, and `--out DIR` serves the models and
// the scorings below DIR.

#include <fcntl.h>
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "scoring/scoring_files.h"
#include "testing/command.h"
#include "testing/temp_dir.h"

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

// What a file holds now.
std::string TextOf(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// A browser keeps its connection open after each answer. httplib waited out
// its 5 s keep-alive timeout for such a client after a stop, so SIGTERM with
// the dashboard open took 4.8 s; the server stops within a second now.
TEST(ServeProcessTest, StopsWithinASecondWithAnIdleKeepAliveClient) {
  testing::TempDir dir;
  std::filesystem::path log = dir.path() / "serve.log";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<std::string> args = {CHURN_RADAR_BINARY, "--config", CHURN_SERVED_CONFIG, "serve",
                                   "--port",           "0"};
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (std::string& arg : args) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, CHURN_RADAR_BINARY, &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  // std::regex is left out: GCC 12 warns inside <regex> in the sanitizer build.
  constexpr std::string_view kListening = "listening on http://127.0.0.1:";
  std::string text;
  std::size_t at = std::string::npos;
  for (int wait_idx = 0; wait_idx < 500 && (at = text.find(kListening)) == std::string::npos;
       ++wait_idx) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    text = TextOf(log);
  }
  ASSERT_NE(at, std::string::npos) << text;
  httplib::Client browser("127.0.0.1", std::stoi(text.substr(at + kListening.size())));
  browser.set_keep_alive(true);
  httplib::Result health = browser.Get("/api/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);

  auto start = std::chrono::steady_clock::now();
  kill(pid, SIGTERM);
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() - start > std::chrono::seconds(10)) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << TextOf(log);
  // Typically 0.1 s (the issue asks under 1 s; bench/ measures it); the
  // bound leaves room for a loaded sanitizer build and still tells it from
  // the 5 s keep-alive wait it used to sit out.
  EXPECT_LT(seconds, 3.0) << "SIGTERM to exit";
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
