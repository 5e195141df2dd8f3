// Helpers for tests that run the pgsafe binary.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace pgsafe::test {

struct RunResult {
  std::string out;
  int status = -1;
};

// Runs a shell command in the source directory; captures stdout.
inline RunResult run(const std::string& cmd) {
  RunResult r;
  std::string full = "cd '" PGSAFE_SOURCE_DIR "' && NO_COLOR=1 " + cmd;
  FILE* p = popen(full.c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 65536> buf{};
  size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

inline std::string pgsafe_cmd() { return "'" PGSAFE_BINARY "'"; }

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline void write_file(const std::filesystem::path& p, const std::string& s) {
  std::ofstream f(p, std::ios::binary);
  f << s;
}

// An empty directory for one test: named after the test and this process.
inline std::filesystem::path fresh_dir(const std::string& name) {
  std::filesystem::path d =
      std::filesystem::temp_directory_path() / ("pgsafe-" + name + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

// Extra command-line arguments of a fixture directory (its `args` file), with
// a leading space; "" when it has none.
inline std::string extra_args(const std::filesystem::path& dir) {
  std::filesystem::path a = dir / "args";
  if (!std::filesystem::exists(a)) return {};
  std::string s = read_file(a);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return " " + s;
}

inline bool updating_snapshots() {
  const char* u = std::getenv("UPDATE_SNAPSHOTS");
  return u != nullptr && *u != '\0' && std::string(u) != "0";
}

}  // namespace pgsafe::test
