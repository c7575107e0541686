// IPv6 egress as the renderers carry it out: a routed pod prefix gets a router route to the IPv6
// VIP, ports and security groups that let the master forward it, and an untracked forward path
// in the gateways' nftables; NAT66 is the IPv6 pool's natOutgoing; IPv6-only instances get a
// config drive.
#include "gateway_test_support.hpp"
#include "support/plan_of.hpp"
#include "support/terraform_schema.hpp"

#include <dualstack/render/renderers.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace dualstack::render {
namespace {

using gateway_testing::artifact;
using testing::ConfigBuilder;
using ::testing::HasSubstr;
using ::testing::Not;
using json = nlohmann::json;

ConfigBuilder routed()
{
  return ConfigBuilder().set("kubernetes.network", "pod_subnet_v6", "\"2001:db8:20::/56\"");
}

ConfigBuilder nat66()
{
  return ConfigBuilder()
    .set("terraform", "subnet_v6_cidr", "\"2001:db8:10::/64\"")
    .set("kubernetes.network.calico", "nat_outgoing_v6", "true");
}

json terraform_of(const ConfigBuilder& builder)
{
  return json::parse(
    artifact(render_terraform(testing::plan_of(builder)), "terraform/main.tf.json").content);
}

std::string nftables_of(const ConfigBuilder& builder)
{
  const plan::Plan plan = testing::plan_of(builder);
  return gateway_testing::gateway_file(
    gateway_testing::render(plan), *plan.hosts_with(plan::HostRole::gateway)[0], "nftables.conf");
}

TEST(Ipv6Egress, TerraformRoutesThePodPrefixToTheIpv6VipAfterTheRouterInterface)
{
  const json tf = terraform_of(routed());
  EXPECT_EQ(
    tf["resource"]["openstack_networking_router_route_v2"],
    json::parse(R"J({"route_0": {"router_id": "${openstack_networking_router_v2.cluster.id}",
                                        "destination_cidr": "2001:db8:20::/56", "next_hop": "fd00::2",
                                        "depends_on": ["openstack_networking_router_interface_v2.cluster_ipv6"]}})J"));
  EXPECT_TRUE(dualstack::testing::IsValidTerraformJson(tf.dump()));
  EXPECT_FALSE(terraform_of(nat66())["resource"].contains("openstack_networking_router_route_v2"));
  EXPECT_FALSE(
    terraform_of(ConfigBuilder())["resource"].contains("openstack_networking_router_route_v2"));
}

TEST(Ipv6Egress, RoutedGatewaysMayForwardFromAnywhere)
{
  const json tf = terraform_of(routed());
  const json& pairs =
    tf["resource"]["openstack_networking_port_v2"]["managed-k8s-gw-0"]["allowed_address_pairs"];
  EXPECT_EQ(pairs.back(), json({ { "ip_address", "::/0" } }));
  EXPECT_EQ(
    tf["resource"]["openstack_networking_secgroup_rule_v2"]["gateway_routed_pods_ipv6"],
    json::parse(
      R"J({"description": "traffic from anywhere to the routed pod prefix 2001:db8:20::/56 (router route to the VIP)",
                            "direction": "ingress", "ethertype": "IPv6", "remote_ip_prefix": "::/0",
                            "security_group_id": "${openstack_networking_secgroup_v2.gateway.id}"})J"));
  const json plain = terraform_of(nat66());
  EXPECT_FALSE(plain["resource"]["openstack_networking_secgroup_rule_v2"].contains(
    "gateway_routed_pods_ipv6"));
  EXPECT_THAT(
    plain["resource"]["openstack_networking_port_v2"]["managed-k8s-gw-0"]["allowed_address_pairs"]
      .dump(),
    Not(HasSubstr("::/0")));
}

TEST(Ipv6Egress, PodIngressPortsOpenTheNodesGroupFromAnywhereOverIpv6)
{
  const json tf =
    terraform_of(routed().set("kubernetes.network", "pod_ingress_v6_tcp_ports", "[443, 8443]"));
  const json& rules = tf["resource"]["openstack_networking_secgroup_rule_v2"];
  EXPECT_EQ(
    rules["node_pod_ingress_443_ipv6"],
    json::parse(
      R"J({"description": "TCP 443 from anywhere to the routed pods in 2001:db8:20::/56 (pod_ingress_v6_tcp_ports; the node's own address too)",
                            "direction": "ingress", "ethertype": "IPv6", "protocol": "tcp",
                            "port_range_min": 443, "port_range_max": 443, "remote_ip_prefix": "::/0",
                            "security_group_id": "${openstack_networking_secgroup_v2.node.id}"})J"));
  EXPECT_EQ(rules["node_pod_ingress_8443_ipv6"]["port_range_min"], 8443);
  EXPECT_FALSE(rules.contains("node_pod_ingress_443_ipv4"));
  EXPECT_TRUE(dualstack::testing::IsValidTerraformJson(tf.dump()));
  EXPECT_THAT(terraform_of(routed()).dump(), Not(HasSubstr("pod_ingress")))
    << "nothing opened without the opt-in";
}

TEST(Ipv6Egress, RoutedGatewaysForwardThePodPrefixUntracked)
{
  const std::string nft = nftables_of(routed());
  EXPECT_THAT(
    nft,
    HasSubstr("  chain prerouting {\n"
              "    type filter hook prerouting priority raw; policy accept;\n"
              "    iifname \"eth0\" ip6 daddr 2001:db8:20::/56 notrack    # routed IPv6 pods: one "
              "direction only\n"
              "  }\n"));
  EXPECT_THAT(
    nft,
    HasSubstr("    meta l4proto ipv6-icmp accept\n"
              "    iifname \"eth0\" oifname \"eth0\" ip6 daddr 2001:db8:20::/56 accept    # routed "
              "IPv6 pods: the router's route to the VIP\n"));
  for (const ConfigBuilder& other : { nat66(), ConfigBuilder() }) {
    const std::string text = nftables_of(other);
    EXPECT_THAT(text, Not(HasSubstr("notrack")));
    EXPECT_THAT(text, Not(HasSubstr("prerouting")));
  }
}

// Returns the YAML document of calico/manifest/ippools.yaml that holds `cidr`.
std::string pool_document(const ConfigBuilder& builder, const std::string& cidr)
{
  const std::string yaml =
    artifact(render_calico(testing::plan_of(builder)), "calico/manifest/ippools.yaml").content;
  const auto at = yaml.find("cidr: " + cidr);
  if (at == std::string::npos)
    return "";
  const auto start = yaml.rfind("---", at);
  const auto end = yaml.find("---", at);
  return yaml.substr(start == std::string::npos ? 0 : start,
                     end == std::string::npos ? std::string::npos : end - start);
}

TEST(Ipv6Egress, CalicoPoolMasqueradesOnlyWithNat66)
{
  EXPECT_THAT(pool_document(routed(), "2001:db8:20::/56"), HasSubstr("natOutgoing: false"));
  EXPECT_THAT(pool_document(nat66(), "fdff:2::/56"), HasSubstr("natOutgoing: true"));
}

TEST(Ipv6Egress, Ipv6OnlyInstancesGetAConfigDrive)
{
  const json v6 = terraform_of(ConfigBuilder()
                                 .set("terraform", "ipv4_enabled", "false")
                                 .set("terraform", "subnet_v6_cidr", "\"2001:db8:10::/64\""));
  for (const auto& [name, instance] : v6["resource"]["openstack_compute_instance_v2"].items())
    EXPECT_EQ(instance.value("config_drive", false), true) << name;
  EXPECT_TRUE(dualstack::testing::IsValidTerraformJson(v6.dump()));
  const json v4 = terraform_of(ConfigBuilder());
  for (const auto& [name, instance] : v4["resource"]["openstack_compute_instance_v2"].items())
    EXPECT_FALSE(instance.contains("config_drive")) << name << ": IPv4 reaches 169.254.169.254";
}

} // namespace
} // namespace dualstack::render
