// Tests for render_gateways and the WireGuard key functions: what each gateway file says, for all
// four family shapes (IPv4-only, dual-stack, IPv6-primary, IPv6-only).
#include "gateway_test_support.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace dualstack::render {
namespace {

using gateway_testing::all_shapes;
using gateway_testing::artifact;
using gateway_testing::gateway_file;
using gateway_testing::plan_for;
using gateway_testing::render;
using gateway_testing::Shape;
using gateway_testing::shape_name;
using gateway_testing::test_key;
using net::Family;
using ::testing::HasSubstr;
using ::testing::Not;

std::string fam(Family family)
{
  return std::string(net::to_string(family));
}

// Returns every `{ ... }` block whose header line starts with `header`, braces matched.
std::vector<std::string> blocks(const std::string& text, const std::string& header)
{
  std::vector<std::string> out;
  std::size_t at = 0;
  while ((at = text.find(header, at)) != std::string::npos) {
    if (at != 0 && text[at - 1] != '\n' && text[at - 1] != ' ') {
      ++at;
      continue;
    }
    const std::size_t open = text.find('{', at);
    int depth = 0;
    std::size_t end = open;
    for (; end < text.size(); ++end) {
      if (text[end] == '{')
        ++depth;
      if (text[end] == '}' && --depth == 0)
        break;
    }
    out.push_back(text.substr(at, end + 1 - at));
    at = end;
  }
  return out;
}

// Returns the lines of `text` that start (after indentation) with `prefix`.
std::vector<std::string> lines_starting(const std::string& text, const std::string& prefix)
{
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const auto first = line.find_first_not_of(' ');
    if (first != std::string::npos && line.compare(first, prefix.size(), prefix) == 0)
      out.push_back(line.substr(first));
  }
  return out;
}

std::vector<const plan::Host*> gateways(const plan::Plan& plan)
{
  return plan.hosts_with(plan::HostRole::gateway);
}

// --- the file set ---

TEST(GatewayRender, WritesEveryFileOfEveryGatewayWithTargetPathAndMode)
{
  for (Shape shape : all_shapes()) {
    SCOPED_TRACE(shape_name(shape));
    const plan::Plan plan = plan_for(shape);
    const Artifacts artifacts = render(plan);
    const std::map<std::string, std::pair<std::string, int>> expected{
      { "wg0.conf", { "/etc/wireguard/wg0.conf", 0600 } },
      { "bird.conf", { "/etc/bird/bird.conf", 0644 } },
      { "keepalived.conf", { "/etc/keepalived/keepalived.conf", 0644 } },
      { "dualstack-notify.sh", { "/etc/keepalived/dualstack-notify.sh", 0755 } },
      { "dualstack-check.sh", { "/etc/keepalived/dualstack-check.sh", 0755 } },
      { "haproxy.cfg", { "/etc/haproxy/haproxy.cfg", 0644 } },
      { "nftables.conf", { "/etc/nftables.conf", 0755 } },
      { "90-dualstack.conf", { "/etc/sysctl.d/90-dualstack.conf", 0644 } },
      { "dualstack-endpoint-sync", { "/etc/keepalived/dualstack-endpoint-sync", 0755 } },
      { "dualstack-endpoint-sync.json", { "/etc/keepalived/dualstack-endpoint-sync.json", 0644 } },
      { "dualstack-endpoint-sync.key", { "/etc/keepalived/dualstack-endpoint-sync.key", 0600 } },
      { "dualstack-endpoint-sync.service",
        { "/etc/systemd/system/dualstack-endpoint-sync.service", 0644 } },
    };
    ASSERT_EQ(gateways(plan).size(), 2u);
    for (const plan::Host* gw : gateways(plan)) {
      for (const auto& [name, target] : expected) {
        const Artifact& a = artifact(artifacts, "gateways/" + gw->name + "/" + name);
        EXPECT_EQ(a.host, gw->name);
        EXPECT_EQ(a.target_path, target.first);
        EXPECT_EQ(a.mode, target.second) << name;
        EXPECT_EQ(a.secret, name == "wg0.conf" || name == "dualstack-endpoint-sync.key") << name;
        EXPECT_FALSE(a.purpose.empty());
        EXPECT_EQ(a.content.back(), '\n') << name;
      }
    }
    for (const std::string ident : { "operator", "laptop" }) {
      const Artifact& client = artifact(artifacts, "wireguard/clients/" + ident + "-wg0.conf");
      EXPECT_EQ(client.host, "operator");
      EXPECT_FALSE(client.secret);
    }
    EXPECT_EQ(artifacts.size(), 2 * expected.size() + 2);
  }
}

TEST(GatewayRender, IsDeterministic)
{
  for (Shape shape : all_shapes()) {
    const plan::Plan plan = plan_for(shape);
    const Artifacts a = render(plan);
    const Artifacts b = render(plan);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].path, b[i].path);
      EXPECT_EQ(a[i].content, b[i].content) << a[i].path;
    }
  }
}

TEST(GatewayRender, MissingEndpointKeyIsABug)
{
  const plan::Plan plan = plan_for(Shape::dual);
  EXPECT_THROW(render_gateways(plan, Secrets{}), std::logic_error);
}

// --- only enabled families appear ---

TEST(GatewayRender, Ipv4OnlyFilesHoldNoIpv6)
{
  const plan::Plan plan = plan_for(Shape::ipv4_only);
  for (const Artifact& a : render(plan)) {
    if (a.path.ends_with(".sh"))
      continue; // scripts hold no addresses
    SCOPED_TRACE(a.path);
    EXPECT_THAT(a.content, Not(HasSubstr("fd0")));
    EXPECT_THAT(a.content, Not(HasSubstr("fdff")));
    EXPECT_THAT(a.content, Not(HasSubstr("ipv6")));
    EXPECT_THAT(a.content, Not(HasSubstr("ip6 ")));
  }
}

TEST(GatewayRender, Ipv6OnlyFilesHoldNoIpv4)
{
  const plan::Plan plan = plan_for(Shape::ipv6_only);
  const std::regex dotted_quad(R"(\b\d+\.\d+\.\d+\.\d+\b)");
  for (const Artifact& a : render(plan)) {
    SCOPED_TRACE(a.path);
    std::istringstream in(a.content);
    for (std::string line; std::getline(in, line);) {
      if (line.starts_with("router id "))
        continue; // a 32-bit id, not an address
      EXPECT_FALSE(std::regex_search(line, dotted_quad)) << line;
    }
    EXPECT_THAT(a.content, Not(HasSubstr("ipv4")));
    EXPECT_THAT(a.content, Not(HasSubstr("ip saddr")));
    EXPECT_THAT(a.content, Not(HasSubstr("ip_forward")));
  }
}

// --- WireGuard ---

TEST(GatewayRender, WireguardServerHasBothGatewayAddressesAndAPeerPerPlanPeer)
{
  const plan::Plan plan = plan_for(Shape::dual);
  const Artifacts artifacts = render(plan);
  for (const plan::Host* gw : gateways(plan)) {
    const std::string conf = gateway_file(artifacts, *gw, "wg0.conf");
    EXPECT_THAT(
      conf,
      HasSubstr(
        "[Interface]\nAddress = 172.30.153.65/26, fd01::1/120\nMTU = 1370\nListenPort = 7777\n"
        "PrivateKey = " +
        test_key().private_key + "\n"));
    EXPECT_EQ(lines_starting(conf, "[Peer]").size(), 2u);
    EXPECT_THAT(conf,
                HasSubstr("PublicKey = x7u9JDVy7tU2Ttd7XPvdg1EOBmNDV1O2N4oc+DgvkGE=\nAllowedIPs = "
                          "172.30.153.66/32, fd01::2/128\n"));
    EXPECT_THAT(conf,
                HasSubstr("PublicKey = 3p7bfXt9wbTTW2HC7OQ1Nz+DQ8hbeGdNrfx+FG+IK08=\nAllowedIPs = "
                          "172.30.153.67/32, fd01::3/128\n"));
    EXPECT_THAT(conf, Not(HasSubstr("Endpoint")));
  }
}

TEST(GatewayRender, WireguardServerFollowsThePrimaryFamilyAndKnownPeerEndpoints)
{
  plan::Plan plan = plan_for(Shape::ipv6_primary);
  plan.wireguard_peers[0].endpoint = "[2001:db8::7]:51820";
  const std::string conf = gateway_file(render(plan), *gateways(plan)[0], "wg0.conf");
  EXPECT_THAT(conf, HasSubstr("Address = fd01::1/120, 172.30.153.65/26\n"));
  EXPECT_THAT(
    conf,
    HasSubstr("AllowedIPs = fd01::2/128, 172.30.153.66/32\nEndpoint = [2001:db8::7]:51820\n"));
  EXPECT_EQ(lines_starting(conf, "Endpoint").size(), 1u);
}

TEST(GatewayRender, WireguardClientConfigPerPeer)
{
  const plan::Plan plan = plan_for(Shape::dual);
  const std::string conf = artifact(render(plan), "wireguard/clients/laptop-wg0.conf").content;
  EXPECT_THAT(conf, HasSubstr("[Interface]\n# PrivateKey = "));
  EXPECT_THAT(conf, HasSubstr("Address = 172.30.153.67/32, fd01::3/128\n"));
  EXPECT_THAT(conf, HasSubstr("[Peer]\n"));
  EXPECT_THAT(conf, HasSubstr("PublicKey = " + test_key().public_key + "\n"));
  // no public address in the Plan: a placeholder that keeps the file loadable
  EXPECT_THAT(conf,
              HasSubstr("\n# Endpoint = <public address of the gateways (floating IP of the VIP "
                        "port)>:7777\n"));
  EXPECT_THAT(conf, Not(HasSubstr("\nEndpoint")));
  EXPECT_THAT(conf,
              HasSubstr("AllowedIPs = 172.30.153.64/26, fd01::/120, 172.30.154.0/24, fd00::/120, "
                        "10.244.0.0/16, fdff:2::/56\n"));
  EXPECT_THAT(conf, Not(HasSubstr("\nPrivateKey")));
}

TEST(GatewayRender, WireguardClientOfIpv6OnlyDialsThePublicEndpointOnceKnown)
{
  plan::Plan plan = plan_for(Shape::ipv6_only);
  plan.wireguard_endpoints[0].public_endpoint = "[2001:db8::2]:7777";
  const std::string conf = artifact(render(plan), "wireguard/clients/operator-wg0.conf").content;
  EXPECT_THAT(conf, HasSubstr("\nEndpoint = [2001:db8::2]:7777\n"));
  EXPECT_THAT(conf, HasSubstr("Address = fd01::2/128\n"));
  EXPECT_THAT(conf, HasSubstr("AllowedIPs = fd01::/120, fd00::/120, fdff:2::/56\n"));
}

TEST(GatewayRender, ClientFileNamesAreSafePathComponents)
{
  plan::Plan plan = plan_for(Shape::ipv4_only);
  plan.wireguard_peers[0].ident = "../evil/name";
  const Artifacts artifacts = render(plan);
  EXPECT_NO_THROW(artifact(artifacts, "wireguard/clients/.._evil_name-wg0.conf"));
}

// --- BIRD ---

TEST(GatewayRender, BirdHasOneBgpProtocolPerNodeAndFamilyWithItsChannel)
{
  for (Shape shape : all_shapes()) {
    SCOPED_TRACE(shape_name(shape));
    const plan::Plan plan = plan_for(shape);
    const Artifacts artifacts = render(plan);
    for (const plan::Host* gw : gateways(plan)) {
      const std::string bird = gateway_file(artifacts, *gw, "bird.conf");
      const auto protocols = blocks(bird, "protocol bgp ");
      std::set<std::string> names;
      std::size_t to_nodes = 0;
      for (const auto& session : plan.bgp_sessions) {
        const std::string neighbor =
          fmt::format("neighbor {} as {};", session.node_address.to_string(), session.node_as);
        int found = 0;
        for (const auto& p : protocols) {
          if (p.find(neighbor) == std::string::npos)
            continue;
          ++found;
          names.insert(p.substr(0, p.find('{')));
          EXPECT_THAT(
            p,
            HasSubstr(fmt::format("local {} as {};", session.vip.to_string(), session.gateway_as)));
          EXPECT_THAT(p, HasSubstr("  " + fam(session.family) + " {\n"));
          EXPECT_THAT(p, Not(HasSubstr("  " + fam(net::other(session.family)) + " {")));
          EXPECT_THAT(p, HasSubstr("import filter from_nodes_" + fam(session.family) + ";"));
          EXPECT_THAT(p, HasSubstr("export filter to_nodes_" + fam(session.family) + ";"));
        }
        EXPECT_EQ(found, 1) << neighbor;
        ++to_nodes;
      }
      EXPECT_EQ(to_nodes, 4 * plan.families().size());
      EXPECT_EQ(names.size(), to_nodes);
      // plus iBGP to the other gateway, one per family, on the gateways' own addresses
      EXPECT_EQ(protocols.size(), to_nodes + plan.families().size());
    }
  }
}

TEST(GatewayRender, BirdNamesProtocolsAfterNodeAndFamily)
{
  const plan::Plan plan = plan_for(Shape::dual);
  const std::string bird = gateway_file(render(plan), *gateways(plan)[0], "bird.conf");
  EXPECT_THAT(bird, HasSubstr("protocol bgp gwt_master_0_ipv4 {\n"));
  EXPECT_THAT(
    bird,
    HasSubstr("  local 172.30.154.2 as 65000;\n  neighbor 172.30.154.10 as 64512;\n  direct;\n"
              "  passive on;\n"));
  EXPECT_THAT(bird, HasSubstr("protocol bgp gwt_worker_1_ipv6 {\n"));
  EXPECT_THAT(bird, HasSubstr("protocol bgp gateway_gwt_gw_1_ipv4 {\n  description"));
  EXPECT_THAT(
    bird,
    HasSubstr("  local 172.30.154.3 as 65000;\n  neighbor 172.30.154.4 as 65000;\n  direct;\n"));
  EXPECT_THAT(bird,
              HasSubstr("  local fd00::3 as 65000;\n  neighbor fd00::4 as 65000;\n  direct;\n"));
}

TEST(GatewayRender, BirdExportsOnlyTheWireguardRangesAndImportsPodBlocks)
{
  const plan::Plan plan = plan_for(Shape::dual);
  const std::string bird = gateway_file(render(plan), *gateways(plan)[0], "bird.conf");
  EXPECT_THAT(bird, HasSubstr("define WIREGUARD_IPV4 = [ 172.30.153.64/26 ];\n"));
  EXPECT_THAT(bird, HasSubstr("define WIREGUARD_IPV6 = [ fd01::/120 ];\n"));
  EXPECT_THAT(bird, HasSubstr("define CLUSTER_IPV4 = [ 10.244.0.0/16+ ];\n"));
  EXPECT_THAT(bird, HasSubstr("define CLUSTER_IPV6 = [ fdff:2::/56+ ];\n"));
  EXPECT_THAT(
    bird,
    HasSubstr("protocol static wireguard_ipv6 {\n  ipv6;\n  route fd01::/120 unreachable;\n}"));
  EXPECT_THAT(bird,
              HasSubstr("filter to_nodes_ipv6 {\n  if proto = \"wireguard_ipv6\" && net ~ "
                        "WIREGUARD_IPV6 then accept;\n"
                        "  reject;\n}"));
  EXPECT_THAT(
    bird,
    HasSubstr("filter from_nodes_ipv4 {\n  if net ~ CLUSTER_IPV4 then accept;\n  reject;\n}"));
}

TEST(GatewayRender, BirdAnnouncedServiceRangesAreImportedWhenAsked)
{
  plan::Plan plan = plan_for(Shape::dual);
  plan.bgp_announce_service_ips = true;
  const Artifacts artifacts = render(plan);
  EXPECT_THAT(gateway_file(artifacts, *gateways(plan)[0], "bird.conf"),
              HasSubstr("define CLUSTER_IPV6 = [ fdff:2::/56+, fdff:3::/108+ ];\n"));
  EXPECT_THAT(artifact(artifacts, "wireguard/clients/operator-wg0.conf").content,
              HasSubstr(", 10.96.0.0/12, fdff:3::/108\n"));
}

TEST(GatewayRender, BirdKernelProtocolOfEveryFamilyLearns)
{
  for (Shape shape : all_shapes()) {
    SCOPED_TRACE(shape_name(shape));
    const plan::Plan plan = plan_for(shape);
    const std::string bird = gateway_file(render(plan), *gateways(plan)[0], "bird.conf");
    const auto kernels = blocks(bird, "protocol kernel ");
    ASSERT_EQ(kernels.size(), plan.families().size());
    for (Family family : plan.families()) {
      int found = 0;
      for (const auto& k : kernels) {
        if (!k.starts_with("protocol kernel kernel_" + fam(family)))
          continue;
        ++found;
        EXPECT_THAT(k, HasSubstr("\n  learn;"));
        EXPECT_THAT(k,
                    HasSubstr("  " + fam(family) +
                              " {\n    import all;\n    export where source = RTS_BGP;"));
      }
      EXPECT_EQ(found, 1);
    }
  }
}

TEST(GatewayRender, BirdRouterIdIsTheGatewaysIpv4OrAStableIdWhenIpv6Only)
{
  const plan::Plan dual = plan_for(Shape::ipv6_primary);
  const Artifacts dual_files = render(dual);
  EXPECT_THAT(gateway_file(dual_files, *gateways(dual)[0], "bird.conf"),
              HasSubstr("\nrouter id 172.30.154.3;\n"));
  EXPECT_THAT(gateway_file(dual_files, *gateways(dual)[1], "bird.conf"),
              HasSubstr("\nrouter id 172.30.154.4;\n"));

  const plan::Plan v6 = plan_for(Shape::ipv6_only);
  const Artifacts v6_files = render(v6);
  std::set<std::string> ids;
  for (const plan::Host* gw : gateways(v6)) {
    const auto id = gw->router_id.value();
    EXPECT_NE(id, 0u);
    EXPECT_FALSE(id >= 0xE0000000u) << "multicast or reserved (224/3)";
    EXPECT_FALSE(id < 0x01000000u) << "0.0.0.0/8 is 'this network'";
    EXPECT_FALSE((id >> 24) == 127u) << "loopback";
    const std::string text = gw->router_id.to_string();
    EXPECT_THAT(gateway_file(v6_files, *gw, "bird.conf"), HasSubstr("\nrouter id " + text + ";\n"));
    ids.insert(text);
  }
  EXPECT_EQ(ids.size(), 2u);
  EXPECT_EQ(gateways(v6)[0]->router_id.to_string(), "10.0.0.3"); // 10.x.y.z, x.y.z = offset 3
}

TEST(GatewayRender, BirdTimersComeFromThePlan)
{
  plan::Plan plan = plan_for(Shape::dual);
  plan.timers.bgp_hold_time = 9;
  plan.timers.bgp_keepalive_time = 3;
  plan.timers.bgp_connect_retry_time = 4;
  plan.timers.bgp_connect_delay_time = 2;
  plan.timers.bgp_error_wait_min = 7;
  plan.timers.bgp_error_wait_max = 11;
  const std::string bird = gateway_file(render(plan), *gateways(plan)[0], "bird.conf");
  for (const auto& p : blocks(bird, "protocol bgp ")) {
    EXPECT_THAT(
      p,
      HasSubstr("  connect delay time 2;\n  connect retry time 4;\n  error wait time 7, 11;\n"
                "  hold time 9;\n  keepalive time 3;\n"));
  }
}

TEST(GatewayRender, BirdProtocolNamesStayUniqueWhenNodeNamesCollide)
{
  plan::Plan plan = plan_for(Shape::ipv4_only);
  // "a-b" and "a.b" both map to the symbol a_b; "9x" cannot start a symbol
  plan.bgp_sessions[0].node = "a-b";
  plan.bgp_sessions[1].node = "a.b";
  plan.bgp_sessions[2].node = "9x";
  plan.bgp_sessions[3].node = "to-nodes";
  const std::string bird = gateway_file(render(plan), *gateways(plan)[0], "bird.conf");
  EXPECT_THAT(bird, HasSubstr("protocol bgp a_b_ipv4 {"));
  EXPECT_THAT(bird, HasSubstr("protocol bgp a_b_ipv4_2 {"));
  EXPECT_THAT(bird, HasSubstr("protocol bgp node_9x_ipv4 {"));
  EXPECT_THAT(bird, HasSubstr("protocol bgp to_nodes_ipv4_2 {"));
}

// --- keepalived ---

TEST(GatewayRender, KeepalivedHasOneInstancePerFamilyInOneSyncGroup)
{
  for (Shape shape : all_shapes()) {
    SCOPED_TRACE(shape_name(shape));
    const plan::Plan plan = plan_for(shape);
    const Artifacts artifacts = render(plan);
    for (const plan::Host* gw : gateways(plan)) {
      const std::string conf = gateway_file(artifacts, *gw, "keepalived.conf");
      EXPECT_THAT(conf, HasSubstr("  vrrp_version 3"));
      EXPECT_THAT(conf, HasSubstr("  vrrp_garp_master_refresh 1\n"));
      const std::string hook = "notify_master \"/etc/keepalived/dualstack-notify.sh MASTER\"";
      EXPECT_EQ(lines_starting(conf, hook).size(), 1u);
      const auto groups = blocks(conf, "vrrp_sync_group ");
      if (plan.dual_stack()) {
        ASSERT_EQ(groups.size(), 1u);
        EXPECT_THAT(groups[0], HasSubstr("vrrp_sync_group " + plan.vrrp_sync_group + " {"));
        EXPECT_THAT(groups[0], HasSubstr(hook));
      } else {
        // keepalived warns about a sync group of one; the only instance runs the hook
        EXPECT_TRUE(groups.empty());
        EXPECT_THAT(blocks(conf, "vrrp_instance ").at(0), HasSubstr(hook));
      }
      const auto instances = blocks(conf, "vrrp_instance ");
      ASSERT_EQ(instances.size(), plan.families().size());
      ASSERT_EQ(plan.vrrp_instances.size(), plan.families().size());
      for (std::size_t i = 0; i < instances.size(); ++i) {
        const plan::VrrpInstance& want = plan.vrrp_instances.at(plan.families()[i]);
        const std::string& got = instances[i];
        if (plan.dual_stack()) {
          EXPECT_THAT(groups[0], HasSubstr("    " + want.name + "\n"));
        }
        EXPECT_THAT(got, HasSubstr("vrrp_instance " + want.name + " {"));
        EXPECT_THAT(got, HasSubstr("  state BACKUP"));
        EXPECT_THAT(got,
                    HasSubstr(fmt::format("  virtual_router_id {}\n", want.virtual_router_id)));
        EXPECT_THAT(got, HasSubstr(fmt::format("  priority {}\n", gw->vrrp_priority)));
        EXPECT_THAT(got, HasSubstr("  advert_int 0.1\n"));
        EXPECT_THAT(got, HasSubstr("  nopreempt "));
        EXPECT_THAT(got, Not(HasSubstr("\n  preempt_delay ")));
        EXPECT_THAT(got, HasSubstr("  interface eth0\n"));
        EXPECT_THAT(got,
                    HasSubstr("  unicast_src_ip " + gw->address(want.family)->to_string() + "\n"));
        const plan::Host* other = gateways(plan)[gw->index == 0 ? 1 : 0];
        EXPECT_THAT(got,
                    HasSubstr("  unicast_peer {\n    " + other->address(want.family)->to_string() +
                              "\n  }\n"));
        const std::string vip = fmt::format(
          "{}/{}", want.vip.to_string(), plan.network(want.family).cluster_subnet.length());
        // An IPv6 VIP is deprecated (preferred_lft 0): never the master's own source address.
        const std::string lifetime = want.family == net::Family::ipv6 ? " preferred_lft 0" : "";
        EXPECT_THAT(
          got, HasSubstr("  virtual_ipaddress {\n    " + vip + " dev eth0" + lifetime + "\n  }\n"));
        EXPECT_THAT(got, HasSubstr("  track_script {\n    dualstack_gateway_ready\n  }\n"));
      }
    }
  }
}

TEST(GatewayRender, KeepalivedPrioritiesAndAdvertIntervalComeFromThePlan)
{
  plan::Plan plan = plan_for(Shape::dual, 3);
  plan.timers.vrrp_advert_int = 0.5;
  plan.timers.vrrp_preempt_delay = 9;
  const Artifacts artifacts = render(plan);
  const auto gws = gateways(plan);
  ASSERT_EQ(gws.size(), 3u);
  EXPECT_THAT(gateway_file(artifacts, *gws[2], "keepalived.conf"), HasSubstr("  priority 50\n"));
  const std::string conf = gateway_file(artifacts, *gws[1], "keepalived.conf");
  EXPECT_THAT(conf, HasSubstr("  priority 100\n  advert_int 0.5\n  preempt_delay 9 "));
  EXPECT_THAT(
    conf, HasSubstr("  unicast_src_ip fd00::4\n  unicast_peer {\n    fd00::3\n    fd00::5\n  }\n"));
}

TEST(GatewayRender, KeepalivedWithOneGatewayHasNoUnicastPeers)
{
  const plan::Plan plan = plan_for(Shape::dual, 1);
  const std::string conf = gateway_file(render(plan), *gateways(plan)[0], "keepalived.conf");
  EXPECT_THAT(conf, Not(HasSubstr("unicast_peer")));
}

TEST(GatewayRender, NotifyHookResetsWireguardSessionsAndStartsHandshakesOnMaster)
{
  const plan::Plan plan = plan_for(Shape::dual);
  const Artifacts artifacts = render(plan);
  const std::string hook = gateway_file(artifacts, *gateways(plan)[0], "dualstack-notify.sh");
  EXPECT_TRUE(hook.starts_with("#!/bin/sh\n"));
  EXPECT_THAT(hook, HasSubstr("ports=\"7777\"\n"));
  EXPECT_THAT(hook, HasSubstr("keepalive=25\n"));
  EXPECT_THAT(hook, HasSubstr("wg setconf \"$ifc\" /dev/stdin"));
  EXPECT_THAT(hook, HasSubstr("persistent-keepalive \"$keepalive\""));
  const std::string check = gateway_file(artifacts, *gateways(plan)[0], "dualstack-check.sh");
  EXPECT_THAT(check, HasSubstr("listens --tcp 179 "));
  EXPECT_THAT(check, HasSubstr("listens --tcp 8888 "));
  EXPECT_THAT(check, HasSubstr("listens --udp 7777 "));
}

// --- HAProxy ---

TEST(GatewayRender, HaproxyServerNamesAreUniqueInEveryBackend)
{
  for (Shape shape : all_shapes()) {
    SCOPED_TRACE(shape_name(shape));
    const plan::Plan plan = plan_for(shape);
    const std::string cfg = gateway_file(render(plan), *gateways(plan)[0], "haproxy.cfg");
    std::map<std::string, std::set<std::string>> names;
    std::string backend;
    std::istringstream in(cfg);
    for (std::string line; std::getline(in, line);) {
      if (line.starts_with("backend "))
        backend = line.substr(8);
      if (line.starts_with("  server ")) {
        const std::string name = line.substr(9, line.find(' ', 9) - 9);
        EXPECT_TRUE(names[backend].insert(name).second)
          << "duplicate server " << name << " in " << backend;
      }
    }
    ASSERT_EQ(names.size(), 3u);
    EXPECT_EQ(names["kubernetes-api"].size(), 2 * plan.families().size());
    EXPECT_EQ(names["lb-30060"].size(), 2 * plan.families().size());
  }
}

TEST(GatewayRender, HaproxyBindsEveryVipAndReachesEveryMasterOnBothFamilies)
{
  const plan::Plan plan = plan_for(Shape::dual);
  const std::string cfg = gateway_file(render(plan), *gateways(plan)[0], "haproxy.cfg");
  EXPECT_THAT(cfg, HasSubstr("defaults\n  log global\n  mode tcp\n"));
  EXPECT_THAT(cfg,
              HasSubstr("frontend kubernetes-api\n  bind 172.30.154.2:8888\n  bind [fd00::2]:8888\n"
                        "  default_backend kubernetes-api\n"));
  // The API servers are checked by HTTPS GET /readyz (kubeadm's HA guide), the lb_ports by TCP.
  EXPECT_THAT(cfg,
              HasSubstr("backend kubernetes-api\n  option httpchk\n  http-check connect ssl\n"
                        "  http-check send meth GET uri /readyz\n  http-check expect status 200\n"
                        "  default-server check inter 1s fall 2 rise 2 verify none\n"
                        "  server gwt-master-0-ipv4 172.30.154.10:6443\n"
                        "  server gwt-master-0-ipv6 [fd00::a]:6443\n"
                        "  server gwt-master-1-ipv4 172.30.154.11:6443\n"
                        "  server gwt-master-1-ipv6 [fd00::b]:6443\n"));
  EXPECT_THAT(
    cfg, HasSubstr("frontend lb-80\n  mode http\n  bind 172.30.154.2:80\n  bind [fd00::2]:80\n"));
  EXPECT_THAT(
    cfg,
    HasSubstr(
      "backend lb-80\n  mode http\n  default-server check inter 1s fall 2 rise 2 send-proxy-v2\n"
      "  server gwt-worker-0-ipv4 172.30.154.12:30080\n"));
  EXPECT_THAT(cfg, HasSubstr("  server gwt-worker-1-ipv6 [fd00::d]:30060\n"));
  EXPECT_THAT(cfg, Not(HasSubstr("gwt-master-0-ipv4 172.30.154.10:30060")));
}

// --- nftables and sysctl ---

TEST(GatewayRender, NftablesForwardsBetweenWireguardAndTheClusterPerFamily)
{
  const plan::Plan plan = plan_for(Shape::dual);
  const std::string nft = gateway_file(render(plan), *gateways(plan)[0], "nftables.conf");
  EXPECT_THAT(nft, HasSubstr("table inet dualstack {\n"));
  EXPECT_THAT(nft, HasSubstr("elements = { 172.30.153.64/26 }"));
  EXPECT_THAT(nft, HasSubstr("elements = { fd00::/120, fdff:2::/56 }"));
  EXPECT_THAT(nft, HasSubstr("    ip saddr @wireguard_ipv4 ip daddr @cluster_ipv4 accept\n"));
  EXPECT_THAT(nft, HasSubstr("    ip6 saddr @cluster_ipv6 ip6 daddr @wireguard_ipv6 accept\n"));
  EXPECT_THAT(nft, HasSubstr("meta l4proto ipv6-icmp accept"));
  EXPECT_THAT(nft, HasSubstr("meta l4proto icmp accept"));
  EXPECT_THAT(nft, HasSubstr("    ip6 saddr fd00::/120 tcp dport 179 accept"));
  EXPECT_THAT(nft, HasSubstr("    ip saddr @gateways_ipv4 meta l4proto 112 accept"));
  EXPECT_THAT(nft, HasSubstr("    udp dport { 7777 } accept"));
  EXPECT_THAT(nft, HasSubstr("    tcp dport { 8888, 30060, 80 } accept"));
  EXPECT_THAT(nft, HasSubstr("policy drop;"));
}

TEST(GatewayRender, SysctlEnablesForwardingAndNonlocalBindPerFamily)
{
  const plan::Plan dual = plan_for(Shape::dual);
  const std::string both = gateway_file(render(dual), *gateways(dual)[0], "90-dualstack.conf");
  for (const char* line : { "net.ipv4.ip_forward = 1\n",
                            "net.ipv4.ip_nonlocal_bind = 1\n",
                            "net.ipv6.conf.all.forwarding = 1\n",
                            "net.ipv6.ip_nonlocal_bind = 1\n",
                            "net.ipv6.conf.eth0.accept_ra = 2\n" }) {
    EXPECT_THAT(both, HasSubstr(line));
  }
  const plan::Plan v4 = plan_for(Shape::ipv4_only);
  EXPECT_THAT(gateway_file(render(v4), *gateways(v4)[0], "90-dualstack.conf"),
              Not(HasSubstr("ipv6")));
}

// --- keys ---

TEST(WireguardKeys, PublicKeyOfMatchesRfc7748)
{
  // Alice's key as the RFC prints it (unclamped) and as wg stores it (clamped): same public key
  EXPECT_EQ(public_key_of("dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo="), test_key().public_key);
  EXPECT_EQ(public_key_of(test_key().private_key), test_key().public_key);
  EXPECT_EQ(public_key_of("XasIfmJKikt54X+Lg4AO5m87sSkmGLb9HC+LJ/+I4Os="),
            "3p7bfXt9wbTTW2HC7OQ1Nz+DQ8hbeGdNrfx+FG+IK08=");
}

TEST(WireguardKeys, PublicKeyOfRejectsWhatIsNotAKey)
{
  EXPECT_EQ(public_key_of(""), "");
  EXPECT_EQ(public_key_of("not a key"), "");
  EXPECT_EQ(public_key_of("dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LC"), "");       // 31 bytes
  EXPECT_EQ(public_key_of("dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo=AAAA"), ""); // trailing data
  EXPECT_EQ(public_key_of(" dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo="), "");
}

TEST(WireguardKeys, GeneratedPairsAreConsistentAndFresh)
{
  const KeyPair a = generate_key_pair();
  const KeyPair b = generate_key_pair();
  EXPECT_NE(a.private_key, b.private_key);
  EXPECT_EQ(a.private_key.size(), 44u);
  EXPECT_EQ(a.public_key.size(), 44u);
  EXPECT_EQ(public_key_of(a.private_key), a.public_key);
  EXPECT_EQ(public_key_of(b.private_key), b.public_key);
}

} // namespace
} // namespace dualstack::render
