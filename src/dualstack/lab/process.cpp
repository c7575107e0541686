// Processes of the lab: fork/exec with argument vectors, output capture, tags.
#include <dualstack/lab/process.hpp>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace dualstack::lab {

namespace {

std::vector<char*> c_argv(const std::vector<std::string>& argv)
{
  std::vector<char*> out;
  for (const auto& a : argv)
    out.push_back(const_cast<char*>(a.c_str()));
  out.push_back(nullptr);
  return out;
}

// In the child: exec argv[0] from PATH, with the sbin directories the daemons live in added.
[[noreturn]] void exec_child(const std::vector<std::string>& argv)
{
  const char* path = std::getenv("PATH");
  std::string full = path ? path : "/usr/bin:/bin";
  full += ":/usr/local/sbin:/usr/sbin:/sbin";
  setenv("PATH", full.c_str(), 1);
  auto args = c_argv(argv);
  execvp(args[0], args.data());
  _exit(127);
}

int decode_status(int status)
{
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  return -1;
}

} // namespace

CommandResult run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout)
{
  CommandResult result;
  if (argv.empty())
    return result;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0)
    return result;
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return result;
  }
  if (pid == 0) {
    const int null = open("/dev/null", O_RDONLY);
    dup2(null, 0);
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    exec_child(argv);
  }
  close(fds[1]);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buffer[4096];
  bool timed_out = false;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{ fds[0], POLLIN, 0 };
    const int r = poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      continue;
    const ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    result.output.append(buffer, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  if (timed_out)
    kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.status = timed_out ? -1 : decode_status(status);
  if (timed_out)
    result.output += "\n(timed out)";
  return result;
}

std::vector<std::string> in_netns(const std::string& ns, std::vector<std::string> argv)
{
  std::vector<std::string> out{ "ip", "netns", "exec", ns };
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

pid_t spawn_process(const std::vector<std::string>& argv, const std::string& log_path)
{
  if (argv.empty())
    return -1;
  const pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    setsid();
    const int null = open("/dev/null", O_RDONLY);
    const int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    dup2(null, 0);
    if (log >= 0) {
      dup2(log, 1);
      dup2(log, 2);
    }
    // Default signal dispositions: the lab's own SIGINT/SIGTERM handlers are not inherited
    // across exec anyway, but an ignored signal would be.
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    std::signal(SIGPIPE, SIG_DFL);
    exec_child(argv);
  }
  return pid;
}

void reap(pid_t pid)
{
  if (pid <= 0)
    return;
  int status = 0;
  waitpid(pid, &status, WNOHANG);
}

bool is_alive(pid_t pid)
{
  if (pid <= 0)
    return false;
  reap(pid);
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line))
    return false;
  const auto close_paren = line.rfind(')');
  if (close_paren == std::string::npos || close_paren + 2 >= line.size())
    return false;
  const char state = line[close_paren + 2];
  return state != 'Z' && state != 'X';
}

bool is_ours(pid_t pid, const std::string& tag)
{
  if (tag.empty() || !is_alive(pid))
    return false;
  const std::string wanted = std::string(tag_variable) + "=" + tag;
  std::ifstream environ("/proc/" + std::to_string(pid) + "/environ", std::ios::binary);
  std::stringstream content;
  content << environ.rdbuf();
  std::string entry;
  while (std::getline(content, entry, '\0')) {
    if (entry == wanted)
      return true;
  }
  // A daemon that rewrites its process title (sshd) overwrites the environment block it was
  // started with; the lab gives such daemons the tag on their command line, which the title keeps.
  std::ifstream cmdline("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  std::stringstream args;
  args << cmdline.rdbuf();
  const std::string text = args.str();
  const auto at = text.find(wanted);
  if (at == std::string::npos)
    return false;
  const auto end = at + wanted.size();
  return end == text.size() || text[end] == '\0' || text[end] == ' ';
}

void stop_processes(const std::vector<pid_t>& pids,
                    const std::string& tag,
                    std::chrono::milliseconds grace)
{
  std::vector<pid_t> ours;
  for (pid_t pid : pids) {
    if (is_ours(pid, tag)) {
      ours.push_back(pid);
      kill(pid, SIGTERM);
    }
  }
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (std::chrono::steady_clock::now() < deadline) {
    bool any = false;
    for (pid_t pid : ours)
      any = any || is_alive(pid);
    if (!any)
      return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (pid_t pid : ours) {
    if (is_ours(pid, tag))
      kill(pid, SIGKILL);
    reap(pid);
  }
}

pid_t read_pid_file(const std::string& path)
{
  std::ifstream in(path);
  long pid = -1;
  if (!(in >> pid))
    return -1;
  return static_cast<pid_t>(pid);
}

void set_tag(const std::string& tag)
{
  setenv(tag_variable, tag.c_str(), 1);
}

bool wait_listening(const std::string& ns, int port, double seconds, pid_t pid)
{
  const std::string port_text = ":" + std::to_string(port);
  const auto listening = [&] {
    return run_command(in_netns(ns, { "ss", "-H", "-l", "-n", "-t", "sport = " + port_text }))
             .output.find(port_text) != std::string::npos;
  };
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!listening()) {
    if (std::chrono::steady_clock::now() > end || (pid > 0 && !is_alive(pid)))
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

} // namespace dualstack::lab
