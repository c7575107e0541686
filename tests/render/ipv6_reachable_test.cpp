// An IPv6-only cluster on a global subnet is reached at its VIP (Neutron has no IPv6 floating
// IPs): the Plan makes the VIP the WireGuard endpoint, the client configs keep it out of the
// tunnel, and Terraform can take the subnet from an OpenStack subnet pool.
#include "gateway_test_support.hpp"
#include "support/plan_of.hpp"

#include <dualstack/net/prefix.hpp>
#include <dualstack/render/renderers.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace dualstack::render {
namespace {

using gateway_testing::artifact;
using gateway_testing::render;
using testing::ConfigBuilder;
using ::testing::HasSubstr;

ConfigBuilder ipv6_only(const std::string& subnet)
{
  ConfigBuilder builder;
  builder.set("terraform", "ipv4_enabled", "false")
    .set("terraform", "subnet_v6_cidr", "\"" + subnet + "\"");
  return builder;
}

std::vector<net::Prefix> allowed_ips(const std::string& conf)
{
  std::vector<net::Prefix> out;
  std::istringstream in(conf);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("AllowedIPs = ", 0) != 0)
      continue;
    std::istringstream list(line.substr(13));
    for (std::string item; std::getline(list, item, ',');) {
      item.erase(0, item.find_first_not_of(' '));
      out.push_back(*net::Prefix::parse(item));
    }
  }
  return out;
}

TEST(Ipv6Reachable, GlobalSubnetMakesTheVipTheEndpoint)
{
  const plan::Plan global = testing::plan_of(ipv6_only("2001:db8:10::/64"));
  ASSERT_FALSE(global.wireguard_endpoints.empty());
  EXPECT_EQ(global.wireguard_endpoints[0].public_endpoint,
            "[" + global.network(net::Family::ipv6).vip.to_string() + "]:7777");

  const plan::Plan ula = testing::plan_of(ipv6_only("fd00::/120"));
  EXPECT_EQ(ula.wireguard_endpoints[0].public_endpoint, "")
    << "a ULA VIP is no endpoint anyone can dial";
  const plan::Plan dual =
    testing::plan_of(ConfigBuilder().set("terraform", "subnet_v6_cidr", "\"2001:db8:10::/64\""));
  EXPECT_EQ(dual.wireguard_endpoints[0].public_endpoint, "")
    << "dual-stack dials the IPv4 floating IP";
}

TEST(Ipv6Reachable, ClientConfigRoutesTheSubnetButNotTheVipIntoTheTunnel)
{
  const plan::Plan plan = testing::plan_of(ipv6_only("2001:db8:10::/64"));
  const net::Address vip = plan.network(net::Family::ipv6).vip;
  const std::string conf = artifact(render(plan), "wireguard/clients/alice-wg0.conf").content;
  EXPECT_THAT(conf, HasSubstr("\nEndpoint = [2001:db8:10::2]:7777\n"));
  const auto allowed = allowed_ips(conf);
  ASSERT_FALSE(allowed.empty());
  net::u128 cluster_addresses = 0;
  for (const auto& prefix : allowed) {
    EXPECT_FALSE(prefix.contains(vip))
      << prefix.to_string() << " would route the handshake into the tunnel";
    if (plan.network(net::Family::ipv6).cluster_subnet.contains(prefix))
      cluster_addresses += net::u128(1) << (128 - prefix.length());
  }
  EXPECT_EQ(cluster_addresses, (net::u128(1) << 64) - 1) << "every cluster address but the VIP";
}

TEST(Ipv6Reachable, TerraformTakesTheSubnetFromTheGivenPool)
{
  ConfigBuilder builder = ipv6_only("2001:db8:10::/64");
  builder.set("terraform", "subnet_v6_pool_id", "\"0d5c8a1e-pool\"");
  const auto tf = nlohmann::json::parse(
    artifact(render_terraform(testing::plan_of(builder)), "terraform/main.tf.json").content);
  const auto& subnet = tf["resource"]["openstack_networking_subnet_v2"]["cluster_ipv6"];
  EXPECT_EQ(subnet["subnetpool_id"], "0d5c8a1e-pool");
  EXPECT_EQ(subnet["cidr"], "2001:db8:10::/64") << "the Plan's prefix, requested from the pool";
  const auto plain = nlohmann::json::parse(
    artifact(render_terraform(testing::plan_of(ipv6_only("2001:db8:10::/64"))),
             "terraform/main.tf.json")
      .content);
  EXPECT_FALSE(
    plain["resource"]["openstack_networking_subnet_v2"]["cluster_ipv6"].contains("subnetpool_id"));
}

} // namespace
} // namespace dualstack::render
