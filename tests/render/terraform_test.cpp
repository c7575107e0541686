// Tests for render_terraform: main.tf.json passes the OpenStack provider schema and holds exactly
// the Plan's subnets, ports, VIPs, security rules, instances and outputs, for every family shape.
#include "support/terraform_schema.hpp"

#include <dualstack/config/loader.hpp>
#include <dualstack/plan/derive.hpp>
#include <dualstack/render/renderers.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace dualstack::render {
namespace {

using json = nlohmann::json;
using net::Family;
using plan::HostRole;
using plan::Plan;

constexpr const char* ipv4_only_config = R"(
[terraform]
cluster_name = "c4"
subnet_cidr = "10.1.0.0/24"
ipv6_enabled = false
gateway_count = 2
masters = 1
workers = 2
[load-balancing]
vrrp_priorities = [150, 100]
lb_ports = [30060, {external = 80, nodeport = 30080, layer = "tcp"}]
[kubernetes]
version = "1.30.2"
[kubernetes.apiserver]
frontend_port = 8888
)";

constexpr const char* ipv6_only_config = R"(
[terraform]
cluster_name = "c6"
ipv4_enabled = false
ipv6_enabled = true
subnet_v6_cidr = "fd00:10::/120"
gateway_count = 2
masters = 3
workers = 1
[load-balancing]
vrrp_priorities = [150, 100]
[kubernetes]
version = "1.31.0"
[kubernetes.apiserver]
frontend_port = 8888
[kubernetes.network]
pod_subnet_v6 = "fdff:2::/56"
service_subnet_v6 = "fdff:3::/108"
)";

constexpr const char* ipv6_primary_config = R"(
[terraform]
cluster_name = "c46"
subnet_cidr = "10.2.0.0/24"
ipv6_enabled = true
subnet_v6_cidr = "fd00:20::/120"
gateway_count = 3
masters = 2
workers = 2
[load-balancing]
vrrp_priorities = [150, 100, 50]
lb_ports = [30060]
[kubernetes]
version = "1.32.1"
[kubernetes.apiserver]
frontend_port = 8443
[kubernetes.network]
primary_family = "ipv6"
bgp_announce_service_ips = true
)";

std::string describe(const Findings& findings)
{
  std::string text;
  for (const auto& f : findings.all())
    text += f.rule + ": " + f.message + "\n";
  return text;
}

Plan derive(tl::expected<config::LoadResult, Finding> loaded)
{
  if (!loaded)
    throw std::runtime_error("config does not load: " + loaded.error().message);
  auto result = plan::derive_plan(loaded->config, loaded->findings);
  if (!result.plan)
    throw std::runtime_error("config has errors:\n" + describe(result.findings));
  return *result.plan;
}

Plan plan_from_text(const std::string& text)
{
  return derive(config::load_config_text(text, "test.toml"));
}

Plan plan_from_example(const std::string& name)
{
  return derive(config::load_config_file(std::string(DUALSTACK_SOURCE_DIR) + "/examples/" + name +
                                         "/config.toml"));
}

// Every Plan the tests cover: both examples and the four family shapes.
struct Shape
{
  std::string name;
  Plan plan;
};

std::vector<Shape> all_shapes()
{
  return { { "examples/seed", plan_from_example("seed") },
           { "examples/yaook-default (dual-stack, IPv4 primary)",
             plan_from_example("yaook-default") },
           { "IPv4-only", plan_from_text(ipv4_only_config) },
           { "IPv6-only", plan_from_text(ipv6_only_config) },
           { "dual-stack, IPv6 primary", plan_from_text(ipv6_primary_config) } };
}

json render_json(const Plan& plan)
{
  const Artifacts artifacts = render_terraform(plan);
  if (artifacts.size() != 1)
    throw std::runtime_error("expected exactly one Terraform artifact");
  return json::parse(artifacts.front().content);
}

const json& resources(const json& tf, std::string_view type)
{
  static const json none = json::object();
  const auto& all = tf.at("resource");
  return all.contains(std::string(type)) ? all.at(std::string(type)) : none;
}

std::string resource_name(const plan::Host& host)
{
  return host.name; // Plan host names are valid Terraform identifiers already
}

std::string subnet_ref(Family f)
{
  return "${openstack_networking_subnet_v2.cluster_" + std::string(net::to_string(f)) + ".id}";
}

// Returns the security group rules of `group` for `family`.
std::vector<json> rules_of(const json& tf, const std::string& group, Family family)
{
  std::vector<json> out;
  const std::string group_ref = "${openstack_networking_secgroup_v2." + group + ".id}";
  for (const auto& [name, rule] : resources(tf, "openstack_networking_secgroup_rule_v2").items()) {
    if (rule.at("security_group_id") == group_ref &&
        rule.at("ethertype") == (family == Family::ipv4 ? "IPv4" : "IPv6")) {
      out.push_back(rule);
    }
  }
  return out;
}

// Returns the rule of `group`/`family` with `protocol` and (for TCP/UDP) `port`, if any.
std::optional<json> find_rule(const json& tf,
                              const std::string& group,
                              Family family,
                              const std::string& protocol,
                              std::optional<int> port = std::nullopt)
{
  for (const auto& rule : rules_of(tf, group, family)) {
    if (rule.value("protocol", "") != protocol)
      continue;
    if (port &&
        !(rule.value("port_range_min", -1) == *port && rule.value("port_range_max", -1) == *port))
      continue;
    return rule;
  }
  return std::nullopt;
}

std::set<std::string> pair_addresses(const json& port)
{
  std::set<std::string> out;
  for (const auto& pair : port.value("allowed_address_pairs", json::array()))
    out.insert(pair.at("ip_address"));
  return out;
}

// --- schema ----------------------------------------------------------------------------------

TEST(TerraformRender, PassesTheOpenStackProviderSchemaForEveryFamilyShape)
{
  for (const auto& shape : all_shapes()) {
    const Artifacts artifacts = render_terraform(shape.plan);
    ASSERT_EQ(artifacts.size(), 1u) << shape.name;
    EXPECT_TRUE(dualstack::testing::IsValidTerraformJson(artifacts.front().content)) << shape.name;
  }
}

TEST(TerraformRender, WritesMainTfJsonForTheOperator)
{
  const Artifacts artifacts = render_terraform(plan_from_example("yaook-default"));
  ASSERT_EQ(artifacts.size(), 1u);
  EXPECT_EQ(artifacts[0].path, "terraform/main.tf.json");
  EXPECT_EQ(artifacts[0].host, "operator");
  EXPECT_EQ(artifacts[0].target_path, "");
  EXPECT_EQ(artifacts[0].mode, 0644);
  EXPECT_FALSE(artifacts[0].secret);
  EXPECT_FALSE(artifacts[0].purpose.empty());
  const json tf = json::parse(artifacts[0].content);
  EXPECT_EQ(tf["terraform"]["required_providers"]["openstack"]["source"],
            "terraform-provider-openstack/openstack");
}

TEST(TerraformRender, IsByteIdenticalAcrossRuns)
{
  for (const auto& shape : all_shapes()) {
    EXPECT_EQ(render_terraform(shape.plan).front().content,
              render_terraform(shape.plan).front().content)
      << shape.name;
  }
}

// --- network -----------------------------------------------------------------------------------

TEST(TerraformRender, SubnetsCarryThePlansPrefixRouterAndDhcpPoolPerFamily)
{
  for (const auto& shape : all_shapes()) {
    const json tf = render_json(shape.plan);
    const auto& subnets = resources(tf, "openstack_networking_subnet_v2");
    ASSERT_EQ(subnets.size(), shape.plan.families().size()) << shape.name;
    for (const auto& [family, network] : shape.plan.networks) {
      const std::string name = "cluster_" + std::string(net::to_string(network.family));
      ASSERT_TRUE(subnets.contains(name)) << shape.name << " " << name;
      const json& subnet = subnets[name];
      EXPECT_EQ(subnet["ip_version"], network.family == Family::ipv4 ? 4 : 6) << shape.name;
      EXPECT_EQ(subnet["cidr"], network.cluster_subnet.to_string()) << shape.name;
      EXPECT_EQ(subnet["gateway_ip"], network.router.to_string()) << shape.name;
      ASSERT_EQ(subnet["allocation_pool"].size(), 1u) << shape.name;
      EXPECT_EQ(subnet["allocation_pool"][0]["start"], network.dhcp_first.to_string())
        << shape.name;
      EXPECT_EQ(subnet["allocation_pool"][0]["end"], network.dhcp_last.to_string()) << shape.name;
      EXPECT_EQ(subnet["network_id"], "${openstack_networking_network_v2.cluster.id}");
    }
  }
}

TEST(TerraformRender, Ipv6SubnetHasIpVersion6AndThePlansAddressModes)
{
  const Plan plan = plan_from_example("yaook-default");
  const json subnet =
    render_json(plan)["resource"]["openstack_networking_subnet_v2"]["cluster_ipv6"];
  EXPECT_TRUE(subnet["ip_version"].is_number_integer());
  EXPECT_EQ(subnet["ip_version"], 6);
  EXPECT_EQ(subnet["ipv6_address_mode"], plan.ipv6_address_mode);
  EXPECT_EQ(subnet["ipv6_ra_mode"], plan.ipv6_ra_mode);
  EXPECT_EQ(subnet["ipv6_address_mode"], "dhcpv6-stateful");
}

TEST(TerraformRender, Ipv4SubnetHasNoIpv6Modes)
{
  const json subnet = render_json(plan_from_example(
    "yaook-default"))["resource"]["openstack_networking_subnet_v2"]["cluster_ipv4"];
  EXPECT_EQ(subnet["ip_version"], 4);
  EXPECT_FALSE(subnet.contains("ipv6_address_mode"));
  EXPECT_FALSE(subnet.contains("ipv6_ra_mode"));
}

TEST(TerraformRender, SkipsTheSubnetAndRouterInterfaceOfADisabledFamily)
{
  const json v4 = render_json(plan_from_text(ipv4_only_config));
  EXPECT_TRUE(resources(v4, "openstack_networking_subnet_v2").contains("cluster_ipv4"));
  EXPECT_FALSE(resources(v4, "openstack_networking_subnet_v2").contains("cluster_ipv6"));
  EXPECT_FALSE(resources(v4, "openstack_networking_router_interface_v2").contains("cluster_ipv6"));
  EXPECT_FALSE(v4["output"].contains("vip_ipv6"));

  const json v6 = render_json(plan_from_text(ipv6_only_config));
  EXPECT_FALSE(resources(v6, "openstack_networking_subnet_v2").contains("cluster_ipv4"));
  EXPECT_TRUE(resources(v6, "openstack_networking_subnet_v2").contains("cluster_ipv6"));
  EXPECT_FALSE(resources(v6, "openstack_networking_router_interface_v2").contains("cluster_ipv4"));
  EXPECT_FALSE(v6["output"].contains("vip_ipv4"));
  EXPECT_EQ(v6.dump().find("\"IPv4\""), std::string::npos)
    << "no IPv4 security rule in an IPv6-only cluster";
}

TEST(TerraformRender, RouterHasAnInterfaceOnEverySubnet)
{
  for (const auto& shape : all_shapes()) {
    const json tf = render_json(shape.plan);
    const auto& interfaces = resources(tf, "openstack_networking_router_interface_v2");
    ASSERT_EQ(interfaces.size(), shape.plan.families().size()) << shape.name;
    for (Family f : shape.plan.families()) {
      const json& interface = interfaces.at("cluster_" + std::string(net::to_string(f)));
      EXPECT_EQ(interface["router_id"], "${openstack_networking_router_v2.cluster.id}");
      EXPECT_EQ(interface["subnet_id"], subnet_ref(f));
    }
  }
}

// --- ports -----------------------------------------------------------------------------------

TEST(TerraformRender, EveryHostPortHasOneFixedIpPerFamilyWithThePlansAddressPrimaryFirst)
{
  for (const auto& shape : all_shapes()) {
    const json tf = render_json(shape.plan);
    const auto& ports = resources(tf, "openstack_networking_port_v2");
    EXPECT_EQ(ports.size(), shape.plan.hosts.size() + 1)
      << shape.name << ": a port per host plus the VIP port";
    for (const auto& host : shape.plan.hosts) {
      ASSERT_TRUE(ports.contains(resource_name(host))) << shape.name << " " << host.name;
      const json& fixed = ports[resource_name(host)]["fixed_ip"];
      ASSERT_EQ(fixed.size(), shape.plan.families().size()) << shape.name << " " << host.name;
      for (std::size_t i = 0; i < host.addresses.size(); ++i) {
        EXPECT_EQ(fixed[i]["ip_address"], host.addresses.values()[i].to_string())
          << shape.name << " " << host.name;
        EXPECT_EQ(fixed[i]["subnet_id"], subnet_ref(host.addresses.values()[i].family()))
          << shape.name << " " << host.name;
      }
    }
  }
}

TEST(TerraformRender, VipPortHoldsTheVipOfEveryFamily)
{
  for (const auto& shape : all_shapes()) {
    const json port =
      render_json(shape.plan)["resource"]["openstack_networking_port_v2"]["cluster_vip"];
    ASSERT_EQ(port["fixed_ip"].size(), shape.plan.networks.size()) << shape.name;
    for (std::size_t i = 0; i < shape.plan.networks.size(); ++i) {
      EXPECT_EQ(port["fixed_ip"][i]["ip_address"],
                shape.plan.networks.at(shape.plan.families()[i]).vip.to_string())
        << shape.name;
      EXPECT_EQ(port["fixed_ip"][i]["subnet_id"],
                subnet_ref(shape.plan.networks.at(shape.plan.families()[i]).family))
        << shape.name;
    }
  }
}

TEST(TerraformRender, GatewayPortsMayCarryBothVipsAndTheWireguardRanges)
{
  const Plan plan = plan_from_example("yaook-default");
  const json tf = render_json(plan);
  for (const plan::Host* gateway : plan.hosts_with(HostRole::gateway)) {
    const auto pairs =
      pair_addresses(tf["resource"]["openstack_networking_port_v2"][gateway->name]);
    EXPECT_TRUE(pairs.contains("172.30.154.2")) << gateway->name;
    EXPECT_TRUE(pairs.contains("fd00::2")) << gateway->name;
    EXPECT_TRUE(pairs.contains("172.30.153.64/26")) << gateway->name;
    EXPECT_TRUE(pairs.contains("fd01::/120")) << gateway->name;
  }
}

TEST(TerraformRender, NodePortsMayCarryThePodSubnetsButNotTheVips)
{
  for (const auto& shape : all_shapes()) {
    const json tf = render_json(shape.plan);
    for (const plan::Host* node : shape.plan.k8s_nodes()) {
      const auto pairs = pair_addresses(tf["resource"]["openstack_networking_port_v2"][node->name]);
      for (const auto& [family, network] : shape.plan.networks) {
        EXPECT_TRUE(pairs.contains(network.pod_subnet.to_string()))
          << shape.name << " " << node->name;
        EXPECT_FALSE(pairs.contains(network.vip.to_string())) << shape.name << " " << node->name;
        EXPECT_EQ(pairs.contains(network.service_subnet.to_string()),
                  shape.plan.bgp_announce_service_ips)
          << shape.name << " " << node->name;
      }
    }
  }
}

TEST(TerraformRender, NodePortsMayAnswerFromTheLoadBalancerPoolsOfEachFamily)
{
  // api-name-loadbalancer has a LoadBalancer pool per family; kube-proxy's reverse NAT makes the
  // node answer from those addresses.
  const Plan plan = plan_from_example("api-name-loadbalancer");
  const json tf = render_json(plan);
  std::size_t pools = 0;
  for (const auto& [family, network] : plan.networks) {
    ASSERT_TRUE(network.loadbalancer_pool.has_value());
    ++pools;
    for (const plan::Host* node : plan.k8s_nodes()) {
      const auto pairs = pair_addresses(tf["resource"]["openstack_networking_port_v2"][node->name]);
      EXPECT_TRUE(pairs.contains(network.loadbalancer_pool->to_string())) << node->name;
    }
    for (const plan::Host* gateway : plan.hosts_with(HostRole::gateway)) {
      const auto pairs =
        pair_addresses(tf["resource"]["openstack_networking_port_v2"][gateway->name]);
      EXPECT_FALSE(pairs.contains(network.loadbalancer_pool->to_string())) << gateway->name;
    }
  }
  EXPECT_EQ(pools, 2u);
}

TEST(TerraformRender, KeepsPortSecurityOnEveryPort)
{
  for (const auto& shape : all_shapes()) {
    const json tf = render_json(shape.plan);
    for (const auto& [name, port] : resources(tf, "openstack_networking_port_v2").items()) {
      EXPECT_EQ(port.value("port_security_enabled", true), true) << shape.name << " " << name;
      EXPECT_FALSE(port.value("security_group_ids", json::array()).empty())
        << shape.name << " " << name;
    }
  }
}

TEST(TerraformRender, PortsCarryTheSecurityGroupsOfTheirRole)
{
  const Plan plan = plan_from_example("yaook-default");
  const json ports = render_json(plan)["resource"]["openstack_networking_port_v2"];
  auto groups_of = [&](const std::string& name) {
    return ports[name]["security_group_ids"].get<std::set<std::string>>();
  };
  const std::string prefix = "${openstack_networking_secgroup_v2.";
  EXPECT_EQ(groups_of("managed-k8s-gw-0"),
            (std::set<std::string>{ prefix + "common.id}", prefix + "gateway.id}" }));
  EXPECT_EQ(
    groups_of("managed-k8s-master-0"),
    (std::set<std::string>{ prefix + "common.id}", prefix + "node.id}", prefix + "master.id}" }));
  EXPECT_EQ(
    groups_of("managed-k8s-worker-0"),
    (std::set<std::string>{ prefix + "common.id}", prefix + "node.id}", prefix + "worker.id}" }));
}

// --- security groups -----------------------------------------------------------------------------

TEST(TerraformRender, AllowsIcmpAndIcmpv6IncludingNeighbourDiscoveryPerFamily)
{
  for (const auto& shape : all_shapes()) {
    const json tf = render_json(shape.plan);
    for (Family f : shape.plan.families()) {
      auto rule = find_rule(tf, "common", f, f == Family::ipv4 ? "icmp" : "ipv6-icmp");
      ASSERT_TRUE(rule) << shape.name << " " << net::to_string(f);
      EXPECT_EQ((*rule)["direction"], "ingress");
      // All ICMPv6 types (no type/code restriction): neighbour and router discovery included.
      EXPECT_FALSE(rule->contains("port_range_min")) << shape.name;
      EXPECT_FALSE(rule->contains("remote_ip_prefix")) << shape.name;
    }
  }
}

TEST(TerraformRender, AllowsVrrpBetweenGatewaysFromTheClusterSubnetOfEachFamily)
{
  for (const auto& shape : all_shapes()) {
    const json tf = render_json(shape.plan);
    for (const auto& [family, network] : shape.plan.networks) {
      auto rule = find_rule(tf, "gateway", network.family, "112");
      ASSERT_TRUE(rule) << shape.name << " " << net::to_string(network.family);
      EXPECT_EQ((*rule)["remote_ip_prefix"], network.cluster_subnet.to_string()) << shape.name;
    }
  }
}

TEST(TerraformRender, AllowsBgpBetweenNodesAndGatewaysPerFamily)
{
  for (const auto& shape : all_shapes()) {
    const json tf = render_json(shape.plan);
    for (const auto& [family, network] : shape.plan.networks) {
      for (const std::string group : { "gateway", "node" }) {
        auto rule = find_rule(tf, group, network.family, "tcp", 179);
        ASSERT_TRUE(rule) << shape.name << " " << group << " " << net::to_string(network.family);
        EXPECT_EQ((*rule)["remote_ip_prefix"], network.cluster_subnet.to_string()) << shape.name;
      }
    }
  }
}

TEST(TerraformRender, OpensWireguardApiAndLbPortsOnGatewaysPerFamily)
{
  for (const auto& shape : all_shapes()) {
    const json tf = render_json(shape.plan);
    for (Family f : shape.plan.families()) {
      for (const auto& endpoint : shape.plan.wireguard_endpoints) {
        EXPECT_TRUE(find_rule(tf, "gateway", f, "udp", endpoint.port))
          << shape.name << " " << endpoint.port;
      }
      EXPECT_TRUE(find_rule(tf, "gateway", f, "tcp", shape.plan.api.frontend_port)) << shape.name;
      for (const auto& lb : shape.plan.lb_ports) {
        EXPECT_TRUE(find_rule(tf, "gateway", f, "tcp", lb.external))
          << shape.name << " " << lb.external;
        auto nodeport = find_rule(tf, "worker", f, "tcp", lb.nodeport);
        ASSERT_TRUE(nodeport) << shape.name << " " << lb.nodeport;
        EXPECT_EQ((*nodeport)["remote_ip_prefix"],
                  shape.plan.network(f).cluster_subnet.to_string());
      }
    }
  }
}

TEST(TerraformRender, OpensTheApiserverBindPortToMastersFromTheClusterSubnet)
{
  for (const auto& shape : all_shapes()) {
    const json tf = render_json(shape.plan);
    for (const auto& [family, network] : shape.plan.networks) {
      auto rule = find_rule(tf, "master", network.family, "tcp", shape.plan.api.bind_port);
      ASSERT_TRUE(rule) << shape.name;
      EXPECT_EQ((*rule)["remote_ip_prefix"], network.cluster_subnet.to_string()) << shape.name;
    }
  }
}

TEST(TerraformRender, LetsPodAndWireguardTrafficReachTheNodes)
{
  const Plan plan = plan_from_example("yaook-default");
  const json tf = render_json(plan);
  for (const auto& [family, network] : plan.networks) {
    std::set<std::string> remotes;
    for (const auto& rule : rules_of(tf, "node", network.family)) {
      if (!rule.contains("protocol") && rule.contains("remote_ip_prefix"))
        remotes.insert(rule["remote_ip_prefix"]);
    }
    EXPECT_TRUE(remotes.contains(network.pod_subnet.to_string()));
    EXPECT_TRUE(
      remotes.contains(plan.wireguard_endpoints.front().range(network.family)->to_string()));
  }
}

TEST(TerraformRender, LetsTheClusterStartFlowsToWireguardPeersThroughTheGateways)
{
  // The gateways' nftables forward chain accepts new flows from these ranges to the peers; a
  // stateful security group would pass only replies without a rule per range.
  for (const char* example : { "yaook-default", "api-name-loadbalancer" }) {
    const Plan plan = plan_from_example(example);
    const json tf = render_json(plan);
    for (const auto& [family, network] : plan.networks) {
      std::set<std::string> remotes;
      for (const auto& rule : rules_of(tf, "gateway", network.family)) {
        if (!rule.contains("protocol") && rule.contains("remote_ip_prefix"))
          remotes.insert(rule["remote_ip_prefix"]);
      }
      for (const auto& range : plan::forwarded_cluster_ranges(plan, network.family))
        EXPECT_TRUE(remotes.contains(range.to_string())) << example << ": " << range.to_string();
      EXPECT_TRUE(remotes.contains(network.pod_subnet.to_string())) << example;
    }
  }
}

TEST(TerraformRender, NetworkCarriesThePlansMtu)
{
  const Plan plan = plan_from_example("seed");
  EXPECT_EQ(resources(render_json(plan), "openstack_networking_network_v2")["cluster"]["mtu"],
            plan.network_mtu);
}

TEST(TerraformRender, RuleNamesAreUniqueAndEveryRuleNamesItsGroup)
{
  for (const auto& shape : all_shapes()) {
    const json tf = render_json(shape.plan);
    const auto& groups = resources(tf, "openstack_networking_secgroup_v2");
    std::set<std::string> seen;
    for (const auto& [name, rule] :
         resources(tf, "openstack_networking_secgroup_rule_v2").items()) {
      const std::string group_ref = rule["security_group_id"];
      const std::string group =
        group_ref.substr(std::string("${openstack_networking_secgroup_v2.").size());
      EXPECT_TRUE(groups.contains(group.substr(0, group.size() - std::string(".id}").size())))
        << name;
      // Neutron rejects two identical rules in one group.
      json key = rule;
      key.erase("description");
      EXPECT_TRUE(seen.insert(key.dump()).second) << shape.name << ": duplicate rule " << name;
    }
  }
}

// --- instances and outputs -------------------------------------------------------------------

TEST(TerraformRender, PutsOneInstancePerHostOnItsPortWithFlavorAndImageFromVariables)
{
  for (const auto& shape : all_shapes()) {
    const json tf = render_json(shape.plan);
    const auto& instances = resources(tf, "openstack_compute_instance_v2");
    ASSERT_EQ(instances.size(), shape.plan.hosts.size()) << shape.name;
    for (const auto& host : shape.plan.hosts) {
      const json& instance = instances.at(resource_name(host));
      EXPECT_EQ(instance["name"], host.name);
      EXPECT_EQ(instance["network"][0]["port"],
                "${openstack_networking_port_v2." + host.name + ".id}");
      EXPECT_EQ(instance["flavor_name"],
                "${var.flavor_" + std::string(plan::to_string(host.role)) + "}");
      EXPECT_EQ(instance["image_name"], "${var.image}");
      EXPECT_FALSE(instance.contains("security_groups")) << "security groups belong on the port";
    }
  }
}

TEST(TerraformRender, OutputsTheVipsAndEveryHostsAddresses)
{
  for (const auto& shape : all_shapes()) {
    const json tf = render_json(shape.plan);
    for (const auto& [family, network] : shape.plan.networks) {
      EXPECT_EQ(tf["output"]["vip_" + std::string(net::to_string(network.family))]["value"],
                network.vip.to_string())
        << shape.name;
    }
    EXPECT_EQ(tf["output"]["control_plane_endpoint"]["value"],
              shape.plan.api.control_plane_endpoint);
    const json& hosts = tf["output"]["host_addresses"]["value"];
    ASSERT_EQ(hosts.size(), shape.plan.hosts.size()) << shape.name;
    for (const auto& host : shape.plan.hosts) {
      for (const auto& [family, address] : host.addresses) {
        EXPECT_EQ(hosts[host.name][std::string(net::to_string(address.family()))],
                  address.to_string())
          << shape.name;
      }
    }
  }
}

TEST(TerraformRender, GivesFloatingIpsOnlyToIpv4Addresses)
{
  const Plan dual = plan_from_example("yaook-default");
  const json tf = render_json(dual);
  const auto& floating = resources(tf, "openstack_networking_floatingip_v2");
  EXPECT_EQ(floating.size(), dual.hosts_with(HostRole::gateway).size() + 1);
  EXPECT_EQ(floating["cluster_vip"]["fixed_ip"], "172.30.154.2");
  EXPECT_EQ(floating["managed-k8s-gw-0"]["fixed_ip"], "172.30.154.3");

  EXPECT_TRUE(
    resources(render_json(plan_from_text(ipv6_only_config)), "openstack_networking_floatingip_v2")
      .empty());
}

TEST(TerraformRender, FloatingIpsWaitForEveryRouterInterface)
{
  // Nothing in a floating IP's arguments names the router interface; without depends_on the
  // first apply can create it before the router reaches the subnet.
  const Plan dual = plan_from_example("yaook-default");
  const json tf = render_json(dual);
  const auto& interfaces = resources(tf, "openstack_networking_router_interface_v2");
  ASSERT_EQ(interfaces.size(), 2u);
  for (const auto& [name, floating] : resources(tf, "openstack_networking_floatingip_v2").items()) {
    ASSERT_TRUE(floating.contains("depends_on")) << name;
    std::vector<std::string> depends = floating["depends_on"];
    for (const auto& [interface, body] : interfaces.items()) {
      EXPECT_NE(std::find(depends.begin(),
                          depends.end(),
                          "openstack_networking_router_interface_v2." + interface),
                depends.end())
        << name << " does not wait for router interface " << interface;
    }
  }
}

} // namespace
} // namespace dualstack::render
