// The host probe: iproute2's JSON output and /proc/sys, read without a shell.
#include <dualstack/verify/host/host_probe.hpp>

#include <dualstack/verify/host/ip_json.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace dualstack::verify::host {

namespace {

std::string command_line(const std::vector<std::string>& argv)
{
  std::string out;
  for (const auto& arg : argv) {
    out += (out.empty() ? "" : " ") + arg;
  }
  return out;
}

// Reads "0" or "1" (any non-zero counts as on) from `path`.
std::optional<bool> read_flag(const std::string& path)
{
  std::ifstream in(path);
  long value = 0;
  if (!(in >> value)) {
    return std::nullopt;
  }
  return value != 0;
}

} // namespace

tl::expected<std::string, std::string> run_capture(const std::vector<std::string>& argv)
{
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return tl::unexpected(fmt::format("cannot create a pipe: {}", std::strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  for (const auto& arg : argv) {
    args.push_back(const_cast<char*>(arg.c_str()));
  }
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (spawned != 0) {
    close(fds[0]);
    return tl::unexpected(
      fmt::format("cannot run `{}`: {}", command_line(argv), std::strerror(spawned)));
  }
  std::string out;
  char buffer[65536];
  for (;;) {
    const ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n > 0) {
      out.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    return tl::unexpected(
      fmt::format("`{}` was killed by signal {}", command_line(argv), WTERMSIG(status)));
  }
  if (WEXITSTATUS(status) == 127) {
    return tl::unexpected(fmt::format("cannot run `{}`: not found", command_line(argv)));
  }
  if (WEXITSTATUS(status) != 0) {
    return tl::unexpected(
      fmt::format("`{}` failed with exit status {}", command_line(argv), WEXITSTATUS(status)));
  }
  return out;
}

tl::expected<HostState, std::string> probe_host(const ProbeOptions& options)
{
  HostState state;
  auto addr = run_capture({ options.ip, "-j", "addr", "show" });
  if (!addr) {
    return tl::unexpected(addr.error());
  }
  auto addresses = parse_ip_addr(*addr);
  if (!addresses) {
    return tl::unexpected(addresses.error());
  }
  state.addresses = std::move(*addresses);
  for (net::Family family : { net::Family::ipv4, net::Family::ipv6 }) {
    auto text = run_capture({ options.ip,
                              "-j",
                              family == net::Family::ipv4 ? "-4" : "-6",
                              "route",
                              "show",
                              "table",
                              "main" });
    if (!text) {
      return tl::unexpected(text.error());
    }
    auto routes = parse_ip_route(*text, family);
    if (!routes) {
      return tl::unexpected(routes.error());
    }
    state.routes.insert(state.routes.end(), routes->begin(), routes->end());
  }
  state.forwarding_ipv4 = read_flag(options.proc_sys + "/net/ipv4/ip_forward");
  state.forwarding_ipv6 = read_flag(options.proc_sys + "/net/ipv6/conf/all/forwarding");
  return state;
}

std::string local_hostname()
{
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) {
    return {};
  }
  return name;
}

} // namespace dualstack::verify::host
