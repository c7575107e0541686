// The lab's LoadBalancer Service: the address of each pool it uses, the node that announces it,
// the pod behind it, the stand-in BIRD's announcement and kube-proxy's DNAT (checked by nft and
// BIRD themselves where they are installed).
#include "lab/support/rendered_calico.hpp"
#include "support/config_builder.hpp"
#include "support/plan_of.hpp"

#include <dualstack/lab/loadbalancer.hpp>
#include <dualstack/lab/node_bird.hpp>
#include <dualstack/lab/process.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace dualstack::lab {
namespace {

using testing::ConfigBuilder;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::plan_of;

ConfigBuilder with_pools()
{
  return ConfigBuilder()
    .set("kubernetes.network", "loadbalancer_pool", "\"10.245.0.0/24\"")
    .set("kubernetes.network", "loadbalancer_pool_v6", "\"fdff:4::/120\"");
}

Topology topology_of(const plan::Plan& plan, int nodes)
{
  LabOptions options;
  options.id = "a1b2";
  options.nodes = nodes;
  auto t = make_topology(plan, options);
  EXPECT_TRUE(t.has_value()) << (t ? "" : t.error());
  return t ? *t : Topology{};
}

Address addr(const char* text)
{
  return *Address::parse(text);
}

TEST(LabLoadBalancer, UsesTheFirstAddressAfterThePoolsNetworkAddress)
{
  EXPECT_EQ(first_loadbalancer_address(*Prefix::parse("10.245.0.0/24")), addr("10.245.0.1"));
  EXPECT_EQ(first_loadbalancer_address(*Prefix::parse("fdff:4::/120")), addr("fdff:4::1"));
  EXPECT_EQ(first_loadbalancer_address(*Prefix::parse("192.0.2.7/32")), addr("192.0.2.7"));
  EXPECT_EQ(first_loadbalancer_address(*Prefix::parse("fdff:4::9/128")), addr("fdff:4::9"));
}

TEST(LabLoadBalancer, TheLastLabNodeAnnouncesAnAddressOfEachPoolAndItsPodAnswers)
{
  const plan::Plan plan = plan_of(with_pools());
  const Topology t = topology_of(plan, 2);
  const auto lb = make_loadbalancer(plan, t);
  ASSERT_TRUE(lb.has_value());
  EXPECT_EQ(lb->node, t.nodes.back().name);
  EXPECT_FALSE(t.nodes.back().master); // a worker, as Services' endpoints usually are
  EXPECT_EQ(lb->node_ns, "dsla1b2-n1");
  EXPECT_EQ(lb->pod_ns, "dsla1b2-p1");
  ASSERT_EQ(lb->ips.size(), 2u);
  ASSERT_NE(lb->of(Family::ipv4), nullptr);
  ASSERT_NE(lb->of(Family::ipv6), nullptr);
  EXPECT_EQ(lb->of(Family::ipv4)->address, addr("10.245.0.1"));
  EXPECT_EQ(lb->of(Family::ipv6)->address, addr("fdff:4::1"));
  EXPECT_EQ(lb->of(Family::ipv4)->backend, t.nodes.back().pod.addresses[0]);
  EXPECT_EQ(lb->of(Family::ipv6)->backend, t.nodes.back().pod.addresses[1]);
  EXPECT_EQ(announced_loadbalancer_ips(plan, t, t.nodes.back().name),
            (std::vector<Address>{ addr("10.245.0.1"), addr("fdff:4::1") }));
  EXPECT_TRUE(announced_loadbalancer_ips(plan, t, t.nodes.front().name).empty());
}

TEST(LabLoadBalancer, OnlyFamiliesWithAPoolGetAnAddressAndNoPoolMeansNoService)
{
  const plan::Plan v4 =
    plan_of(ConfigBuilder().set("kubernetes.network", "loadbalancer_pool", "\"10.245.0.0/24\""));
  const auto lb = make_loadbalancer(v4, topology_of(v4, 2));
  ASSERT_TRUE(lb.has_value());
  EXPECT_NE(lb->of(Family::ipv4), nullptr);
  EXPECT_EQ(lb->of(Family::ipv6), nullptr);
  const plan::Plan none = plan_of(ConfigBuilder());
  EXPECT_FALSE(make_loadbalancer(none, topology_of(none, 2)).has_value());
}

TEST(LabLoadBalancer, KubeProxyDnatsEachAddressServicePortToThePodsTargetPort)
{
  const plan::Plan plan = plan_of(with_pools());
  const Topology t = topology_of(plan, 2);
  const auto lb = make_loadbalancer(plan, t);
  ASSERT_TRUE(lb.has_value());
  const std::string rules = kube_proxy_rules(*lb);
  // Applying it again (a migration adds a family) replaces the table instead of adding to it.
  EXPECT_THAT(rules,
              HasSubstr("table inet dualstack_lab_kube_proxy\ndelete table inet "
                        "dualstack_lab_kube_proxy\n"));
  EXPECT_THAT(rules,
              HasSubstr(fmt::format("ip daddr 10.245.0.1 tcp dport 443 dnat ip to {}:8443\n",
                                    t.nodes.back().pod.addresses[0].to_string())));
  EXPECT_THAT(rules,
              HasSubstr(fmt::format("ip6 daddr fdff:4::1 tcp dport 443 dnat ip6 to [{}]:8443\n",
                                    t.nodes.back().pod.addresses[1].to_string())));
  if (geteuid() != 0 || !run_command({ "nft", "--version" }).ok())
    GTEST_SKIP() << "nft -c needs root and nftables";
  const std::string path =
    std::filesystem::temp_directory_path() / fmt::format("kube-proxy-{}.nft", getpid());
  std::ofstream(path) << rules;
  const auto checked = run_command({ "nft", "-c", "-f", path });
  std::filesystem::remove(path);
  EXPECT_TRUE(checked.ok()) << checked.output << rules;
}

TEST(LabLoadBalancer, TheAnnouncingNodesBirdExportsTheAddressesAsHostRoutes)
{
  const plan::Plan plan = plan_of(with_pools());
  const Topology t = topology_of(plan, 2);
  const LabNode& node = t.nodes.back();
  // As calico/node's routeGenerator: a Local Service's address, inside serviceLoadBalancerIPs,
  // becomes a static route of the node with the endpoint, and the export filter passes it.
  const CalicoObjects objects = calico_testing::parsed(calico_testing::rendered_calico_files(plan));
  const auto conf = node_bird_config(objects, plan, t, node);
  ASSERT_TRUE(conf.has_value()) << conf.error();
  EXPECT_THAT(*conf, HasSubstr("  route 10.245.0.1/32 blackhole; # Static routes.\n"));
  EXPECT_THAT(*conf, HasSubstr("  route fdff:4::1/128 blackhole; # Static routes.\n"));
  EXPECT_THAT(*conf, HasSubstr("  if ( net ~ 10.245.0.1/32 ) then { accept; }\n"));
  EXPECT_THAT(*conf, HasSubstr("  if ( net ~ fdff:4::1/128 ) then { accept; }\n"));
  const auto other = node_bird_config(objects, plan, t, t.nodes.front());
  ASSERT_TRUE(other.has_value()) << other.error();
  EXPECT_THAT(*other, Not(HasSubstr("10.245.0.1/32")));
  EXPECT_THAT(*other, Not(HasSubstr("fdff:4::1/128")));
  if (!run_command({ "bird", "--version" }).output.starts_with("BIRD"))
    GTEST_SKIP() << "bird is not installed";
  const std::string path =
    std::filesystem::temp_directory_path() / fmt::format("node-bird-lb-{}.conf", getpid());
  std::ofstream(path) << *conf;
  const auto parsed = run_command({ "bird", "-p", "-c", path });
  std::filesystem::remove(path);
  EXPECT_TRUE(parsed.ok()) << parsed.output << *conf;
}

} // namespace
} // namespace dualstack::lab
