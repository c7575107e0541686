// Test network namespaces and running programs in them.
#include "verify/host/support/netns.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>

namespace dualstack::verify::host::testing {

std::string netns_unavailable()
{
  if (::geteuid() != 0) {
    return "network namespaces need root";
  }
  if (run_program({ "ip", "netns", "list" }).status != 0) {
    return "`ip netns` does not work here";
  }
  return "";
}

Netns::Netns()
{
  static std::atomic<int> counter{ 0 };
  m_name = "dsv-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  const auto made = run_program({ "ip", "netns", "add", m_name });
  m_created = made.status == 0;
  EXPECT_TRUE(m_created) << "ip netns add " << m_name << ": " << made.err;
}

Netns::~Netns()
{
  if (m_created) {
    run_program({ "ip", "netns", "del", m_name });
  }
}

void Netns::ip(const std::vector<std::string>& args) const
{
  std::vector<std::string> argv = { "ip", "-n", m_name };
  argv.insert(argv.end(), args.begin(), args.end());
  const auto run = run_program(argv);
  std::string line;
  for (const auto& a : argv)
    line += a + " ";
  EXPECT_EQ(run.status, 0) << line << ": " << run.err;
}

dualstack::testing::RunResult Netns::exec(const std::vector<std::string>& argv) const
{
  std::vector<std::string> full = { "ip", "netns", "exec", m_name };
  full.insert(full.end(), argv.begin(), argv.end());
  return run_program(full);
}

void Netns::sysctl(const std::string& key, const std::string& value) const
{
  const auto run = exec({ "sysctl", "-qw", key + "=" + value });
  EXPECT_EQ(run.status, 0) << "sysctl " << key << ": " << run.err;
}

} // namespace dualstack::verify::host::testing
