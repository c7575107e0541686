// Every config rule: a config that breaks it is caught at the right place, and the valid base
// config passes. One table row per violation.
#include "support/config_builder.hpp"

#include <dualstack/config/loader.hpp>
#include <dualstack/plan/derive.hpp>
#include <dualstack/plan/rules.hpp>

#include <gtest/gtest.h>

#include <set>

namespace dualstack {
namespace {

using testing::ConfigBuilder;

struct RuleCase
{
  std::string name; // test name suffix
  std::string rule;
  ConfigBuilder config;
  // The finding points at the first occurrence of this text; a `|` in it marks the exact spot
  // (`ipv4_enabled = |false` points at the value of that key, not at the first `false`).
  std::string anchor;
};

SourcePos position_of_text(const std::string& text, std::string anchor)
{
  const auto bar = anchor.find('|');
  const std::size_t skip = bar == std::string::npos ? 0 : bar;
  if (bar != std::string::npos)
    anchor.erase(bar, 1);
  const auto found = text.find(anchor);
  if (found == std::string::npos)
    return {};
  const auto offset = found + skip;
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return { line, static_cast<int>(offset - line_start) + 1 };
}

ConfigBuilder base()
{
  return ConfigBuilder();
}

const std::string key_a = "\"x7u9JDVy7tU2Ttd7XPvdg1EOBmNDV1O2N4oc+DgvkGE=\"";
const std::string key_b = "\"J4kSWeKsuixyE6aoqNSgQaxMsXwJe0GHFVvBgbXdb0o=\"";

std::vector<RuleCase> cases()
{
  return {
    { "UnknownKeyInReadSection",
      "unknown-key",
      base().set("terraform", "subnet_v6_cdir", "\"fd00::/120\""),
      "subnet_v6_cdir" },
    { "ConflictingIpv6Switches",
      "conflicting-keys",
      base().set("terraform", "dualstack_support", "false"),
      "dualstack_support = |false" },
    { "NodeWithoutRole",
      "node-role",
      base().remove("terraform.nodes.w0", "role"),
      "[terraform.nodes.w0]" },
    { "NodeWithGatewayRole",
      "node-role",
      base().set("terraform.nodes.w0", "role", "\"gateway\""),
      "\"gateway\"" },
    { "AddressWithLeadingZero",
      "address-syntax",
      base().set("kubernetes.network", "pod_subnet", "\"10.244.00.0/16\""),
      "\"10.244.00.0/16\"" },
    { "PrefixWithZoneId",
      "address-syntax",
      base().set("terraform", "subnet_v6_cidr", "\"fd00::%eth0/120\""),
      "\"fd00::%eth0/120\"" },
    { "PrefixWithHostBits",
      "prefix-masked",
      base().set("terraform", "subnet_v6_cidr", "\"fd00::1/120\""),
      "\"fd00::1/120\"" },
    { "NoFamilyEnabled",
      "family-enabled",
      base().set("terraform", "ipv4_enabled", "false").set("terraform", "ipv6_enabled", "false"),
      "ipv4_enabled = |false" },
    { "PrimaryFamilyDisabled",
      "primary-family",
      base()
        .set("terraform", "ipv6_enabled", "false")
        .set("kubernetes.network", "primary_family", "\"ipv6\""),
      "\"ipv6\"" },
    { "PrimaryFamilyMisspelt",
      "primary-family",
      base().set("kubernetes.network", "primary_family", "\"IPv6\""),
      "\"IPv6\"" },
    { "Ipv4CidrInIpv6Field",
      "field-family",
      base().set("terraform", "subnet_v6_cidr", "\"172.30.155.0/24\""),
      "\"172.30.155.0/24\"" },
    { "Ipv6PodSubnetInIpv4Field",
      "field-family",
      base().set("kubernetes.network", "pod_subnet", "\"fdff:9::/56\""),
      "\"fdff:9::/56\"" },
    { "Ipv4WireguardGatewayInIpv6Field",
      "field-family",
      base().set("", "wg_ipv6_gw", "\"172.30.153.65/26\""),
      "\"172.30.153.65/26\"" },
    { "DualStackWithoutCalico",
      "dualstack-needs-calico",
      base().set("kubernetes.network", "plugin", "\"flannel\""),
      "\"flannel\"" },
    { "SecondEndpointWithoutIpv6",
      "ipv6-settings",
      base().raw("[[wireguard.endpoints]]\nid = 0\n[[wireguard.endpoints]]\nid = 1\nport = "
                 "7778\nip_cidr = \"172.30.152.0/26\"\nip_gw = \"172.30.152.1/26\"\n"),
      "[[wireguard.endpoints]]\nid = 1" },
    { "SecondEndpointWithoutIpv4",
      "ipv4-settings",
      base().raw("[[wireguard.endpoints]]\nid = 0\n[[wireguard.endpoints]]\nid = 1\nport = "
                 "7778\nipv6_cidr = \"fd02::/120\"\nipv6_gw = \"fd02::1/120\"\n"),
      "[[wireguard.endpoints]]\nid = 1" },
    { "PodSubnetOverlapsServiceSubnet",
      "overlap",
      base().set("kubernetes.network", "service_subnet", "\"10.244.128.0/20\""),
      "\"10.244.128.0/20\"" },
    { "WireguardRangeInsideClusterSubnet",
      "overlap",
      base().set("", "wg_ipv6_cidr", "\"fd00::80/121\"").set("", "wg_ipv6_gw", "\"fd00::81/121\""),
      "\"fd00::80/121\"" },
    { "LinkLocalPodSubnet",
      "reserved-range",
      base().set("kubernetes.network", "pod_subnet_v6", "\"fe80::/56\""),
      "\"fe80::/56\"" },
    { "LoopbackClusterSubnet",
      "reserved-range",
      base().set("terraform", "subnet_cidr", "\"127.0.0.0/24\""),
      "\"127.0.0.0/24\"" },
    { "Ipv4MappedServiceSubnet",
      "reserved-range",
      base().set("kubernetes.network", "service_subnet_v6", "\"::ffff:0:0/108\""),
      "\"::ffff:0:0/108\"" },
    { "MulticastPodSubnet",
      "reserved-range",
      base().set("kubernetes.network", "pod_subnet", "\"224.0.0.0/16\""),
      "\"224.0.0.0/16\"" },
    { "Ipv6ServiceSubnetTooLarge",
      "service-subnet-size",
      base().set("kubernetes.network", "service_subnet_v6", "\"fdff:3::/64\""),
      "\"fdff:3::/64\"" },
    { "Ipv4ServiceSubnetTooSmall",
      "service-subnet-size",
      base().set("kubernetes.network", "service_subnet", "\"10.96.0.0/29\""),
      "\"10.96.0.0/29\"" },
    { "PodSubnetTooSmall",
      "pod-subnet-size",
      base()
        .set("kubernetes.network", "pod_subnet", "\"10.244.0.0/29\"")
        .set("kubernetes.controller_manager", "node_cidr_mask_size_v4", "29")
        .set("kubernetes.network.calico", "block_size_v4", "29"),
      "\"10.244.0.0/29\"" },
    { "NodeMaskShorterThanPodSubnet",
      "node-mask",
      base().set("kubernetes.controller_manager", "node_cidr_mask_size_v4", "8"),
      "8" },
    { "NodeMaskGapOver16",
      "node-mask",
      base().set("kubernetes.network", "pod_subnet_v6", "\"fdff:2::/40\""),
      "\"fdff:2::/40\"" },
    { "MissingVersion", "k8s-version", base().remove("kubernetes", "version"), "[kubernetes]" },
    { "OldVersionWithIpv6",
      "k8s-version",
      base().set("kubernetes", "version", "\"1.20.4\""),
      "\"1.20.4\"" },
    { "MalformedVersion",
      "k8s-version",
      base().set("kubernetes", "version", "\"latest\""),
      "\"latest\"" },
    { "NoMaster",
      "nodes-present",
      base().set("terraform.nodes.m0", "role", "\"worker\""),
      "[terraform]" },
    { "ClusterSubnetTooSmall",
      "capacity-hosts",
      base().set("terraform", "subnet_v6_cidr", "\"fd00::/124\""),
      "\"fd00::/124\"" },
    { "TooFewNodeCidrs",
      "capacity-node-cidrs",
      base()
        .set("kubernetes.network", "pod_subnet", "\"10.244.0.0/24\"")
        .set("kubernetes.network.calico", "block_size_v4", "28"),
      "\"10.244.0.0/24\"" },
    { "TooManyPeersForRange",
      "capacity-peers",
      base()
        .set("", "wg_ipv6_cidr", "\"fd01::/126\"")
        .set("", "wg_ipv6_gw", "\"fd01::1/126\"")
        .raw("[[wireguard.peers]]\nident = \"b\"\npub_key = " + key_b +
             "\n[[wireguard.peers]]\nident = \"c\"\npub_key = "
             "\"Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE=\"\n"),
      "\"fd01::/126\"" },
    { "Ipv6BlockSizeOfIpv4Range",
      "calico-block-size",
      base().set("kubernetes.network.calico", "block_size_v6", "26"),
      "26" },
    { "Ipv4BlockTooSmall",
      "calico-block-size",
      base().set("kubernetes.network.calico", "block_size_v4", "19"),
      "19" },
    { "PoolSmallerThanBlock",
      "calico-pool-block",
      base()
        .set("kubernetes.network", "pod_subnet_v6", "\"fdff:2::/124\"")
        .set("kubernetes.controller_manager", "node_cidr_mask_size_v6", "124")
        .set("kubernetes.network.calico", "block_size_v6", "122"),
      "122" },
    { "IpipOnIpv6Pool",
      "calico-encapsulation",
      base().set("kubernetes.network.calico", "encapsulation_v6", "\"IPIP\""),
      "\"IPIP\"" },
    { "UnknownEncapsulation",
      "calico-encapsulation",
      base().set("kubernetes.network.calico", "encapsulation", "\"GRE\""),
      "\"GRE\"" },
    { "UnknownInstallMode",
      "install-mode",
      base().set("kubernetes.network.calico", "install_mode", "\"helm\""),
      "\"helm\"" },
    { "UnknownAutodetectionMethod",
      "calico-autodetection",
      base().set("kubernetes.network.calico", "ipv6_autodetection_method", "\"nearest\""),
      "\"nearest\"" },
    { "Ipv4CidrInIpv6Autodetection",
      "calico-autodetection",
      base().set(
        "kubernetes.network.calico", "ipv6_autodetection_method", "\"cidr=172.30.154.0/24\""),
      "\"cidr=172.30.154.0/24\"" },
    { "EmptyInterfaceAutodetection",
      "calico-autodetection",
      base().set("kubernetes.network.calico", "ip_autodetection_method", "\"interface=\""),
      "\"interface=\"" },
    { "MtuTooSmallForIpv6", "mtu", base().set("kubernetes.network.calico", "mtu", "1200"), "1200" },
    { "CalicoMtuLargerThanNetwork",
      "mtu",
      base().set("kubernetes.network.calico", "mtu", "1500"),
      "1500" },
    { "CalicoMtuPlusVxlanLargerThanNetwork",
      "mtu",
      base()
        .set("kubernetes.network.calico", "mtu", "1450")
        .set("kubernetes.network.calico", "encapsulation_v6", "\"VXLAN\""),
      "mtu = |1450" },
    { "DerivedCalicoMtuBelowIpv6Minimum",
      "mtu",
      base()
        .set("wireguard", "enabled", "false")
        .set("terraform", "network_mtu", "1300")
        .set("kubernetes.network.calico", "encapsulation_v6", "\"VXLAN\""),
      "1300" },
    { "NetworkMtuTooSmallForIpv6InWireguard",
      "network-mtu",
      base().set("terraform", "network_mtu", "1300"),
      "1300" },
    { "NetworkMtuAboveJumbo",
      "network-mtu",
      base().set("terraform", "network_mtu", "9216"),
      "9216" },
    { "GatewayInterfaceTooLong",
      "interface-name",
      base().set("terraform", "gateway_interface", "\"enp0s31f6-cluster0\""),
      "\"enp0s31f6-cluster0\"" },
    { "NodeInterfaceWithSlash",
      "interface-name",
      base().set("terraform", "node_interface", "\"eth/0\""),
      "\"eth/0\"" },
    { "UnknownIpv6AddressMode",
      "ipv6-address-mode",
      base().set("terraform", "ipv6_address_mode", "\"dhcp\""),
      "\"dhcp\"" },
    { "GlobalPodPrefixMasqueraded",
      "ipv6-egress",
      base()
        .set("kubernetes.network", "pod_subnet_v6", "\"2001:db8:20::/56\"")
        .set("kubernetes.network.calico", "nat_outgoing_v6", "true"),
      "nat_outgoing_v6 = |true" },
    { "PodIngressWithUlaPods",
      "ipv6-pod-ingress",
      base().set("kubernetes.network", "pod_ingress_v6_tcp_ports", "[443]"),
      "pod_ingress_v6_tcp_ports = |[443]" },
    { "PodIngressPortZero",
      "ipv6-pod-ingress",
      base()
        .set("kubernetes.network", "pod_subnet_v6", "\"2001:db8:20::/56\"")
        .set("kubernetes.network", "pod_ingress_v6_tcp_ports", "[443, 0]"),
      "[443, |0]" },
    { "PodIngressPortTwice",
      "ipv6-pod-ingress",
      base()
        .set("kubernetes.network", "pod_subnet_v6", "\"2001:db8:20::/56\"")
        .set("kubernetes.network", "pod_ingress_v6_tcp_ports", "[443, 8443, 443]"),
      "8443, |443]" },
    { "SlaacOnSmallSubnet",
      "slaac-needs-64",
      base()
        .set("terraform", "ipv6_address_mode", "\"slaac\"")
        .set("terraform", "ipv6_ra_mode", "\"slaac\""),
      "[terraform]" },
    { "WireguardGatewayOutsideRange",
      "wireguard-gateway",
      base().set("", "wg_ipv6_gw", "\"fd02::1/120\""),
      "\"fd02::1/120\"" },
    { "WireguardGatewayPrefixLengthDiffers",
      "wireguard-gateway",
      base().set("", "wg_ipv6_gw", "\"fd01::1/64\""),
      "\"fd01::1/64\"" },
    { "WireguardGatewayIsNetworkAddress",
      "wireguard-gateway",
      base().set("", "wg_ipv6_gw", "\"fd01::/120\""),
      "\"fd01::/120\"" },
    { "InvalidPublicKey",
      "wireguard-key",
      base().raw("[[wireguard.peers]]\nident = \"bob\"\npub_key = \"not-a-key\"\n"),
      "\"not-a-key\"" },
    { "SharedPublicKey",
      "wireguard-key",
      base().raw("[[wireguard.peers]]\nident = \"bob\"\npub_key = " + key_a + "\n"),
      "ident = \"bob\"\npub_key = |" + key_a },
    { "DuplicatePeerIdent",
      "duplicate-name",
      base().raw("[[wireguard.peers]]\nident = \"alice\"\npub_key = " + key_b + "\n"),
      "\"alice\"\npub_key = " + key_b },
    { "PinnedPeerOutsideRange",
      "peer-address",
      base().raw("[[wireguard.peers]]\nident = \"bob\"\npub_key = " + key_b +
                 "\nipv6 = \"fd09::5\"\n"),
      "\"fd09::5\"" },
    { "PinnedPeerSlotOutsideIpv4Range",
      "peer-address",
      base().raw("[[wireguard.peers]]\nident = \"bob\"\npub_key = " + key_b +
                 "\nipv6 = \"fd01::40\"\n"),
      "\"fd01::40\"" },
    { "DuplicateWireguardPort",
      "port",
      base().raw("[[wireguard.endpoints]]\nid = 0\n[[wireguard.endpoints]]\nid = 1\nport = "
                 "7777\nip_cidr = \"172.30.152.0/26\"\nip_gw = \"172.30.152.1/26\"\nipv6_cidr = "
                 "\"fd02::/120\"\nipv6_gw = \"fd02::1/120\"\n"),
      "7777" },
    { "PublicEndpointInsideClusterSubnet",
      "wireguard-endpoint",
      base().raw("[[wireguard.endpoints]]\nid = 0\npublic_endpoint = \"172.30.154.2:7777\"\n"),
      "\"172.30.154.2:7777\"" },
    { "PublicEndpointWithoutPort",
      "wireguard-endpoint",
      base().raw("[[wireguard.endpoints]]\nid = 0\npublic_endpoint = \"vpn.example.com\"\n"),
      "\"vpn.example.com\"" },
    { "PeerEndpointUnbracketedIpv6",
      "wireguard-endpoint",
      base().raw("[[wireguard.peers]]\nident = \"site-b\"\npub_key = " + key_b +
                 "\nendpoint = \"2001:db8::1:51820\"\n"),
      "\"2001:db8::1:51820\"" },
    { "LoadBalancerPoolOfDisabledFamily",
      "loadbalancer-pool",
      base()
        .set("terraform", "ipv6_enabled", "false")
        .set("kubernetes.network", "loadbalancer_pool_v6", "\"fd10::/120\""),
      "\"fd10::/120\"" },
    { "LoadBalancerPoolOverlapsPods",
      "overlap",
      base().set("kubernetes.network", "loadbalancer_pool", "\"10.244.9.0/24\""),
      "\"10.244.9.0/24\"" },
    { "Ipv6LoadBalancerPoolInIpv4Field",
      "field-family",
      base().set("kubernetes.network", "loadbalancer_pool", "\"fd10::/120\""),
      "\"fd10::/120\"" },
    { "NoGateways", "gateway-count", base().set("terraform", "gateway_count", "0"), "0" },
    { "SameAsForNodesAndGateways",
      "bgp-as",
      base().set("load-balancing", "bgp_gateway_as", "64512"),
      "64512" },
    { "ReservedAsNumber",
      "bgp-as",
      base().set("kubernetes.network", "bgp_node_as", "23456"),
      "23456" },
    { "TooFewVrrpPriorities",
      "vrrp-priorities",
      base().set("load-balancing", "vrrp_priorities", "[150]"),
      "[150]" },
    { "DuplicateVrrpPriorities",
      "vrrp-priorities",
      base().set("load-balancing", "vrrp_priorities", "[100, 100]"),
      "[100, 100]" },
    { "VrrpPriorityOwnerValue",
      "vrrp-priorities",
      base().set("load-balancing", "vrrp_priorities", "[255, 100]"),
      "[255, 100]" },
    { "VrrpAdvertIntTooLarge",
      "vrrp-settings",
      base().set("load-balancing", "vrrp_advert_int", "60"),
      "60" },
    { "UnbracketedIpv6Endpoint",
      "api-endpoint",
      base().set("kubernetes.apiserver", "control_plane_endpoint", "\"fd00::2\""),
      "\"fd00::2\"" },
    { "EndpointWithPort",
      "api-endpoint",
      base().set("kubernetes.apiserver", "control_plane_endpoint", "\"api.example.com:6443\""),
      "\"api.example.com:6443\"" },
    { "NodePortOutOfRange",
      "lb-ports",
      base().set("load-balancing", "lb_ports", "[8080]"),
      "8080" },
    { "LbPortCollidesWithApi",
      "lb-ports",
      base().set("load-balancing", "lb_ports", "[{external = 8888, nodeport = 30080}]"),
      "{external = 8888" },
  };
}

class RuleTest : public ::testing::TestWithParam<RuleCase>
{};

TEST_P(RuleTest, CatchesViolationAtItsValue)
{
  const RuleCase& c = GetParam();
  const std::string text = c.config.text();
  auto loaded = config::load_config_text(text, "config.toml");
  ASSERT_TRUE(loaded) << loaded.error().message << "\n" << text;
  auto result = plan::derive_plan(loaded->config, loaded->findings);
  const SourcePos expected = position_of_text(text, c.anchor);
  ASSERT_TRUE(expected.known()) << "anchor not in text: " << c.anchor;
  bool found = false;
  std::string all;
  for (const auto& f : result.findings.all()) {
    all += f.rule + " " + std::to_string(f.pos.line) + ":" + std::to_string(f.pos.column) + " " +
           f.message + "\n";
    if (f.rule == c.rule && f.pos == expected && f.severity == Severity::error)
      found = true;
  }
  EXPECT_TRUE(found) << "expected error[" << c.rule << "] at " << expected.line << ":"
                     << expected.column << "\nfound:\n"
                     << all << "\nconfig:\n"
                     << text;
  EXPECT_FALSE(result.plan.has_value()) << "a config with errors must not produce a Plan";
}

INSTANTIATE_TEST_SUITE_P(Rules,
                         RuleTest,
                         ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<RuleCase>& param_info) {
                           return param_info.param.name;
                         });

TEST(Rules, BaseConfigHasNoFindingsButTheUlaEgressWarning)
{
  // The base config is yaook's default dual-stack network: ULA IPv6 everywhere, which nothing
  // outside routes (rule ipv6-egress, tested below).
  auto loaded = config::load_config_text(ConfigBuilder().text(), "config.toml");
  ASSERT_TRUE(loaded);
  auto result = plan::derive_plan(loaded->config, loaded->findings);
  for (const auto& f : result.findings.all()) {
    if (f.rule != "ipv6-egress" || f.severity != Severity::warning)
      ADD_FAILURE() << f.rule << ": " << f.message;
  }
  EXPECT_TRUE(result.plan.has_value());
}

TEST(Rules, EveryListedRuleHasATestOrIsALoaderRule)
{
  std::set<std::string> tested;
  for (const auto& c : cases())
    tested.insert(c.rule);
  // Rules only a broken file can trigger are tested in tests/config/loader_test.cpp.
  const std::set<std::string> loader_only = {
    "input-file", "input-size", "toml-syntax", "value-type"
  };
  // Rules that only warn, each with its own test below.
  const std::set<std::string> warning_only = { "ipv6-reachable" };
  for (const auto& rule : plan::config_rules()) {
    const std::string id(rule.id);
    EXPECT_TRUE(tested.count(id) || loader_only.count(id) || warning_only.count(id))
      << "rule " << id << " has no test case";
  }
}

std::vector<Finding> warnings_of(const ConfigBuilder& builder, const std::string& rule)
{
  auto loaded = config::load_config_text(builder.text(), "config.toml");
  EXPECT_TRUE(loaded);
  if (!loaded)
    return {};
  auto result = plan::derive_plan(loaded->config, loaded->findings);
  EXPECT_TRUE(result.plan.has_value()) << "a warning never stops the Plan";
  std::vector<Finding> out;
  for (const auto& f : result.findings.all())
    if (f.rule == rule && f.severity == Severity::warning)
      out.push_back(f);
  return out;
}

TEST(Rules, WarnsWhenNobodyCanReachAnIpv6OnlyCluster)
{
  const ConfigBuilder ipv6_only = base().set("terraform", "ipv4_enabled", "false");
  const auto ula = warnings_of(ipv6_only, "ipv6-reachable");
  ASSERT_EQ(ula.size(), 1u);
  EXPECT_NE(ula[0].message.find("fd00::/120"), std::string::npos) << ula[0].message;
  EXPECT_NE(ula[0].hint.find("global prefix"), std::string::npos) << ula[0].hint;
  EXPECT_EQ(ula[0].pos, position_of_text(ipv6_only.text(), "[terraform]"))
    << "the default subnet: its section";

  EXPECT_TRUE(warnings_of(base()
                            .set("terraform", "ipv4_enabled", "false")
                            .set("terraform", "subnet_v6_cidr", "\"2001:db8:10::/64\""),
                          "ipv6-reachable")
                .empty())
    << "a global subnet is reached at the VIP";
  EXPECT_TRUE(
    warnings_of(ConfigBuilder(ipv6_only).raw(
                  "[[wireguard.endpoints]]\nid = 0\npublic_endpoint = \"[2001:db8::7]:7777\"\n"),
                "ipv6-reachable")
      .empty())
    << "a public endpoint that forwards to the VIP";
  EXPECT_TRUE(warnings_of(base(), "ipv6-reachable").empty()) << "dual-stack has IPv4 floating IPs";
}

TEST(Rules, WarnsWhenIpv6PodsReachNothingOutside)
{
  const auto ula = warnings_of(base(), "ipv6-egress");
  ASSERT_EQ(ula.size(), 1u);
  EXPECT_EQ(ula[0].message,
            "no pod reaches an IPv6 address outside the cluster: `pod_subnet_v6` `fdff:2::/56` is "
            "not a global prefix and nothing masquerades it (Neutron routers do no NAT66)");
  EXPECT_EQ(
    ula[0].hint,
    "use a global `pod_subnet_v6` that your cloud routes to this router (the router then sends "
    "it to the IPv6 VIP), or set `nat_outgoing_v6 = true` with a global `subnet_v6_cidr` (NAT66 "
    "to the nodes' addresses; with `subnet_v6_pool_id` when it comes from an OpenStack subnet "
    "pool)");
  EXPECT_EQ(ula[0].pos, position_of_text(base().text(), "[kubernetes.network]"))
    << "the default prefix: its section";

  const ConfigBuilder nat_to_ula =
    base().set("kubernetes.network.calico", "nat_outgoing_v6", "true");
  const auto masqueraded = warnings_of(nat_to_ula, "ipv6-egress");
  ASSERT_EQ(masqueraded.size(), 1u);
  EXPECT_EQ(masqueraded[0].message,
            "no pod reaches an IPv6 address outside the cluster: `nat_outgoing_v6` masquerades "
            "pods to their nodes' addresses in `subnet_v6_cidr` `fd00::/120`, a prefix "
            "nothing outside routes");
  EXPECT_EQ(masqueraded[0].pos, position_of_text(nat_to_ula.text(), "nat_outgoing_v6 = |true"));

  EXPECT_TRUE(warnings_of(base().set("kubernetes.network", "pod_subnet_v6", "\"2001:db8:20::/56\""),
                          "ipv6-egress")
                .empty())
    << "routed";
  EXPECT_TRUE(warnings_of(base()
                            .set("terraform", "subnet_v6_cidr", "\"2001:db8:10::/64\"")
                            .set("kubernetes.network.calico", "nat_outgoing_v6", "true"),
                          "ipv6-egress")
                .empty())
    << "NAT66 to the nodes' global addresses";
  EXPECT_TRUE(warnings_of(base().set("terraform", "ipv6_enabled", "false"), "ipv6-egress").empty())
    << "IPv4-only";
}

std::vector<Finding> errors_of(const ConfigBuilder& builder, const std::string& rule)
{
  auto loaded = config::load_config_text(builder.text(), "config.toml");
  EXPECT_TRUE(loaded);
  if (!loaded)
    return {};
  auto result = plan::derive_plan(loaded->config, loaded->findings);
  std::vector<Finding> out;
  for (const auto& f : result.findings.all())
    if (f.rule == rule && f.severity == Severity::error)
      out.push_back(f);
  return out;
}

ConfigBuilder routed_with_ports(const std::string& ports)
{
  return base()
    .set("kubernetes.network", "pod_subnet_v6", "\"2001:db8:20::/56\"")
    .set("kubernetes.network", "pod_ingress_v6_tcp_ports", ports);
}

TEST(Rules, PodIngressPortsOpenRoutedPodsAndSayTheyOpenTheNodesToo)
{
  const ConfigBuilder routed = routed_with_ports("[443, 8443]");
  const auto warnings = warnings_of(routed, "ipv6-pod-ingress");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].message,
            "TCP 443, 8443 from anywhere reaches every node's own global IPv6 address too, not "
            "only the pods in `2001:db8:20::/56`: a Neutron security-group rule matches the "
            "source, never the destination");
  EXPECT_EQ(warnings[0].hint,
            "keep no host service of the nodes on these ports, or filter them on the nodes (a "
            "Calico host endpoint policy)");
  EXPECT_EQ(warnings[0].pos, position_of_text(routed.text(), "pod_ingress_v6_tcp_ports = |[443"));
  EXPECT_TRUE(errors_of(routed, "ipv6-pod-ingress").empty());
  EXPECT_TRUE(warnings_of(base().set("kubernetes.network", "pod_subnet_v6", "\"2001:db8:20::/56\""),
                          "ipv6-pod-ingress")
                .empty())
    << "no ports, no warning";
}

TEST(Rules, PodIngressPortsNeedRoutedPodsAndValidPortsOnce)
{
  const ConfigBuilder ula = base().set("kubernetes.network", "pod_ingress_v6_tcp_ports", "[443]");
  const auto not_routed = errors_of(ula, "ipv6-pod-ingress");
  ASSERT_EQ(not_routed.size(), 1u);
  EXPECT_EQ(not_routed[0].message,
            "`pod_ingress_v6_tcp_ports` opens ports to pods from the internet, but "
            "`pod_subnet_v6` `fdff:2::/56` is not routed to them (IPv6 egress `none`): "
            "nothing outside reaches a ULA pod");
  EXPECT_EQ(not_routed[0].hint,
            "remove `pod_ingress_v6_tcp_ports`, or use a global `pod_subnet_v6` that your cloud "
            "routes to this router");
  EXPECT_EQ(not_routed[0].pos, position_of_text(ula.text(), "pod_ingress_v6_tcp_ports = |[443]"));

  const ConfigBuilder bad = routed_with_ports("[443, 65536, 443]");
  const auto errors = errors_of(bad, "ipv6-pod-ingress");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].message, "`pod_ingress_v6_tcp_ports` has 65536, not a TCP port");
  EXPECT_EQ(errors[0].hint, "use ports from 1 to 65535");
  EXPECT_EQ(errors[0].pos, position_of_text(bad.text(), "[443, |65536"));
  EXPECT_EQ(errors[1].message, "`pod_ingress_v6_tcp_ports` lists 443 twice");
  EXPECT_EQ(errors[1].hint, "list each port once");
  EXPECT_EQ(errors[1].pos, position_of_text(bad.text(), "65536, |443]"));
  EXPECT_TRUE(warnings_of(routed_with_ports("[443]"), "ipv6-pod-ingress").size() == 1u);

  const ConfigBuilder ipv4_only = base()
                                    .set("terraform", "ipv6_enabled", "false")
                                    .set("kubernetes.network", "pod_ingress_v6_tcp_ports", "[443]");
  const auto off = errors_of(ipv4_only, "ipv6-pod-ingress");
  ASSERT_EQ(off.size(), 1u);
  EXPECT_EQ(off[0].message, "`pod_ingress_v6_tcp_ports` opens ports to IPv6 pods, but IPv6 is off");
}

TEST(Rules, MessagesNameTheValueAndSuggestTheFix)
{
  auto loaded = config::load_config_text(
    base().set("terraform", "subnet_v6_cidr", "\"fd00::1/120\"").text(), "config.toml");
  ASSERT_TRUE(loaded);
  auto result = plan::derive_plan(loaded->config, loaded->findings);
  ASSERT_FALSE(result.findings.all().empty());
  const Finding& f = result.findings.all().front();
  EXPECT_EQ(f.rule, "prefix-masked");
  EXPECT_EQ(f.message, "`subnet_v6_cidr`: prefix `fd00::1/120` has host bits set");
  EXPECT_EQ(f.hint, "did you mean `fd00::/120`?");
}

} // namespace
} // namespace dualstack
