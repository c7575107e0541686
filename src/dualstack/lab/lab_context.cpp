// Shared helpers of the lab's steps.
#include <dualstack/lab/lab_context.hpp>

#include <dualstack/lab/process.hpp>
#include <dualstack/render/secrets.hpp>

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

namespace dualstack::lab {

std::atomic<bool> g_interrupted{ false };

std::string LabContext::ns_dir(const std::string& ns) const
{
  std::string short_name = ns.substr(topology.prefix.size());
  const std::string dir = state.run_dir + "/" + short_name;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  return dir;
}

void LabContext::record_pid(const std::string& key, pid_t pid)
{
  state.pids[key] = pid;
  (void)save_state(state);
}

Status must_run(const std::vector<std::string>& argv)
{
  auto result = run_command(argv);
  if (result.ok())
    return {};
  std::string command;
  for (const auto& a : argv)
    command += (command.empty() ? "" : " ") + a;
  std::string output = result.output;
  while (!output.empty() && output.back() == '\n')
    output.pop_back();
  return tl::unexpected(fmt::format(
    "`{}` failed (status {}){}{}", command, result.status, output.empty() ? "" : ": ", output));
}

Status must_run_in(const std::string& ns, const std::vector<std::string>& argv)
{
  return must_run(in_netns(ns, argv));
}

bool sleep_for(double seconds)
{
  const auto end = std::chrono::steady_clock::now() +
                   std::chrono::microseconds(static_cast<long long>(seconds * 1e6));
  while (std::chrono::steady_clock::now() < end) {
    if (g_interrupted.load())
      return false;
    const auto left = end - std::chrono::steady_clock::now();
    std::this_thread::sleep_for(
      std::min<std::chrono::steady_clock::duration>(left, std::chrono::milliseconds(20)));
  }
  return !g_interrupted.load();
}

double now_s()
{
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

namespace {

std::string public_key_in(const std::string& path)
{
  std::ifstream in(path);
  std::string key;
  in >> key;
  return key.empty() ? "" : render::public_key_of(key);
}

} // namespace

std::string LabContext::client_public_key() const
{
  return public_key_in(state.run_dir + "/client/private.key");
}

std::string LabContext::site_public_key() const
{
  return public_key_in(state.run_dir + "/site/private.key");
}

} // namespace dualstack::lab
