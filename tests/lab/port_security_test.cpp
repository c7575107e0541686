// Neutron's model of the rendered Terraform (ports, allowed address pairs, security groups and
// their rules) and the nftables rulesets the lab enforces it with: what they let through follows
// the file, and nft itself accepts them (where it can be run).
#include "support/config_builder.hpp"
#include "support/plan_of.hpp"

#include <dualstack/lab/neutron_model.hpp>
#include <dualstack/lab/port_security.hpp>
#include <dualstack/lab/process.hpp>
#include <dualstack/render/renderers.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace dualstack::lab {
namespace {

using dualstack::testing::ConfigBuilder;
using dualstack::testing::plan_of;
using ::testing::HasSubstr;
using ::testing::Not;

nlohmann::json rendered_terraform()
{
  const plan::Plan plan = plan_of(ConfigBuilder());
  for (const auto& a : render::render_terraform(plan)) {
    if (a.path == "terraform/main.tf.json")
      return nlohmann::json::parse(a.content);
  }
  ADD_FAILURE() << "no terraform/main.tf.json";
  return {};
}

NeutronModel model_of(const nlohmann::json& tf)
{
  auto model = parse_neutron_model(tf.dump(), "main.tf.json");
  EXPECT_TRUE(model.has_value()) << (model ? "" : model.error());
  return model ? *model : NeutronModel{};
}

// The first port whose allowed address pairs hold the IPv4 VIP: a gateway's.
const NeutronPort& gateway_port(const NeutronModel& model, const nlohmann::json& tf)
{
  const std::string vip =
    tf["resource"]["openstack_networking_port_v2"]["cluster_vip"]["fixed_ip"][0]["ip_address"];
  for (const auto& p : model.ports) {
    for (const auto& pair : p.allowed_pairs) {
      if (pair.network().to_string() == vip)
        return p;
    }
  }
  ADD_FAILURE() << "no port holds the VIP " << vip;
  return model.ports.front();
}

std::string erase_rule(nlohmann::json& tf, const std::string& suffix)
{
  auto& rules = tf["resource"]["openstack_networking_secgroup_rule_v2"];
  for (auto it = rules.begin(); it != rules.end(); ++it) {
    if (it.key().size() >= suffix.size() &&
        it.key().compare(it.key().size() - suffix.size(), suffix.size(), suffix) == 0) {
      const std::string key = it.key();
      rules.erase(it);
      return key;
    }
  }
  ADD_FAILURE() << "no rule ending in " << suffix;
  return "";
}

// Returns the `elements = { ... }` line of set `name` in `rules`.
std::string set_elements(const std::string& rules, const std::string& name)
{
  const auto at = rules.find("set " + name + " {");
  if (at == std::string::npos)
    return "";
  const auto end = rules.find('}', at);
  return rules.substr(at, end - at);
}

TEST(NeutronModel, ReadsPortsPairsGroupsAndRulesOfTheRenderedTerraform)
{
  const auto tf = rendered_terraform();
  const NeutronModel model = model_of(tf);
  const NeutronPort& gw = gateway_port(model, tf);
  EXPECT_EQ(gw.resource, "openstack_networking_port_v2." + gw.key);
  EXPECT_TRUE(gw.port_security);
  EXPECT_THAT(gw.groups, ::testing::Contains("gateway"));
  EXPECT_EQ(gw.fixed_ips.size(), 2u); // one per family
  const auto bgp = std::find_if(model.rules.begin(), model.rules.end(), [](const auto& r) {
    return r.resource == "openstack_networking_secgroup_rule_v2.gateway_bgp_ipv4";
  });
  ASSERT_NE(bgp, model.rules.end());
  EXPECT_TRUE(bgp->ingress);
  EXPECT_EQ(bgp->group, "gateway");
  EXPECT_EQ(bgp->protocol, 6);
  EXPECT_EQ(bgp->port_min, 179);
  ASSERT_TRUE(bgp->remote_prefix.has_value());
  EXPECT_EQ(bgp->remote_prefix->family(), net::Family::ipv4);
  EXPECT_TRUE(model.group("gateway")->default_egress);
}

TEST(NeutronModel, NamesTheResourceOfWhatItCannotModel)
{
  auto tf = rendered_terraform();
  auto bad = tf;
  bad["resource"]["openstack_networking_secgroup_rule_v2"]["gateway_bgp_ipv4"]["protocol"] = "bgp";
  auto model = parse_neutron_model(bad.dump(), "main.tf.json");
  ASSERT_FALSE(model.has_value());
  EXPECT_THAT(model.error(), HasSubstr("openstack_networking_secgroup_rule_v2.gateway_bgp_ipv4"));
  EXPECT_THAT(model.error(), HasSubstr("`bgp`"));

  bad = tf;
  bad["resource"]["openstack_networking_secgroup_rule_v2"]["gateway_bgp_ipv4"]
     ["security_group_id"] = "${openstack_networking_secgroup_v2.nope.id}";
  model = parse_neutron_model(bad.dump(), "main.tf.json");
  ASSERT_FALSE(model.has_value());
  EXPECT_THAT(model.error(), HasSubstr("names no openstack_networking_secgroup_v2"));

  EXPECT_FALSE(parse_neutron_model("{ not json", "x.tf.json").has_value());
  EXPECT_EQ(neutron_protocol_number("vrrp"), 112);
  EXPECT_EQ(neutron_protocol_number("112"), 112);
  EXPECT_EQ(neutron_protocol_number("256"), std::nullopt);
}

TEST(PortSecurity, LinkLocalIsTheModifiedEui64OfTheMac)
{
  EXPECT_EQ(link_local_of("02:00:00:00:00:01").to_string(), "fe80::ff:fe00:1");
  EXPECT_EQ(link_local_of("52:54:00:12:34:56").to_string(), "fe80::5054:ff:fe12:3456");
}

TEST(PortSecurity, AGatewayPortLetsOutItsAddressesAndTheVipOnlyWithItsMac)
{
  const auto tf = rendered_terraform();
  const NeutronModel model = model_of(tf);
  const NeutronPort& gw = gateway_port(model, tf);
  const LabPort lp{ gw.name, "ns", "eth0", "gw0", "02:00:00:00:00:01" };
  const std::string rules = antispoofing_ruleset({ lp }, { &gw });
  for (const auto& ip : gw.fixed_ips)
    EXPECT_THAT(rules, HasSubstr(ip.to_string()));
  EXPECT_THAT(
    rules,
    HasSubstr(
      tf["resource"]["openstack_networking_port_v2"]["cluster_vip"]["fixed_ip"][0]["ip_address"]
        .get<std::string>()));
  EXPECT_THAT(rules, HasSubstr("fe80::ff:fe00:1"));
  EXPECT_THAT(rules, HasSubstr("ether saddr != 02:00:00:00:00:01"));
  EXPECT_THAT(rules, HasSubstr("\"gw0\" : jump port_0"));
  EXPECT_THAT(rules, HasSubstr(gw.resource));

  // Without its VIP pair the VIP is no longer among the port's sources.
  const std::string vip =
    tf["resource"]["openstack_networking_port_v2"]["cluster_vip"]["fixed_ip"][0]["ip_address"];
  const auto lists = [](const std::string& set, const std::string& address) {
    return set.find(" " + address + ",") != std::string::npos ||
           set.find(" " + address + " ") != std::string::npos;
  };
  EXPECT_TRUE(lists(set_elements(rules, "port_0_ipv4"), vip)) << rules;
  auto edited = tf;
  auto& pairs = edited["resource"]["openstack_networking_port_v2"][gw.key]["allowed_address_pairs"];
  ASSERT_EQ(pairs[0]["ip_address"], vip);
  pairs.erase(pairs.begin());
  const NeutronModel less = model_of(edited);
  const std::string without = antispoofing_ruleset({ lp }, { less.port_named(gw.name) });
  EXPECT_FALSE(lists(set_elements(without, "port_0_ipv4"), vip)) << without;
}

// A routed IPv6 pod prefix gives the gateways the pair ::/0, which covers their own addresses and
// the VIP: nftables rejects overlapping intervals, so the set holds ::/0 alone (the lab could not
// enforce such a file before).
TEST(PortSecurity, APairCoveringThePortsAddressesLeavesOneIntervalInTheSet)
{
  NeutronPort gw;
  gw.resource = "openstack_networking_port_v2.gw";
  gw.fixed_ips = { *net::Address::parse("2001:db8:10::3") };
  gw.allowed_pairs = { *net::Prefix::parse("2001:db8:10::2/128"),
                       *net::Prefix::parse("fd01::/120"),
                       *net::Prefix::parse("::/0") };
  const LabPort lp{ "gw", "ns", "eth0", "gw0", "02:00:00:00:00:01" };
  const std::string rules = antispoofing_ruleset({ lp }, { &gw });
  EXPECT_EQ(set_elements(rules, "port_0_ipv6"),
            "set port_0_ipv6 {\n    type ipv6_addr;\n    flags interval;\n    elements = { ::/0 ")
    << rules;
}

TEST(PortSecurity, SecurityGroupRulesetsFollowTheFileRuleByRule)
{
  auto tf = rendered_terraform();
  const NeutronModel model = model_of(tf);
  const NeutronPort& gw = gateway_port(model, tf);
  const std::string rules = security_group_ruleset(model, gw, "eth0");
  EXPECT_THAT(rules,
              HasSubstr("meta l4proto 6 th dport 179 accept comment "
                        "\"openstack_networking_secgroup_rule_v2.gateway_bgp_ipv4\""));
  EXPECT_THAT(rules, HasSubstr("meta l4proto 112 accept"));
  EXPECT_THAT(rules, HasSubstr("iifname != \"eth0\" accept"));
  EXPECT_THAT(rules, HasSubstr("ct state established,related accept"));
  // Default security groups allow all egress.
  EXPECT_THAT(rules, HasSubstr("Neutron's default egress rules"));

  const std::string gone = erase_rule(tf, "bgp_ipv4");
  const NeutronModel less = model_of(tf);
  const std::string without = security_group_ruleset(less, *less.port_named(gw.name), "eth0");
  EXPECT_THAT(without, Not(HasSubstr(gone)));
  EXPECT_THAT(without, HasSubstr("gateway_bgp_ipv6"));
}

TEST(PortSecurity, RemoteGroupRulesMatchTheGroupsPortsAndTheirPairs)
{
  const auto tf = rendered_terraform();
  const NeutronModel model = model_of(tf);
  const NeutronPort* node = nullptr;
  for (const auto& p : model.ports) {
    if (std::find(p.groups.begin(), p.groups.end(), "node") != p.groups.end())
      node = &p;
  }
  ASSERT_NE(node, nullptr);
  const std::string rules = security_group_ruleset(model, *node, "eth0");
  EXPECT_THAT(rules, HasSubstr("set group_node_ipv4"));
  EXPECT_THAT(rules, HasSubstr("ip saddr @group_node_ipv4"));
  for (const auto& s : node->sources(net::Family::ipv4))
    EXPECT_THAT(rules, HasSubstr(s.length() == 32 ? s.network().to_string() : s.to_string()));
}

TEST(PortSecurity, NftAcceptsBothRulesets)
{
  if (geteuid() != 0 || !run_command({ "nft", "--version" }).ok())
    GTEST_SKIP() << "nft -c needs root and nftables";
  const auto tf = rendered_terraform();
  const NeutronModel model = model_of(tf);
  std::vector<LabPort> lab_ports;
  std::vector<const NeutronPort*> neutron;
  for (std::size_t i = 0; i < model.ports.size(); ++i) {
    lab_ports.push_back({ model.ports[i].name,
                          "ns",
                          "eth0",
                          fmt::format("p{}", i),
                          fmt::format("02:00:00:00:00:{:02x}", i + 1) });
    neutron.push_back(&model.ports[i]);
  }
  const std::string dir =
    std::filesystem::temp_directory_path() / fmt::format("neutron-{}", getpid());
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/bridge.nft") << antispoofing_ruleset(lab_ports, neutron);
  auto checked = run_command({ "nft", "-c", "-f", dir + "/bridge.nft" });
  EXPECT_TRUE(checked.ok()) << checked.output;
  for (const auto& port : model.ports) {
    std::ofstream(dir + "/sg.nft", std::ios::trunc) << security_group_ruleset(model, port, "eth0");
    checked = run_command({ "nft", "-c", "-f", dir + "/sg.nft" });
    EXPECT_TRUE(checked.ok()) << port.resource << "\n" << checked.output;
  }
  std::filesystem::remove_all(dir);
}

} // namespace
} // namespace dualstack::lab
