// The IPv6 egress decision (plan/egress.hpp) and what derive_plan makes of it: the router route,
// the metadata URL and the config drive.
#include "support/plan_of.hpp"

#include <dualstack/plan/egress.hpp>

#include <gtest/gtest.h>

namespace dualstack::plan {
namespace {

using testing::ConfigBuilder;

net::Prefix p(const char* text)
{
  return *net::Prefix::parse(text);
}

TEST(Ipv6Egress, AGlobalPodPrefixIsRouted)
{
  EXPECT_EQ(ipv6_egress(p("fd00::/120"), p("2001:db8:20::/56"), false), Ipv6Egress::routed);
  EXPECT_EQ(ipv6_egress(p("2001:db8:10::/64"), p("2001:db8:20::/56"), false), Ipv6Egress::routed);
}

TEST(Ipv6Egress, AUlaPodPrefixIsMasqueradedOnlyToAGlobalSubnet)
{
  EXPECT_EQ(ipv6_egress(p("2001:db8:10::/64"), p("fdff:2::/56"), true), Ipv6Egress::nat66);
  EXPECT_EQ(ipv6_egress(p("fd00::/120"), p("fdff:2::/56"), true), Ipv6Egress::none)
    << "masquerading to a ULA node address reaches nothing either";
  EXPECT_EQ(ipv6_egress(p("2001:db8:10::/64"), p("fdff:2::/56"), false), Ipv6Egress::none);
}

TEST(Ipv6Egress, Names)
{
  EXPECT_EQ(to_string(Ipv6Egress::none), "none");
  EXPECT_EQ(to_string(Ipv6Egress::routed), "routed");
  EXPECT_EQ(to_string(Ipv6Egress::nat66), "nat66");
}

TEST(Ipv6Egress, RoutedPlanRoutesThePodPrefixToTheIpv6Vip)
{
  const Plan plan = testing::plan_of(
    ConfigBuilder().set("kubernetes.network", "pod_subnet_v6", "\"2001:db8:20::/56\""));
  EXPECT_EQ(plan.ipv6_egress, Ipv6Egress::routed);
  ASSERT_EQ(plan.router_routes.size(), 1u);
  EXPECT_EQ(plan.router_routes[0].destination.to_string(), "2001:db8:20::/56");
  EXPECT_EQ(plan.router_routes[0].next_hop.to_string(), "fd00::2");
  EXPECT_FALSE(plan.network(net::Family::ipv6).pool.nat_outgoing);
}

TEST(Ipv6Egress, Nat66PlanHasNoRouterRoute)
{
  const Plan plan =
    testing::plan_of(ConfigBuilder()
                       .set("terraform", "subnet_v6_cidr", "\"2001:db8:10::/64\"")
                       .set("kubernetes.network.calico", "nat_outgoing_v6", "true"));
  EXPECT_EQ(plan.ipv6_egress, Ipv6Egress::nat66);
  EXPECT_TRUE(plan.router_routes.empty());
  EXPECT_TRUE(plan.network(net::Family::ipv6).pool.nat_outgoing);
}

TEST(Ipv6Egress, NoneWithoutIpv6)
{
  const Plan plan = testing::plan_of(ConfigBuilder().set("terraform", "ipv6_enabled", "false"));
  EXPECT_EQ(plan.ipv6_egress, Ipv6Egress::none);
  EXPECT_TRUE(plan.router_routes.empty());
}

TEST(Ipv6Egress, Ipv6OnlyNodesReachTheMetadataServiceByLinkLocalAddressAndConfigDrive)
{
  const Plan v6 = testing::plan_of(ConfigBuilder()
                                     .set("terraform", "ipv4_enabled", "false")
                                     .set("terraform", "subnet_v6_cidr", "\"2001:db8:10::/64\"")
                                     .set("terraform", "node_interface", "\"ens3\""));
  EXPECT_EQ(v6.metadata_url, "http://[fe80::a9fe:a9fe%25ens3]");
  EXPECT_TRUE(v6.config_drive);
  const Plan dual = testing::plan_of(ConfigBuilder());
  EXPECT_EQ(dual.metadata_url, "http://169.254.169.254");
  EXPECT_FALSE(dual.config_drive);
}

} // namespace
} // namespace dualstack::plan
