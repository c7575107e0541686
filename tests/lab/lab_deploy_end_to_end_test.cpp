// Deploy mode end to end: `dualstack lab test tests/lab/config.toml --deploy ansible` starts the
// gateways and nodes as fresh hosts with sshd, runs the rendered playbook unchanged with the real
// ansible-playbook over SSH from the client, and then: a second run changes nothing and loses no
// probe, a run with one more WireGuard peer reloads WireGuard without moving the VIPs, and every
// scenario passes for both families on the daemons the playbook started. Nothing is left behind.
// Needs root and network namespaces; skipped (with the reason) only without them.
#include "lab/support/lab_guard.hpp"
#include "lab/support/lab_run.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace dualstack::lab {
namespace {

namespace fs = std::filesystem;
using testing::expect_lab_gone;
using testing::expect_scenarios_pass;
using testing::LabGuard;
using testing::missing_rights;
using testing::random_lab_id;
using testing::run_lab;
using testing::standard_scenarios;

// Returns the command lines of running processes that mention `text`.
std::vector<std::string> processes_mentioning(const std::string& text)
{
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos)
      continue;
    std::ifstream in(entry.path() / "cmdline", std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    std::string cmdline = s.str();
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    if (cmdline.find(text) != std::string::npos)
      out.push_back(name + ": " + cmdline);
  }
  return out;
}

TEST(LabDeployEndToEnd,
     ThePlaybookOverSshDeploysTheGatewaysAgainWithoutChangeAndEveryScenarioPasses)
{
  if (const std::string why = missing_rights(); !why.empty())
    GTEST_SKIP() << why;
  const std::string id = random_lab_id();
  const std::string results = fs::temp_directory_path() / ("dualstack-lab-deploy-" + id);
  LabGuard guard{ id };
  const auto run = run_lab({ "test",
                             std::string(DUALSTACK_SOURCE_DIR) + "/tests/lab/config.toml",
                             "--deploy",
                             "ansible",
                             "--nodes",
                             "2",
                             "--results",
                             results },
                           id);
  const auto& j = run.report;
  ASSERT_FALSE(j.is_discarded()) << run.out << run.err;
  EXPECT_EQ(run.status, 0) << run.err << j.dump(2);
  for (const char* family : { "ipv4", "ipv6" }) {
    const auto& redeploy = j["scenarios"]["redeploy"][family];
    EXPECT_TRUE(redeploy["passed"].get<bool>()) << family << "\n" << redeploy.dump(2);
    EXPECT_EQ(redeploy["lost"], 0) << family;
    const auto& added = j["scenarios"]["add_peer"][family];
    EXPECT_TRUE(added["passed"].get<bool>()) << family << "\n" << added.dump(2);
    EXPECT_LE(added["gap_s"].get<double>(), 1.0) << family;
  }
  EXPECT_EQ(j["scenarios"]["redeploy"]["ipv4"]["changed"], 0);
  EXPECT_GT(j["scenarios"]["add_peer"]["ipv4"]["changed"].get<int>(), 0);
  expect_scenarios_pass(j, standard_scenarios());
  // Taken down: no namespace, no state, no /etc/netns entry, no sshd or SSH connection of the lab.
  expect_lab_gone(id);
  const auto left = processes_mentioning("/run/dualstack-lab/" + id + "/");
  EXPECT_TRUE(left.empty()) << left.front();
  testing::remove_results_unless_failed(results);
}

} // namespace
} // namespace dualstack::lab
