// Runs the real dualstack binary for CLI tests, capturing stdout, stderr and the exit status.
#pragma once

#include <string>
#include <vector>

namespace dualstack::testing {

struct RunResult
{
  int status = -1;
  std::string out;
  std::string err;
};

// Runs `argv` (no shell; argv[0] looked up in PATH), stdin from /dev/null, NO_COLOR=1.
RunResult run_program(const std::vector<std::string>& argv);

// Runs build/dualstack with `args`, as run_program does.
RunResult run_dualstack(const std::vector<std::string>& args);

// Creates a fresh temporary directory (removed by the caller or TempDir).
std::string make_temp_dir(const std::string& tag);

// A temporary directory removed when it goes out of scope, even when a test fails.
class TempDir
{
public:
  explicit TempDir(const std::string& tag)
    : m_path(make_temp_dir(tag))
  {
  }
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const
  {
    return m_path;
  }

private:
  std::string m_path;
};

// Writes `text` to `path`.
void write_text(const std::string& path, const std::string& text);
// Returns the content of `path` ("" if missing).
std::string read_text(const std::string& path);

} // namespace dualstack::testing
