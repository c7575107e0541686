// Config -> Plan: the four family shapes, host layout, API endpoint, peers, BGP and VRRP.
#include "support/config_builder.hpp"

#include <dualstack/config/loader.hpp>
#include <dualstack/plan/derive.hpp>
#include <dualstack/plan/plan_json.hpp>

#include <gtest/gtest.h>

namespace dualstack::plan {
namespace {

using net::Family;
using testing::ConfigBuilder;

Plan plan_of(const ConfigBuilder& builder)
{
  auto loaded = config::load_config_text(builder.text(), "config.toml");
  EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().message);
  auto result = derive_plan(loaded->config, loaded->findings);
  // The base config's ULA IPv6 warns (rule ipv6-egress, tests/plan/rules_test.cpp); nothing else
  // may.
  for (const auto& f : result.findings.all()) {
    if (f.rule != "ipv6-egress" || f.severity != Severity::warning)
      ADD_FAILURE() << f.rule << ": " << f.message;
  }
  return result.plan.value_or(Plan{});
}

Plan plan_of(config::Config config)
{
  auto result = derive_plan(config, Findings("c.toml"));
  EXPECT_TRUE(result.plan);
  return result.plan.value_or(Plan{});
}

TEST(Derive, DualStackIsIpv4PrimaryByDefault)
{
  const Plan p = plan_of(ConfigBuilder());
  ASSERT_EQ(p.families(), (std::vector<Family>{ Family::ipv4, Family::ipv6 }));
  EXPECT_EQ(p.networks.at(p.families()[0]).cluster_subnet.to_string(), "172.30.154.0/24");
  EXPECT_EQ(p.networks.at(p.families()[1]).cluster_subnet.to_string(), "fd00::/120");
  EXPECT_EQ(p.api.control_plane_endpoint, "172.30.154.2:8888");
}

TEST(Derive, MtusFollowTheNetworkMtu)
{
  const Plan plain = plan_of(ConfigBuilder().set("terraform", "network_mtu", "1442"));
  EXPECT_EQ(plain.network_mtu, 1442);
  EXPECT_EQ(plain.mtu, 1442) << "no encapsulation: Calico's MTU is the network's";
  EXPECT_EQ(plain.wireguard_mtu, 1362) << "80 bytes of WireGuard over IPv6";
  const Plan vxlan = plan_of(ConfigBuilder()
                               .set("kubernetes.network.calico", "encapsulation", "\"VXLAN\"")
                               .set("kubernetes.network.calico", "encapsulation_v6", "\"VXLAN\""));
  EXPECT_EQ(vxlan.mtu, 1450 - 70) << "VXLAN over IPv6 is the larger overhead";
  const Plan ipip =
    plan_of(ConfigBuilder().set("kubernetes.network.calico", "ipipmode", "\"Always\""));
  EXPECT_EQ(ipip.mtu, 1450 - 20);
  const Plan given = plan_of(ConfigBuilder().set("kubernetes.network.calico", "mtu", "1400"));
  EXPECT_EQ(given.mtu, 1400) << "an explicit mtu that fits is kept";
}

TEST(Derive, InterfacesComeFromTheConfig)
{
  const Plan defaults = plan_of(ConfigBuilder());
  EXPECT_EQ(defaults.gateway_interface, "eth0");
  EXPECT_EQ(defaults.node_interface, "eth0");
  const Plan p = plan_of(ConfigBuilder()
                           .set("terraform", "gateway_interface", "\"ens3\"")
                           .set("terraform", "node_interface", "\"enp1s0\""));
  EXPECT_EQ(p.gateway_interface, "ens3");
  EXPECT_EQ(p.node_interface, "enp1s0");
  EXPECT_EQ(to_json(p)["interfaces"]["node"], "enp1s0");
}

TEST(Derive, Ipv6PrimaryPutsIpv6FirstEverywhere)
{
  const Plan p = plan_of(ConfigBuilder().set("kubernetes.network", "primary_family", "\"ipv6\""));
  ASSERT_EQ(p.families(), (std::vector<Family>{ Family::ipv6, Family::ipv4 }));
  EXPECT_EQ(p.networks.at(p.families()[0]).pod_subnet.to_string(), "fdff:2::/56");
  EXPECT_EQ(p.api.control_plane_endpoint, "[fd00::2]:8888");
  for (const auto& host : p.hosts) {
    ASSERT_EQ(host.addresses.size(), 2u);
    EXPECT_EQ(host.addresses.values()[0].family(), Family::ipv6) << host.name;
  }
}

TEST(Derive, Ipv6OnlyHasNoIpv4Anywhere)
{
  const Plan p =
    plan_of(ConfigBuilder()
              .set("terraform", "ipv4_enabled", "false")
              .set("terraform", "subnet_v6_cidr", "\"fd00::/120\"")
              .raw("[[wireguard.endpoints]]\nid = 0\npublic_endpoint = \"[2001:db8::7]:7777\"\n"));
  ASSERT_EQ(p.families(), (std::vector<Family>{ Family::ipv6 }));
  const std::string json = to_json(p).dump();
  EXPECT_EQ(json.find("\"ipv4\":"), std::string::npos) << json;
  EXPECT_EQ(json.find("172.30."), std::string::npos);
  for (const auto& s : p.bgp_sessions)
    EXPECT_EQ(s.family, Family::ipv6);
  ASSERT_EQ(p.vrrp_instances.size(), 1u);
  EXPECT_EQ(p.vrrp_instances.values()[0].vip.to_string(), "fd00::2");
}

TEST(Derive, Ipv4OnlyIsTheYaookDefault)
{
  const Plan p = plan_of(ConfigBuilder().set("terraform", "ipv6_enabled", "false"));
  ASSERT_EQ(p.families(), (std::vector<Family>{ Family::ipv4 }));
  EXPECT_EQ(p.wireguard_endpoints.at(0).ranges.size(), 1u);
}

TEST(Derive, HostsShareOffsetsAcrossFamiliesAndGatewaysComeFirst)
{
  const Plan p = plan_of(ConfigBuilder());
  ASSERT_EQ(p.hosts.size(), 4u);
  EXPECT_EQ(p.hosts[0].name, "managed-k8s-gw-0");
  EXPECT_EQ(p.hosts[0].addresses.values()[0].to_string(), "172.30.154.3");
  EXPECT_EQ(p.hosts[0].addresses.values()[1].to_string(), "fd00::3");
  EXPECT_EQ(p.hosts[2].name, "m0");
  EXPECT_EQ(p.hosts[2].addresses.values()[0].to_string(), "172.30.154.10");
  EXPECT_EQ(p.hosts[2].addresses.values()[1].to_string(), "fd00::a");
  EXPECT_EQ(p.hosts[3].name, "w0");
  EXPECT_EQ(p.network(Family::ipv4).router.to_string(), "172.30.154.1");
  EXPECT_EQ(p.network(Family::ipv4).vip.to_string(), "172.30.154.2");
  EXPECT_EQ(p.network(Family::ipv4).dhcp_last.to_string(), "172.30.154.254");
  EXPECT_EQ(p.network(Family::ipv6).dhcp_last.to_string(), "fd00::ff");
}

TEST(Derive, AddingAGatewayUpToSevenNeverMovesANode)
{
  const Plan two = plan_of(ConfigBuilder());
  const Plan seven =
    plan_of(ConfigBuilder()
              .set("terraform", "gateway_count", "7")
              .set("load-balancing", "vrrp_priorities", "[200, 180, 160, 140, 120, 100, 80]"));
  EXPECT_EQ(two.host("m0")->addresses, seven.host("m0")->addresses);
  EXPECT_EQ(two.host("w0")->addresses, seven.host("w0")->addresses);
}

TEST(Derive, NodesSortNaturally)
{
  auto builder = ConfigBuilder().remove("terraform.nodes.w0", "role");
  builder = ConfigBuilder::empty();
  builder.set("terraform", "gateway_count", "1")
    .set("load-balancing", "vrrp_priorities", "[100]")
    .set("kubernetes", "version", "\"1.31.0\"")
    .set("terraform.nodes.worker-10", "role", "\"worker\"")
    .set("terraform.nodes.worker-9", "role", "\"worker\"")
    .set("terraform.nodes.master-0", "role", "\"master\"");
  const Plan p = plan_of(builder);
  const auto nodes = p.k8s_nodes();
  ASSERT_EQ(nodes.size(), 3u);
  EXPECT_EQ(nodes[0]->name, "master-0");
  EXPECT_EQ(nodes[1]->name, "worker-9");
  EXPECT_EQ(nodes[2]->name, "worker-10");
}

TEST(Derive, ServiceAndDnsAddressesFollowKubeadm)
{
  const Plan p = plan_of(ConfigBuilder());
  EXPECT_EQ(p.network(Family::ipv4).kubernetes_service_ip.to_string(), "10.96.0.1");
  EXPECT_EQ(p.network(Family::ipv4).dns_service_ip.to_string(), "10.96.0.10");
  EXPECT_EQ(p.network(Family::ipv6).kubernetes_service_ip.to_string(), "fdff:3::1");
  EXPECT_EQ(p.network(Family::ipv6).dns_service_ip.to_string(), "fdff:3::a");
}

TEST(Derive, CalicoIpv6AutodetectionUsesTheIpv6ClusterSubnet)
{
  const Plan p = plan_of(ConfigBuilder());
  EXPECT_EQ(p.network(Family::ipv6).pool.autodetection_method, "cidr=fd00::/120");
  EXPECT_EQ(p.network(Family::ipv6).pool.block_size, 122);
  EXPECT_EQ(p.network(Family::ipv4).pool.block_size, 26);
  EXPECT_TRUE(p.network(Family::ipv4).pool.nat_outgoing);
  EXPECT_FALSE(p.network(Family::ipv6).pool.nat_outgoing);
}

TEST(Derive, EveryNodePeersWithTheVipOfEachFamily)
{
  const Plan p = plan_of(ConfigBuilder());
  ASSERT_EQ(p.bgp_sessions.size(), 4u); // 2 nodes x 2 families
  for (const auto& s : p.bgp_sessions) {
    EXPECT_EQ(s.vip, p.network(s.family).vip);
    EXPECT_EQ(s.node_as, 64512u);
    EXPECT_EQ(s.gateway_as, 65000u);
  }
}

TEST(Derive, VrrpInstancePerFamilyWithPrioritiesDescending)
{
  const Plan p = plan_of(ConfigBuilder().set("load-balancing", "vrrp_priorities", "[90, 150]"));
  ASSERT_EQ(p.vrrp_instances.size(), 2u);
  EXPECT_NE(p.vrrp_instances.values()[0].name, p.vrrp_instances.values()[1].name);
  EXPECT_EQ(p.vrrp_instances.values()[0].members[0].gateway, "managed-k8s-gw-1");
  EXPECT_EQ(p.vrrp_instances.values()[0].members[0].priority, 150);
}

TEST(Derive, DnsEndpointGoesIntoSansWithBothVips)
{
  const Plan p = plan_of(
    ConfigBuilder().set("kubernetes.apiserver", "control_plane_endpoint", "\"api.example.com\""));
  EXPECT_EQ(p.api.control_plane_endpoint, "api.example.com:8888");
  EXPECT_EQ(p.api.dns_name, "api.example.com");
  EXPECT_EQ(p.api.cert_sans,
            (std::vector<std::string>{ "api.example.com", "172.30.154.2", "fd00::2" }));
}

const std::string key_b = "\"J4kSWeKsuixyE6aoqNSgQaxMsXwJe0GHFVvBgbXdb0o=\"";
const std::string key_c = "\"Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE=\"";

TEST(Derive, PeersGetOneSlotInEveryRangeSkippingTheGateway)
{
  const Plan p = plan_of(ConfigBuilder());
  ASSERT_EQ(p.wireguard_peers.size(), 1u);
  EXPECT_EQ(p.wireguard_peers[0].offset, 2u);
  EXPECT_EQ(p.wireguard_peers[0].addresses[0].values()[0].to_string(), "172.30.153.66");
  EXPECT_EQ(p.wireguard_peers[0].addresses[0].values()[1].to_string(), "fd01::2");
}

TEST(Derive, RecordedSlotsKeepPeersInPlaceWhenAnotherIsInsertedBefore)
{
  // First render: alice alone, recorded at slot 2.
  auto first = config::load_config_text(ConfigBuilder().text(), "c.toml");
  ASSERT_TRUE(first);
  const Plan before = plan_of(first->config);
  // Then bob is added *before* alice in the file; with the recorded state alice stays.
  auto builder = ConfigBuilder::empty();
  builder = ConfigBuilder();
  std::string text = builder.text();
  const std::string bob = "[[wireguard.peers]]\nident = \"bob\"\npub_key = " + key_b + "\n";
  text.insert(text.find("[[wireguard.peers]]"), bob);
  auto second = config::load_config_text(text, "c.toml");
  ASSERT_TRUE(second);
  second->config.peer_state["alice"] = before.wireguard_peers[0].offset;
  const Plan after = plan_of(second->config);
  ASSERT_EQ(after.wireguard_peers.size(), 2u);
  EXPECT_EQ(after.wireguard_peers[0].ident, "bob");
  EXPECT_EQ(after.wireguard_peers[1].ident, "alice");
  EXPECT_EQ(after.wireguard_peers[1].addresses, before.wireguard_peers[0].addresses);
  EXPECT_NE(after.wireguard_peers[0].offset, after.wireguard_peers[1].offset);
}

TEST(Derive, PinnedPeerKeepsItsAddress)
{
  const Plan p = plan_of(ConfigBuilder().raw(
    "[[wireguard.peers]]\nident = \"bob\"\npub_key = " + key_b + "\nipv6 = \"fd01::30\"\n"));
  ASSERT_EQ(p.wireguard_peers.size(), 2u);
  EXPECT_EQ(p.wireguard_peers[1].offset, 0x30u);
  EXPECT_EQ(p.wireguard_peers[1].addresses[0].values()[0].to_string(), "172.30.153.112");
  EXPECT_EQ(p.wireguard_peers[1].addresses[0].values()[1].to_string(), "fd01::30");
}

TEST(Derive, IsDeterministic)
{
  const std::string a = to_json(plan_of(ConfigBuilder())).dump();
  const std::string b = to_json(plan_of(ConfigBuilder())).dump();
  EXPECT_EQ(a, b);
}

TEST(Derive, CapacityCountsHostsNodesAndPeers)
{
  const Plan p = plan_of(ConfigBuilder());
  bool saw_hosts = false;
  for (const auto& c : p.capacity) {
    if (c.range == "cluster subnet 172.30.154.0/24") {
      saw_hosts = true;
      // 256 offsets: 0 network, 1 router, 2 VIP, 3-9 gateway slots, 247-254 DHCP reserve,
      // 255 broadcast; nodes fit in 10-246 (237), plus the 2 gateways.
      EXPECT_EQ(c.fits, "239");
      EXPECT_EQ(c.used, "4");
    }
  }
  EXPECT_TRUE(saw_hosts);
}

} // namespace
} // namespace dualstack::plan

namespace dualstack::plan {
namespace {

TEST(Derive, WireguardEndpointsTheClientsAndGatewaysDialComeFromTheConfig)
{
  const Plan p =
    plan_of(ConfigBuilder()
              .raw("[[wireguard.endpoints]]\nid = 0\npublic_endpoint = \"[2001:db8::2]:7777\"\n")
              .raw("[[wireguard.peers]]\nident = \"site-b\"\n"
                   "pub_key = \"J4kSWeKsuixyE6aoqNSgQaxMsXwJe0GHFVvBgbXdb0o=\"\n"
                   "endpoint = \"198.51.100.7:51820\"\n"));
  ASSERT_EQ(p.wireguard_endpoints.size(), 1u);
  EXPECT_EQ(p.wireguard_endpoints[0].public_endpoint, "[2001:db8::2]:7777");
  ASSERT_EQ(p.wireguard_peers.size(), 2u);
  EXPECT_EQ(p.wireguard_peers[0].endpoint, ""); // alice roams
  EXPECT_EQ(p.wireguard_peers[1].endpoint, "198.51.100.7:51820");
}

} // namespace
} // namespace dualstack::plan
