// A migration on a live lab: `dualstack lab migrate tests/lab/ipv4-only.toml tests/lab/config.toml`
// applies `dualstack migrate`'s steps to the running IPv4-only lab under IPv4 probes, the longest
// IPv4 outage stays within the limit, both families then pass scenarios 1, 2, 6 and 7, and nothing
// is left behind. Needs root and network namespaces; skipped (with the reason) only without them.
#include "lab/support/lab_guard.hpp"
#include "lab/support/lab_run.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

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

TEST(LabMigrateEndToEnd, Ipv4OnlyBecomesDualStackLiveWithinTheOutageLimitAndBothFamiliesPass)
{
  if (const std::string why = missing_rights(); !why.empty())
    GTEST_SKIP() << why;
  const std::string id = random_lab_id();
  const std::string results = fs::temp_directory_path() / ("dualstack-lab-migrate-" + id);
  LabGuard guard{ id };
  const std::string dir = std::string(DUALSTACK_SOURCE_DIR) + "/tests/lab/";
  const auto run = run_lab({ "migrate",
                             dir + "ipv4-only.toml",
                             dir + "config.toml",
                             "--nodes",
                             "2",
                             "--results",
                             results },
                           id);
  const auto& j = run.report;
  ASSERT_FALSE(j.is_discarded()) << run.out << run.err;
  EXPECT_EQ(run.status, 0) << run.err << j.dump(2);
  const auto& m = j["scenarios"]["migration"]["ipv4"];
  EXPECT_TRUE(m["passed"].get<bool>()) << m.dump(2);
  ASSERT_TRUE(m["outage_s"].is_number()) << m.dump(2);
  EXPECT_LE(m["outage_s"].get<double>(), 1.0);
  // The gateway steps ran, backups first and the VRRP master (lab-gw-0, priority 150) last.
  EXPECT_EQ(m["steps_applied"],
            nlohmann::json::parse(R"(["ports", "gateway-lab-gw-1", "gateway-lab-gw-0",
                                     "wireguard-clients", "api-dns", "calico", "workloads"])"));
  expect_scenarios_pass(j, { "converged", "reachability", "api_by_name", "loadbalancer" });
  EXPECT_TRUE(fs::exists(results + "/migration.svg"));
  expect_lab_gone(id);
  testing::remove_results_unless_failed(results);
}

} // namespace
} // namespace dualstack::lab
