// The node checks of `verify --host`: each passes a clean node and catches its planted defect,
// per family, with what was expected and found.
#include "verify/host/host_test_support.hpp"

#include <dualstack/verify/host/host_checks.hpp>

#include <gtest/gtest.h>

namespace dualstack::verify::host::testing {
namespace {

using verify::testing::flagged;

const CheckResult& result(const Report& report, std::string_view id)
{
  for (const auto& check : report.checks) {
    if (check.id == id)
      return check;
  }
  throw std::logic_error("no check " + std::string(id));
}

Report check(const HostState& state, const plan::Plan& plan = host_plan())
{
  return check_host(plan, *plan.host("test-worker-0"), state);
}

std::vector<std::string> messages(const Report& report, std::string_view id)
{
  std::vector<std::string> out;
  for (const auto& f : report.findings) {
    if (f.check == id)
      out.push_back(f.message + " | " + f.expected + " | " + f.found);
  }
  return out;
}

TEST(HostChecks, ACleanNodePassesEveryCheck)
{
  const Report report = check(state_of());
  EXPECT_TRUE(report.findings.empty()) << report.findings.front().message;
  ASSERT_EQ(report.checks.size(), host_checks().size());
  for (const auto& c : report.checks) {
    EXPECT_EQ(c.status, CheckStatus::passed) << c.id;
    EXPECT_EQ(c.objects, 2u) << c.id; // one per family
    EXPECT_EQ(c.group, "host");
    EXPECT_FALSE(c.description.empty());
  }
  EXPECT_EQ(report.nodes, std::vector<std::string>{ "test-worker-0" });
  EXPECT_EQ(report.exit_status(), exit_ok);
}

TEST(HostChecks, AMissingIpv6AddressIsCaught)
{
  const Report report = check(state_of(with(
    addr_json, R"({"family":"inet6","local":"fd00::15","prefixlen":120,"scope":"global"},)", "")));
  EXPECT_EQ(
    messages(report, "host-address"),
    std::vector<std::string>{ "the node lacks its planned IPv6 address | fd00::15/120 on eth0 | "
                              "fe80::f816:3eff:fe12:3456/64 on eth0" });
  EXPECT_EQ(flagged(report, "host-address"), std::vector<std::string>{ "test-worker-0" });
  EXPECT_EQ(report.findings[0].kind, "Node");
  EXPECT_EQ(report.exit_status(), exit_findings);
}

TEST(HostChecks, AWrongPrefixLengthIsCaught)
{
  const Report report = check(state_of(with(
    addr_json, R"("local":"10.0.0.21","prefixlen":24)", R"("local":"10.0.0.21","prefixlen":32)")));
  EXPECT_EQ(
    messages(report, "host-address"),
    std::vector<std::string>{ "the IPv4 address has the wrong prefix length (the cluster "
                              "subnet is 10.0.0.0/24) | 10.0.0.21/24 | 10.0.0.21/32 on eth0" });
}

TEST(HostChecks, TheFamiliesOnDifferentInterfacesAreCaught)
{
  std::string addr = with(
    addr_json, R"({"family":"inet6","local":"fd00::15","prefixlen":120,"scope":"global"},)", "");
  addr = with(addr,
              R"("addr_info":[]})",
              R"("addr_info":[{"family":"inet6","local":"fd00::15","prefixlen":120}]})");
  EXPECT_EQ(
    messages(check(state_of(addr)), "host-address"),
    std::vector<std::string>{ "the IPv6 address is on another interface than the IPv4 "
                              "address | fd00::15/120 on eth0 | fd00::15/120 on cali1234abcd" });
}

TEST(HostChecks, AMissingDefaultRouteIsCaught)
{
  const Report report = check(state_of(
    addr_json,
    with(route4_json, R"({"dst":"default","gateway":"10.0.0.1","dev":"eth0","flags":[]},)", "")));
  EXPECT_EQ(messages(report, "host-default-route"),
            std::vector<std::string>{
              "the node has no IPv4 default route | default via 10.0.0.1 | no default route" });
}

TEST(HostChecks, ADefaultRouteAwayFromTheRouterIsCaught)
{
  const Report report =
    check(state_of(addr_json,
                   route4_json,
                   with(route6_json, R"("gateway":"fe80::1")", R"("gateway":"fd00::63")")));
  EXPECT_EQ(
    messages(report, "host-default-route"),
    std::vector<std::string>{ "the IPv6 default route does not lead to the subnet's router | "
                              "default via fd00::1 (or the router's link-local address) | "
                              "default via fd00::63 dev eth0 proto ra" });
}

TEST(HostChecks, ForwardingOffIsCaughtPerFamily)
{
  HostState state = state_of();
  state.forwarding_ipv6 = false;
  Report report = check(state);
  EXPECT_EQ(messages(report, "host-forwarding"),
            std::vector<std::string>{
              "IPv6 forwarding is off: pods' IPv6 traffic is not routed | "
              "net.ipv6.conf.all.forwarding = 1 | net.ipv6.conf.all.forwarding = 0" });
  state.forwarding_ipv6 = true;
  state.forwarding_ipv4 = std::nullopt;
  report = check(state);
  EXPECT_EQ(messages(report, "host-forwarding"),
            std::vector<std::string>{ "IPv4 forwarding is off: pods' IPv4 traffic is not routed | "
                                      "net.ipv4.ip_forward = 1 | net.ipv4.ip_forward unreadable" });
}

TEST(HostChecks, NoCalicoRouteOfAFamilyIsCaught)
{
  // Only a static route into the IPv6 pod subnet, of the wrong length and not Calico's.
  const std::string route6 =
    R"([{"dst":"fd00:10:244::/56","gateway":"fd00::1","dev":"eth0","protocol":"static","flags":[]},)"
    R"({"dst":"default","gateway":"fe80::1","dev":"eth0","protocol":"ra","flags":[]}])";
  const Report report = check(state_of(addr_json, route4_json, route6));
  EXPECT_EQ(
    messages(report, "host-calico-routes"),
    std::vector<std::string>{
      "the node has no Calico IPv6 route: pods of that family are unreachable | "
      "routes into fd00:10:244::/56 (/122 blocks via BGP, or pods' /128 routes via cali*) | "
      "fd00:10:244::/56 via fd00::1 dev eth0 proto static" });
  EXPECT_EQ(result(report, "host-calico-routes").failed, 1u);
  EXPECT_EQ(result(report, "host-calico-routes").status, CheckStatus::failed);
}

TEST(HostChecks, BgpBlockRoutesAloneSatisfyTheCalicoCheck)
{
  // A node without local pods: only the routes BIRD learned.
  const std::string route4 =
    R"([{"dst":"default","gateway":"10.0.0.1","dev":"eth0","flags":[]},)"
    R"({"dst":"10.244.2.0/26","gateway":"10.0.0.22","dev":"eth0","protocol":"bird","flags":[]}])";
  EXPECT_TRUE(messages(check(state_of(addr_json, route4)), "host-calico-routes").empty());
}

TEST(HostChecks, AnIpv4OnlyPlanChecksIpv4Only)
{
  HostState state = state_of();
  state.forwarding_ipv6 = false; // not a finding: IPv6 is off in this Plan
  const Report report = check(state, host_plan(false));
  EXPECT_TRUE(report.findings.empty());
  for (const auto& c : report.checks) {
    EXPECT_EQ(c.objects, 1u) << c.id;
  }
}

TEST(HostChecks, FindsTheNodeByNameOrFullyQualifiedName)
{
  const plan::Plan plan = host_plan();
  EXPECT_EQ(find_node(plan, "test-worker-1")->name, "test-worker-1");
  EXPECT_EQ(find_node(plan, "test-worker-1.cluster.example")->name, "test-worker-1");
  EXPECT_EQ(find_node(plan, "test-worker-9"), nullptr);
}

TEST(HostChecks, EveryIdIsUniqueAndPrefixed)
{
  std::set<std::string_view> ids;
  for (const auto& c : host_checks()) {
    EXPECT_TRUE(c.id.starts_with("host-")) << c.id;
    EXPECT_TRUE(ids.insert(c.id).second) << c.id;
    EXPECT_EQ(host_checks().find(c.id), &c);
  }
}

} // namespace
} // namespace dualstack::verify::host::testing
