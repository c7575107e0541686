// The lab end to end on real daemons: `dualstack lab test tests/lab/config.toml` (2 gateways,
// 2 nodes, a DNS-name API endpoint, LoadBalancer pools) passes every scenario for both families,
// none skipped, and leaves nothing behind. Needs root and
// network namespaces; skipped (with the reason) only on a machine without them.
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
using testing::standard_scenarios;

TEST(LabEndToEnd, EveryScenarioPassesForBothFamiliesAndDownLeavesNothing)
{
  if (const std::string why = missing_rights(); !why.empty())
    GTEST_SKIP() << why;
  const std::string id = random_lab_id();
  const std::string results = fs::temp_directory_path() / ("dualstack-lab-test-" + id);
  LabGuard guard{ id };
  const auto run = run_lab({ "test",
                             std::string(DUALSTACK_SOURCE_DIR) + "/tests/lab/config.toml",
                             "--nodes",
                             "2",
                             "--results",
                             results },
                           id);
  const auto& j = run.report;
  ASSERT_FALSE(j.is_discarded()) << run.out << run.err;
  EXPECT_EQ(run.status, 0) << run.err << j.dump(2);
  expect_scenarios_pass(j, standard_scenarios());
  // The name resolved to each family's VIP (tests/lab/config.toml: 172.30.154.0/24, fd00::/120),
  // and the LoadBalancer addresses are the first of each pool (10.245.0.0/24, fdff:4::/120).
  EXPECT_EQ(j["scenarios"]["api_by_name"]["ipv4"]["address"], "172.30.154.2");
  EXPECT_EQ(j["scenarios"]["api_by_name"]["ipv6"]["address"], "fd00::2");
  EXPECT_EQ(j["scenarios"]["loadbalancer"]["ipv4"]["address"], "10.245.0.1");
  EXPECT_EQ(j["scenarios"]["loadbalancer"]["ipv6"]["address"], "fdff:4::1");
  for (const char* family : { "ipv4", "ipv6" }) {
    const auto& failover = j["scenarios"]["lb_master_failure"][family];
    EXPECT_TRUE(failover["outage_s"].is_number()) << family;
    // tests/lab/config.toml has a second peer: the lab runs it as a fixed-endpoint site peer
    // beside the roaming laptop, and reports both.
    EXPECT_TRUE(failover["fixed_peer"]["outage_s"].is_number()) << family << failover.dump(2);
    EXPECT_EQ(failover["failback"]["fixed_peer_lost"], 0) << family;
    // The control plane behind it: every node's session with the new master came up, and what
    // that cost the new master's BIRD (scripts/lab-scale-bench.sh prints these per node count).
    EXPECT_GT(failover.value("sessions_established_s", -1.0), 0.0) << family << failover.dump(2);
    EXPECT_GT(failover.value("new_master_bird_rss_kb", -1), 0) << family;
  }
  EXPECT_TRUE(fs::exists(results + "/failover.svg"));
  EXPECT_TRUE(fs::exists(results + "/report.json"));
  // `test` took the lab down: no namespace, no state left.
  expect_lab_gone(id);
  testing::remove_results_unless_failed(results);
}

// An IPv6-only cluster on a global subnet (examples/ipv6-only): no floating IP and no NAT on the
// lab's router, the client dials the VIP itself. Before the notify hook sourced the master's
// WireGuard packets from the VIP, the client roamed to the master's own address (which its
// AllowedIPs route into the tunnel) and every scenario after the first failed.
TEST(LabEndToEnd, RoutedIpv6OnlyClusterIsReachedAtItsVipAndEveryScenarioPasses)
{
  if (const std::string why = missing_rights(); !why.empty())
    GTEST_SKIP() << why;
  const std::string id = random_lab_id();
  LabGuard guard{ id };
  const auto run = run_lab({ "test",
                             std::string(DUALSTACK_SOURCE_DIR) + "/examples/ipv6-only/config.toml",
                             "--nodes",
                             "2",
                             "--gateways",
                             "2" },
                           id);
  const auto& j = run.report;
  ASSERT_FALSE(j.is_discarded()) << run.out << run.err;
  EXPECT_EQ(run.status, 0) << run.err << j.dump(2);
  for (const auto& [name, scenario] : j["scenarios"].items()) {
    EXPECT_FALSE(scenario.contains("ipv4")) << name;
    if (!scenario.contains("ipv6"))
      continue;
    EXPECT_TRUE(scenario["ipv6"]["passed"].get<bool>()) << name << "\n" << scenario["ipv6"].dump(2);
  }
  EXPECT_TRUE(j["scenarios"]["lb_master_failure"]["ipv6"]["outage_s"].is_number());
}

// IPv6 that reaches the internet, routed (examples/dual-stack-routed: a global pod prefix the
// router routes to the IPv6 VIP): a pod reaches the internet's IPv6 host with its own address,
// and the host reaches the pod's global address (ping, and TLS: the example opens tcp 443 with
// pod_ingress_v6_tcp_ports), each side seeing the other's own address.
TEST(LabEndToEnd, RoutedIpv6PodsReachTheInternetWithTheirOwnAddress)
{
  if (const std::string why = missing_rights(); !why.empty())
    GTEST_SKIP() << why;
  const std::string id = random_lab_id();
  LabGuard guard{ id };
  const auto run =
    run_lab({ "test",
              std::string(DUALSTACK_SOURCE_DIR) + "/examples/dual-stack-routed/config.toml",
              "--nodes",
              "2",
              "--scenario",
              "1",
              "--scenario",
              "2",
              "--scenario",
              "10" },
            id);
  const auto& j = run.report;
  ASSERT_FALSE(j.is_discarded()) << run.out << run.err;
  EXPECT_EQ(run.status, 0) << run.err << j.dump(2);
  expect_scenarios_pass(j, { "converged", "reachability" });
  const auto& internet = j["scenarios"]["internet_ipv6"];
  EXPECT_EQ(internet["ipv4"]["skipped"],
            "IPv6 only: IPv4 leaves through Neutron's SNAT and floating IPs, which every other "
            "scenario uses");
  const auto& v6 = internet["ipv6"];
  EXPECT_TRUE(v6["passed"].get<bool>()) << v6.dump(2);
  EXPECT_EQ(v6["ipv6_egress"], "routed");
  // The first node's pod has the first address of its block of 2001:db8:20::/56 but one.
  EXPECT_EQ(v6["seen_by_internet_tls"], "2001:db8:20::2");
  EXPECT_EQ(v6["seen_by_internet_ping"], "2001:db8:20::2");
  EXPECT_EQ(v6["seen_by_pod_ping"], "2001:db8:5100::200");
  EXPECT_EQ(v6["pod_ingress_v6_tcp_ports"], nlohmann::json::parse("[443]"));
  EXPECT_EQ(v6["seen_by_pod_tls"], "2001:db8:5100::200")
    << "inbound TLS reached the pod with the host's address";
  EXPECT_TRUE(v6["tls_in_s"].is_number()) << v6.dump(2);
  expect_lab_gone(id);
}

} // namespace
} // namespace dualstack::lab
