// Running the dualstack binary from tests.
#include "run_binary.hpp"

#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace dualstack::testing {

RunResult run_program(const std::vector<std::string>& argv)
{
  const std::string dir = make_temp_dir("run");
  const std::string out_path = dir + "/out";
  const std::string err_path = dir + "/err";
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    std::vector<std::string> copy = argv;
    std::vector<char*> args;
    for (auto& a : copy)
      args.push_back(a.data());
    args.push_back(nullptr);
    ::setenv("NO_COLOR", "1", 1);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  RunResult result;
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_text(out_path);
  result.err = read_text(err_path);
  std::filesystem::remove_all(dir);
  return result;
}

RunResult run_dualstack(const std::vector<std::string>& args)
{
  std::vector<std::string> argv{ DUALSTACK_BINARY };
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv);
}

std::string make_temp_dir(const std::string& tag)
{
  std::string pattern =
    (std::filesystem::temp_directory_path() / ("dualstack-" + tag + "-XXXXXX")).string();
  if (!::mkdtemp(pattern.data()))
    std::abort();
  return pattern;
}

TempDir::~TempDir()
{
  std::error_code ec;
  std::filesystem::remove_all(m_path, ec);
}

void write_text(const std::string& path, const std::string& text)
{
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string read_text(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

} // namespace dualstack::testing
