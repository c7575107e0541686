// The lab's topology from a Plan: names unique to the lab id, node choice, Calico blocks, pods;
// the lab's environment fed in through the Config.
#include "render/gateway_test_support.hpp"

#include <dualstack/lab/environment.hpp>
#include <dualstack/lab/topology.hpp>
#include <dualstack/plan/derive.hpp>

#include <gtest/gtest.h>

#include <algorithm>

namespace dualstack::lab {
namespace {

using render::gateway_testing::config_text;
using render::gateway_testing::plan_for;
using render::gateway_testing::Shape;

config::Config config_for(Shape shape)
{
  auto loaded = config::load_config_text(config_text(shape), "gateway-test.toml");
  if (!loaded)
    throw std::runtime_error(loaded.error().message);
  return loaded->config;
}

Topology topology_of(const plan::Plan& plan,
                     int nodes,
                     int gateways = 0,
                     const std::string& client = "roaming")
{
  LabOptions options;
  options.id = "a1b2";
  options.nodes = nodes;
  options.gateways = gateways;
  options.client = client;
  auto t = make_topology(plan, options);
  EXPECT_TRUE(t.has_value()) << (t ? "" : t.error());
  return t ? *t : Topology{};
}

TEST(LabTopology, NamesCarryTheLabIdAndWireguardNamesFitInterfaceNames)
{
  const auto t = topology_of(plan_for(Shape::dual), 4);
  for (const auto& ns : t.namespaces())
    EXPECT_EQ(ns.rfind("dsla1b2-", 0), 0u) << ns;
  for (const auto& wg_if : t.wg_interfaces()) {
    EXPECT_EQ(wg_if.rfind("dsla1b2", 0), 0u) << wg_if;
    EXPECT_LE(wg_if.size(), 15u) << wg_if; // IFNAMSIZ - 1
  }
  EXPECT_EQ(t.gateways.at(0).wg_ifs.at(0), "dsla1b2g0w0");
  EXPECT_EQ(t.client.wg_if, "dsla1b2c");
}

TEST(LabTopology, EveryClusterWithIpv6GetsTheInternetsIpv6Host)
{
  for (Shape shape : { Shape::dual, Shape::ipv6_primary, Shape::ipv6_only }) {
    const auto t = topology_of(plan_for(shape), 2);
    ASSERT_TRUE(t.internet.has_value());
    EXPECT_EQ(t.internet->ns, "dsla1b2-inet");
    EXPECT_EQ(t.internet->subnet.to_string(), "2001:db8:5100::/64");
    EXPECT_EQ(t.internet->router.to_string(), "2001:db8:5100::1");
    EXPECT_EQ(t.internet->host.to_string(), "2001:db8:5100::200");
    const auto namespaces = t.namespaces();
    EXPECT_NE(std::find(namespaces.begin(), namespaces.end(), "dsla1b2-inet"), namespaces.end());
  }
  // IPv6-only: the public network is that subnet already, with the same router address.
  const auto v6 = topology_of(plan_for(Shape::ipv6_only), 2);
  EXPECT_EQ(v6.public_net.router, v6.internet->router);
  const auto v4 = topology_of(plan_for(Shape::ipv4_only), 2);
  EXPECT_FALSE(v4.internet.has_value());
  const auto namespaces = v4.namespaces();
  EXPECT_EQ(std::find(namespaces.begin(), namespaces.end(), "dsla1b2-inet"), namespaces.end());
}

TEST(LabTopology, SmallLabsKeepAMasterAndAWorker)
{
  const auto t = topology_of(plan_for(Shape::dual), 2);
  ASSERT_EQ(t.nodes.size(), 2u);
  EXPECT_TRUE(t.nodes[0].master);
  EXPECT_FALSE(t.nodes[1].master);
  const auto one = topology_of(plan_for(Shape::dual), 1);
  ASSERT_EQ(one.nodes.size(), 1u);
  EXPECT_TRUE(one.nodes[0].master);
}

TEST(LabTopology, EachNodeGetsItsOwnCalicoBlockPerFamilyAndAPodInIt)
{
  const plan::Plan plan = plan_for(Shape::dual);
  const auto t = topology_of(plan, 4);
  ASSERT_EQ(t.nodes.size(), 4u);
  for (std::size_t i = 0; i < t.nodes.size(); ++i) {
    const auto& n = t.nodes[i];
    ASSERT_EQ(n.blocks.size(), 2u);
    for (std::size_t f = 0; f < 2; ++f) {
      const auto& pool = plan.network(plan.families()[f]).pool;
      EXPECT_EQ(n.blocks[f].length(), pool.block_size);
      EXPECT_TRUE(pool.cidr.contains(n.blocks[f]));
      EXPECT_TRUE(n.blocks[f].contains(n.pod.addresses[f]));
      for (std::size_t j = 0; j < i; ++j)
        EXPECT_FALSE(n.blocks[f].overlaps(t.nodes[j].blocks[f]));
    }
  }
}

TEST(LabTopology, GatewaysCanBeScaledDownButNotBelowTwo)
{
  const plan::Plan plan = plan_for(Shape::dual, 3);
  EXPECT_EQ(topology_of(plan, 2).gateways.size(), 3u);
  EXPECT_EQ(topology_of(plan, 2, 2).gateways.size(), 2u);
  LabOptions options;
  options.id = "1";
  options.gateways = 1;
  auto t = make_topology(plan, options);
  ASSERT_FALSE(t.has_value());
  EXPECT_NE(t.error().find("at least 2 gateways"), std::string::npos);
}

TEST(LabTopology, EnvironmentGivesTheClientAFixedEndpointAndTheServersTheFloatingIp)
{
  const config::Config config = config_for(Shape::dual);
  const auto t = topology_of(plan_for(Shape::dual), 2, 0, "fixed");
  EXPECT_FALSE(t.site.has_value()) << "a fixed client has no site peer beside it";
  const std::string key = render::generate_key_pair().public_key;
  auto plan = derive_lab_plan(config, t, key);
  ASSERT_TRUE(plan.has_value()) << plan.error();
  EXPECT_EQ(plan->wireguard_endpoints.front().public_endpoint,
            t.public_net.floating_ip.to_string() + ":" +
              std::to_string(plan->wireguard_endpoints.front().port));
  EXPECT_EQ(plan->wireguard_peers.front().pub_key, key);
  EXPECT_EQ(plan->wireguard_peers.front().endpoint, "198.51.100.100:51820");
}

TEST(LabTopology, RoamingClientSitsBehindAHomeRouterAndHasNoEndpointInThePlan)
{
  const config::Config config = config_for(Shape::dual);
  const plan::Plan config_plan = plan_for(Shape::dual);
  LabOptions options;
  options.id = "a1b2";
  options.nodes = 2;
  options.client = "roaming";
  const auto t = make_topology(config_plan, options);
  ASSERT_TRUE(t.has_value());
  EXPECT_TRUE(t->client.roaming);
  EXPECT_EQ(t->client.home_ns, "dsla1b2-home");
  const auto namespaces = t->namespaces();
  EXPECT_NE(std::find(namespaces.begin(), namespaces.end(), "dsla1b2-home"), namespaces.end());
  EXPECT_EQ(t->client.lan.to_string(), "192.168.77.0/24");
  EXPECT_FALSE(t->public_net.subnet.contains(t->client.lan_address))
    << "the laptop is not on the internet";
  const std::string key = render::generate_key_pair().public_key;
  const std::string site_key = render::generate_key_pair().public_key;
  auto plan = derive_lab_plan(config, *t, key, site_key);
  ASSERT_TRUE(plan.has_value()) << plan.error();
  EXPECT_EQ(plan->wireguard_peers.front().endpoint, "")
    << "the gateways learn a roaming peer only when it dials in";
  // Beside the laptop, the config's second peer is a site peer with a fixed endpoint.
  ASSERT_GE(plan->wireguard_peers.size(), 2u);
  ASSERT_TRUE(t->site.has_value());
  EXPECT_EQ(t->site->ns, "dsla1b2-site");
  EXPECT_EQ(t->site->peer_ident, plan->wireguard_peers[1].ident);
  EXPECT_NE(std::find(namespaces.begin(), namespaces.end(), "dsla1b2-site"), namespaces.end());
  const auto interfaces = t->wg_interfaces();
  EXPECT_NE(std::find(interfaces.begin(), interfaces.end(), "dsla1b2s"), interfaces.end());
  EXPECT_EQ(plan->wireguard_peers[1].pub_key, site_key);
  EXPECT_EQ(plan->wireguard_peers[1].endpoint, "198.51.100.101:51820");
}

TEST(LabTopology, ARoutedIpv6OnlyLabsClientsDialTheVipThatThePlanDerives)
{
  auto loaded =
    config::load_config_file(std::string(DUALSTACK_SOURCE_DIR) + "/examples/ipv6-only/config.toml");
  ASSERT_TRUE(loaded.has_value());
  const auto config_plan = plan::derive_plan(loaded->config, loaded->findings);
  ASSERT_TRUE(config_plan.plan.has_value());
  const auto t = topology_of(*config_plan.plan, 2, 2);
  ASSERT_TRUE(t.public_net.routed);
  auto plan = derive_lab_plan(loaded->config, t, render::generate_key_pair().public_key);
  ASSERT_TRUE(plan.has_value()) << plan.error();
  const auto& endpoint = plan->wireguard_endpoints.front();
  EXPECT_EQ(endpoint.public_endpoint,
            "[" + plan->network(net::Family::ipv6).vip.to_string() +
              "]:" + std::to_string(endpoint.port));
  EXPECT_EQ(t.public_net.floating_ip, plan->network(net::Family::ipv6).vip);
}

TEST(LabTopology, AnEnvironmentThatBreaksARuleIsAnErrorNamingIt)
{
  const config::Config config = config_for(Shape::dual);
  const auto t = topology_of(plan_for(Shape::dual), 2, 0, "roaming");
  ASSERT_TRUE(t.site.has_value());
  auto bad_key = derive_lab_plan(config, t, "KEY=");
  ASSERT_FALSE(bad_key.has_value()) << "a client key that is no X25519 key is checked like any";
  EXPECT_NE(bad_key.error().find("the lab's environment"), std::string::npos) << bad_key.error();
  EXPECT_NE(bad_key.error().find("is not a base64 X25519 public key"), std::string::npos)
    << bad_key.error();
  const std::string key = render::generate_key_pair().public_key;
  auto same_key = derive_lab_plan(config, t, key, key);
  ASSERT_FALSE(same_key.has_value()) << "the client and the site peer share a key";
  EXPECT_NE(same_key.error().find("have the same `pub_key`"), std::string::npos)
    << same_key.error();
}

TEST(LabTopology, Ipv6OnlyClustersUseAnIpv6PublicNetwork)
{
  const auto t = topology_of(plan_for(Shape::ipv6_only), 2);
  EXPECT_EQ(t.public_net.family, net::Family::ipv6);
}

TEST(LabId, AcceptsShortLowercaseHexOnly)
{
  EXPECT_TRUE(valid_lab_id("a1b2"));
  EXPECT_TRUE(valid_lab_id(random_lab_id()));
  EXPECT_FALSE(valid_lab_id(""));
  EXPECT_FALSE(valid_lab_id("A1"));
  EXPECT_FALSE(valid_lab_id("a1b2c3d"));
  EXPECT_FALSE(valid_lab_id("x/../"));
}

} // namespace
} // namespace dualstack::lab
