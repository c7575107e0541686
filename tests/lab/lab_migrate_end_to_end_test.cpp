// A migration on a live lab: `dualstack lab migrate tests/lab/ipv4-only.toml tests/lab/config.toml`
// brings the IPv4-only lab up through the deploy playbook, runs the node-network and gateway steps
// of the rendered ansible/migrate.yml over SSH (and migrate's other steps the lab can act on) under
// IPv4 probes; the longest IPv4 outage stays within the limit, both families then pass scenarios
// 1, 2, 6 and 7, and nothing is left behind; also when the playbook is killed in the VRRP master's
// step and started again from the top. Needs root and network namespaces; skipped (with the reason)
// only without them.
#include "lab/support/lab_guard.hpp"
#include "lab/support/lab_run.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

namespace dualstack::lab {
namespace {

namespace fs = std::filesystem;
using testing::expect_lab_gone;
using testing::expect_scenarios_pass;
using testing::LabGuard;
using testing::missing_rights;
using testing::random_lab_id;
using testing::run_lab;

// Runs `lab migrate` of the lab's IPv4-only config to its dual-stack one with `extra` options and
// checks what every run must show: the migration and scenarios 1, 2, 6, 7 pass, the longest IPv4
// outage stays within the limit, the playbook ran the node-network and gateway steps (backups
// first), and nothing is left behind. Returns the migration's IPv4 figures.
nlohmann::json migrate_and_check(const std::vector<std::string>& extra)
{
  const std::string id = random_lab_id();
  const std::string results = fs::temp_directory_path() / ("dualstack-lab-migrate-" + id);
  LabGuard guard{ id };
  const std::string dir = std::string(DUALSTACK_SOURCE_DIR) + "/tests/lab/";
  std::vector<std::string> args = {
    "migrate", dir + "ipv4-only.toml", dir + "config.toml", "--nodes", "2", "--results", results
  };
  args.insert(args.end(), extra.begin(), extra.end());
  const auto run = run_lab(args, id);
  const auto& j = run.report;
  if (j.is_discarded()) {
    ADD_FAILURE() << run.out << run.err;
    return {};
  }
  EXPECT_EQ(run.status, 0) << run.err << j.dump(2);
  const auto m = j["scenarios"]["migration"]["ipv4"];
  EXPECT_TRUE(m["passed"].get<bool>()) << m.dump(2);
  EXPECT_TRUE(m["outage_s"].is_number()) << m.dump(2);
  if (m["outage_s"].is_number()) {
    EXPECT_LE(m["outage_s"].get<double>(), 1.0);
  }
  // The playbook's steps ran (node-network per node, then the gateways: backups first, the VRRP
  // master lab-gw-0, priority 150, last), then the lab's own steps.
  std::vector<std::string> applied;
  for (const auto& step : m["steps_applied"])
    applied.push_back(step.get<std::string>());
  const auto at = [&](const std::string& step_id) {
    return std::find(applied.begin(), applied.end(), step_id) - applied.begin();
  };
  EXPECT_LT(at("ports"), at("node-network-lab-master-0")) << m.dump(2);
  EXPECT_LT(at("node-network-lab-worker-0"), at("gateway-lab-gw-1")) << m.dump(2);
  EXPECT_LT(at("gateway-lab-gw-1"), at("gateway-lab-gw-0")) << m.dump(2);
  EXPECT_LT(at("gateway-lab-gw-0"), at("wireguard-clients")) << m.dump(2);
  EXPECT_LT(at("calico"), static_cast<long>(applied.size())) << m.dump(2);
  // The dry run before it had things to change, and changed no file (else the migration fails).
  EXPECT_GT(m["dry_run_would_change"].get<int>(), 0) << m.dump(2);
  expect_scenarios_pass(j, { "converged", "reachability", "api_by_name", "loadbalancer" });
  EXPECT_TRUE(fs::exists(results + "/migration.svg"));
  expect_lab_gone(id);
  testing::remove_results_unless_failed(results);
  return m;
}

TEST(LabMigrateEndToEnd, ThePlaybookOverSshMakesTheLabDualStackWithinTheOutageLimit)
{
  if (const std::string why = missing_rights(); !why.empty())
    GTEST_SKIP() << why;
  const auto m = migrate_and_check({});
  // The dry run (--check --diff) and the run.
  EXPECT_EQ(m["playbook_logs"].size(), 2u) << m.dump(2);
}

TEST(LabMigrateEndToEnd, KilledInTheMastersGatewayStepAndStartedAgainItCompletesTheSame)
{
  if (const std::string why = missing_rights(); !why.empty())
    GTEST_SKIP() << why;
  const auto m = migrate_and_check({ "--kill-playbook-at", "gateway-lab-gw-0" });
  EXPECT_EQ(m["killed_in"], "gateway-lab-gw-0") << m.dump(2);
  EXPECT_EQ(m["playbook_logs"].size(), 3u) << m.dump(2); // dry run, killed run, run again
  // Started again from the top, the finished steps were skipped by their done-condition, and the
  // interrupted one ran again.
  std::vector<std::string> skipped;
  for (const auto& step : m["steps_skipped_on_restart"])
    skipped.push_back(step.get<std::string>());
  EXPECT_NE(std::find(skipped.begin(), skipped.end(), "gateway-lab-gw-1"), skipped.end())
    << m.dump(2);
  EXPECT_NE(std::find(skipped.begin(), skipped.end(), "node-network-lab-worker-0"), skipped.end())
    << m.dump(2);
  EXPECT_EQ(std::find(skipped.begin(), skipped.end(), "gateway-lab-gw-0"), skipped.end())
    << m.dump(2);
}

} // namespace
} // namespace dualstack::lab
