// LoadBalancer address pools per family: Calico LoadBalancer IPAM pools and BGP advertisement,
// the gateways importing and routing them, WireGuard clients reaching them when exported.
#include "gateway_test_support.hpp"
#include "support/config_builder.hpp"
#include "support/k8s_schema.hpp"
#include "support/plan_of.hpp"

#include <dualstack/render/renderers.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace dualstack::render {
namespace {

using gateway_testing::artifact;
using testing::ConfigBuilder;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::plan_of;

ConfigBuilder with_pools()
{
  return ConfigBuilder()
    .set("kubernetes.network", "loadbalancer_pool", "\"192.0.2.0/24\"")
    .set("kubernetes.network", "loadbalancer_pool_v6", "\"2001:db8:10::/120\"");
}

bool has(const Artifacts& artifacts, const std::string& path)
{
  for (const auto& a : artifacts) {
    if (a.path == path)
      return true;
  }
  return false;
}

TEST(LoadBalancerPools, ThePlanCarriesAPoolPerFamilyWithItsBlockSize)
{
  const plan::Plan plan = plan_of(
    with_pools().set("kubernetes.network", "loadbalancer_pool_v6", "\"2001:db8:10::/124\""));
  EXPECT_EQ(plan.network(net::Family::ipv4).loadbalancer_pool->to_string(), "192.0.2.0/24");
  EXPECT_EQ(plan.network(net::Family::ipv4).loadbalancer_block_size, 26);
  EXPECT_EQ(plan.network(net::Family::ipv6).loadbalancer_pool->to_string(), "2001:db8:10::/124");
  EXPECT_EQ(plan.network(net::Family::ipv6).loadbalancer_block_size,
            124); // smaller than a /122 block
}

TEST(LoadBalancerPools, CalicoGetsLoadBalancerIpPoolsThatPassTheirSchema)
{
  const Artifacts files = render_calico(plan_of(with_pools()));
  const Artifact& pools = artifact(files, "calico/loadbalancer/ippools.yaml");
  EXPECT_TRUE(testing::IsValidK8sYaml(pools.content)) << pools.content;
  const auto docs = testing::parse_yaml_documents(pools.content);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0]["metadata"]["name"], "loadbalancer-ipv4-ippool");
  EXPECT_EQ(docs[0]["spec"]["cidr"], "192.0.2.0/24");
  EXPECT_EQ(docs[0]["spec"]["allowedUses"], nlohmann::json::parse(R"(["LoadBalancer"])"));
  EXPECT_EQ(docs[1]["spec"]["cidr"], "2001:db8:10::/120");
  EXPECT_EQ(docs[1]["spec"]["natOutgoing"], false);
}

TEST(LoadBalancerPools, CalicoAdvertisesTheLoadBalancerBlocksOverBgp)
{
  const Artifacts files = render_calico(plan_of(with_pools()));
  const Artifact& bgp = artifact(files, "calico/bgp/bgpconfiguration.yaml");
  EXPECT_TRUE(testing::IsValidK8sYaml(bgp.content)) << bgp.content;
  const auto docs = testing::parse_yaml_documents(bgp.content);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0]["spec"]["serviceLoadBalancerIPs"],
            nlohmann::json::parse(R"([{"cidr": "192.0.2.0/24"}, {"cidr": "2001:db8:10::/120"}])"));
}

TEST(LoadBalancerPools, WithoutPoolsNothingIsRendered)
{
  const Artifacts files = render_calico(plan_of(ConfigBuilder()));
  EXPECT_FALSE(has(files, "calico/loadbalancer/ippools.yaml"));
  EXPECT_THAT(artifact(files, "calico/bgp/bgpconfiguration.yaml").content,
              Not(HasSubstr("serviceLoadBalancerIPs")));
}

TEST(LoadBalancerPools, GatewaysImportTheLoadBalancerRoutesFromTheNodes)
{
  const plan::Plan plan = plan_of(with_pools());
  const Artifacts files = gateway_testing::render(plan);
  const plan::Host& gw = *plan.hosts_with(plan::HostRole::gateway).front();
  const std::string bird = gateway_testing::gateway_file(files, gw, "bird.conf");
  EXPECT_THAT(bird, HasSubstr("define CLUSTER_IPV4 = [ 10.244.0.0/16+, 192.0.2.0/24+ ];"));
  EXPECT_THAT(bird, HasSubstr("define CLUSTER_IPV6 = [ fdff:2::/56+, 2001:db8:10::/120+ ];"));
}

TEST(LoadBalancerPools, WireguardClientsReachThePoolsOnlyWhenExported)
{
  const std::string exported =
    artifact(gateway_testing::render(plan_of(with_pools())), "wireguard/clients/alice-wg0.conf")
      .content;
  EXPECT_THAT(exported, HasSubstr(", 192.0.2.0/24, 2001:db8:10::/120\n"));
  const plan::Plan kept =
    plan_of(with_pools().set("load-balancing", "export_loadbalancer_pools", "false"));
  const Artifacts files = gateway_testing::render(kept);
  EXPECT_THAT(artifact(files, "wireguard/clients/alice-wg0.conf").content,
              Not(HasSubstr("192.0.2.0/24")));
  const plan::Host& gw = *kept.hosts_with(plan::HostRole::gateway).front();
  EXPECT_THAT(gateway_testing::gateway_file(files, gw, "nftables.conf"),
              Not(HasSubstr("192.0.2.0/24")));
  // still routed to the nodes
  EXPECT_THAT(gateway_testing::gateway_file(files, gw, "bird.conf"), HasSubstr("192.0.2.0/24+"));
}

} // namespace
} // namespace dualstack::render
