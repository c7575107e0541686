// The gateways' BIRD 2 config.
#include <dualstack/render/gateway/bird.hpp>

#include <dualstack/render/gateway/text.hpp>

#include <fmt/format.h>

#include <set>

namespace dualstack::render::gateway {

namespace {

using net::Family;

std::string upper(Family family)
{
  return family == Family::ipv4 ? "IPV4" : "IPV6";
}

// Protocol names: readable (host name + family), valid symbols, and unique even if two host
// names map to one symbol or to one of the fixed names below.
class ProtocolNames
{
public:
  std::string take(const std::string& wanted)
  {
    const std::string base =
      wanted.front() >= '0' && wanted.front() <= '9' ? "node_" + wanted : wanted;
    std::string name = base;
    for (int n = 2; !m_taken.insert(name).second; ++n) {
      name = fmt::format("{}_{}", base, n);
    }
    return name;
  }

private:
  std::set<std::string> m_taken{ "device",           "kernel_ipv4",      "kernel_ipv6",
                                 "wireguard_ipv4",   "wireguard_ipv6",   "to_nodes_ipv4",
                                 "to_nodes_ipv6",    "from_nodes_ipv4",  "from_nodes_ipv6",
                                 "to_gateways_ipv4", "to_gateways_ipv6", "WIREGUARD_IPV4",
                                 "WIREGUARD_IPV6",   "CLUSTER_IPV4",     "CLUSTER_IPV6" };
};

std::string timers(const plan::Timers& t)
{
  std::string out;
  out += fmt::format("  connect delay time {};\n", t.bgp_connect_delay_time);
  out += fmt::format("  connect retry time {};\n", t.bgp_connect_retry_time);
  out += fmt::format("  error wait time {}, {};\n", t.bgp_error_wait_min, t.bgp_error_wait_max);
  out += fmt::format("  hold time {};\n", t.bgp_hold_time);
  out += fmt::format("  keepalive time {};\n", t.bgp_keepalive_time);
  // A peer that vanishes without a NOTIFICATION (VIP moved, node restarting) keeps its routes
  // until the session is back, instead of a gap in the data plane.
  out += "  graceful restart on;\n";
  return out;
}

void filters(std::string& out, const plan::Plan& plan, Family family)
{
  const plan::FamilyPlan& network = plan.network(family);
  std::vector<std::string> wireguard;
  for (const auto& endpoint : plan.wireguard_endpoints) {
    if (auto range = endpoint.range(family))
      wireguard.push_back(range->to_string());
  }
  std::vector<std::string> cluster{ network.pod_subnet.to_string() + "+" };
  if (plan.bgp_announce_service_ips)
    cluster.push_back(network.service_subnet.to_string() + "+");
  if (network.loadbalancer_pool) // Calico advertises each LoadBalancer IP as a /32 or /128
    cluster.push_back(network.loadbalancer_pool->to_string() + "+");
  if (!wireguard.empty()) {
    out += fmt::format("define WIREGUARD_{} = [ {} ];\n", upper(family), join(wireguard, ", "));
  }
  out += fmt::format("define CLUSTER_{} = [ {} ];\n", upper(family), join(cluster, ", "));
  out += "\n";
  // Static routes (not the wg interface's routes) so the config names no interface; they stay
  // in BIRD: the kernel protocol exports BGP routes only.
  if (!wireguard.empty()) {
    out += fmt::format("protocol static wireguard_{} {{\n  {};\n",
                       net::family_string(family),
                       net::family_string(family));
    for (const auto& range : wireguard) {
      out += fmt::format("  route {} unreachable;\n", range);
    }
    out += "}\n\n";
  }
  out += fmt::format("filter to_nodes_{} {{\n", net::family_string(family));
  if (!wireguard.empty()) {
    out += fmt::format("  if proto = \"wireguard_{}\" && net ~ WIREGUARD_{} then accept;\n",
                       net::family_string(family),
                       upper(family));
  }
  out += "  reject;\n}\n\n";
  out +=
    fmt::format("filter from_nodes_{} {{\n  if net ~ CLUSTER_{} then accept;\n  reject;\n}}\n\n",
                net::family_string(family),
                upper(family));
  out += fmt::format("filter to_gateways_{} {{\n  if source = RTS_BGP && net ~ CLUSTER_{} then "
                     "accept;\n  reject;\n}}\n\n",
                     net::family_string(family),
                     upper(family));
}

void kernel(std::string& out, Family family)
{
  out += fmt::format("protocol kernel kernel_{} {{\n", net::family_string(family));
  out += "  learn;                            # keep routes others installed (RA, DHCPv6): the "
         "seed's v6 bug\n";
  out += fmt::format("  {} {{\n", net::family_string(family));
  out += "    import all;\n";
  out +=
    "    export where source = RTS_BGP;  # pod routes from the nodes (and the master, via iBGP)\n";
  out += "  };\n}\n\n";
}

} // namespace

std::string bird_config(const plan::Plan& plan, const plan::Host& gateway)
{
  std::string out;
  out += fmt::format(
    "# BIRD 2 on gateway {} of cluster {}: BGP from the VIPs to every k8s node, per family.\n",
    printable(gateway.name),
    printable(plan.cluster_name));
  out += "# Every gateway peers from the VIP (ip_nonlocal_bind=1), so only the VRRP master's "
         "sessions come up.\n";
  out += fmt::format("router id {};\n\n", gateway.router_id.to_string());
  out += "protocol device {\n}\n\n";
  for (Family family : plan.families()) {
    filters(out, plan, family);
    kernel(out, family);
  }
  if (plan.has(Family::ipv6)) {
    // The IPv6 node sessions are multihop, so BIRD resolves the nodes' next hops through its
    // table (gateway recursive): it needs the cluster subnet there.
    out += fmt::format("protocol direct direct_ipv6 {{\n  ipv6;\n  interface \"{}\";\n}}\n\n",
                       printable(plan.gateway_interface));
  }
  ProtocolNames names;
  for (const auto& session : plan.bgp_sessions) {
    const std::string f = net::family_string(session.family);
    out += fmt::format("protocol bgp {} {{\n", names.take(symbol(session.node) + "_" + f));
    out += fmt::format("  description \"k8s node {} ({}), from the VIP\";\n",
                       printable(session.node),
                       net::display_name(session.family));
    out += fmt::format("  local {} as {};\n", session.vip.to_string(), session.gateway_as);
    out += fmt::format("  neighbor {} as {};\n", session.node_address.to_string(), session.node_as);
    if (session.family == Family::ipv6) {
      // A single-hop IPv6 session sends this gateway's own link-local address beside the VIP as
      // next hop, and BIRD (calico/node's too) routes via the link-local when the global one is
      // on-link: every node would route the WireGuard ranges via the old master's fe80:: address
      // after a failover, until its session with the new master is up. Multihop sends the VIP
      // alone (BIRD 2.0.12 bgp.c: link_addr is set for single-hop sessions only); TTL 1 keeps it
      // on the link.
      out += "  multihop 1;                       # the VIP alone as next hop, no link-local\n";
    } else {
      out += "  direct;\n";
    }
    // The nodes (calico/node) connect to the VIP. Connecting from here too made both sides'
    // connects collide at failover, which graceful restart took for a neighbour restart.
    out += "  passive on;\n";
    out += timers(plan.timers);
    out += fmt::format("  {} {{\n", f);
    out += fmt::format("    import filter from_nodes_{};\n", f);
    out += fmt::format("    export filter to_nodes_{};\n", f);
    out += "    next hop self;                  # the VIP\n";
    out += "  };\n}\n\n";
  }
  for (const plan::Host* peer : plan.hosts_with(plan::HostRole::gateway)) {
    if (peer->name == gateway.name)
      continue;
    for (Family family : plan.families()) {
      const std::string f = net::family_string(family);
      out +=
        fmt::format("protocol bgp {} {{\n", names.take("gateway_" + symbol(peer->name) + "_" + f));
      out +=
        fmt::format("  description \"iBGP to gateway {} ({}): pod routes for a ready backup\";\n",
                    printable(peer->name),
                    net::display_name(family));
      out +=
        fmt::format("  local {} as {};\n", gateway.address(family)->to_string(), plan.gateway_as);
      out +=
        fmt::format("  neighbor {} as {};\n", peer->address(family)->to_string(), plan.gateway_as);
      out += "  direct;\n";
      out += timers(plan.timers);
      out += fmt::format("  {} {{\n", f);
      out += fmt::format("    import filter from_nodes_{};\n", f);
      out += fmt::format("    export filter to_gateways_{};\n", f);
      out += "    next hop keep;                  # the node, not this gateway\n";
      out += "  };\n}\n\n";
    }
  }
  out.pop_back(); // one trailing newline
  return out;
}

} // namespace dualstack::render::gateway
