// The gateways' nftables ruleset.
#include <dualstack/render/gateway/nftables.hpp>

#include <dualstack/render/gateway/text.hpp>
#include <dualstack/render/gateway/well_known.hpp>

#include <fmt/format.h>

namespace dualstack::render::gateway {

namespace {

using net::Family;

// "ip" or "ip6": the nftables payload expression of a family.
std::string ip(Family family)
{
  return family == Family::ipv4 ? "ip" : "ip6";
}

std::string addr_type(Family family)
{
  return family == Family::ipv4 ? "ipv4_addr" : "ipv6_addr";
}

void set(std::string& out,
         const std::string& name,
         Family family,
         const std::vector<std::string>& elements,
         bool intervals)
{
  if (elements.empty())
    return;
  out += fmt::format("  set {} {{\n    type {}\n", name, addr_type(family));
  if (intervals)
    out += "    flags interval\n";
  out += fmt::format("    elements = {{ {} }}\n  }}\n\n", join(elements, ", "));
}

std::vector<std::string> wireguard_ranges(const plan::Plan& plan, Family family)
{
  std::vector<std::string> out;
  for (const auto& endpoint : plan.wireguard_endpoints) {
    if (auto range = endpoint.range(family))
      out.push_back(range->to_string());
  }
  return out;
}

std::vector<std::string> cluster_ranges(const plan::Plan& plan, Family family)
{
  std::vector<std::string> out;
  for (const net::Prefix& range : plan::forwarded_cluster_ranges(plan, family))
    out.push_back(range.to_string());
  return out;
}

std::vector<std::string> other_gateways(const plan::Plan& plan,
                                        const plan::Host& gateway,
                                        Family family)
{
  std::vector<std::string> out;
  for (const plan::Host* peer : plan.hosts_with(plan::HostRole::gateway)) {
    if (peer->name != gateway.name)
      out.push_back(peer->address(family)->to_string());
  }
  return out;
}

} // namespace

std::string nftables_config(const plan::Plan& plan, const plan::Host& gateway)
{
  std::string out;
  out += "#!/usr/sbin/nft -f\n";
  out += fmt::format("# nftables on gateway {} of cluster {}: input and forwarding for the VIPs, "
                     "BGP, VRRP and WireGuard.\n",
                     printable(gateway.name),
                     printable(plan.cluster_name));
  out += "# Replaces only its own table; other tables are left alone.\n";
  out += "table inet dualstack\n";
  out += "delete table inet dualstack\n\n";
  out += "table inet dualstack {\n";
  for (Family family : plan.families()) {
    set(
      out, "wireguard_" + net::family_string(family), family, wireguard_ranges(plan, family), true);
    set(out, "cluster_" + net::family_string(family), family, cluster_ranges(plan, family), true);
    set(out,
        "gateways_" + net::family_string(family),
        family,
        other_gateways(plan, gateway, family),
        false);
  }

  std::vector<std::string> udp_ports;
  for (const auto& endpoint : plan.wireguard_endpoints) {
    udp_ports.push_back(std::to_string(endpoint.port));
  }
  std::vector<std::string> tcp_ports{ std::to_string(plan.api.frontend_port) };
  for (const auto& port : plan.lb_ports) {
    tcp_ports.push_back(std::to_string(port.external));
  }

  const bool routed_pods = plan.ipv6_egress == plan::Ipv6Egress::routed;
  const std::string routed_prefix =
    routed_pods ? plan.network(Family::ipv6).pod_subnet.to_string() : std::string();
  if (routed_pods) {
    // The router sends the routed pod prefix to the VIP, the pods' replies leave through the
    // router: the gateway sees one direction only, which conntrack would call invalid (a SYN-ACK
    // first). So that traffic is not tracked; it is forwarded as a router forwards it.
    out += "  chain prerouting {\n";
    out += "    type filter hook prerouting priority raw; policy accept;\n";
    out +=
      fmt::format("    iifname \"{}\" ip6 daddr {} notrack    # routed IPv6 pods: one direction "
                  "only\n",
                  plan.gateway_interface,
                  routed_prefix);
    out += "  }\n\n";
  }

  out += "  chain input {\n";
  out += "    type filter hook input priority filter; policy drop;\n";
  out += "    ct state established,related accept\n";
  out += "    ct state invalid drop\n";
  out += "    iif \"lo\" accept\n";
  if (plan.has(Family::ipv4)) {
    out += "    meta l4proto icmp accept\n";
  }
  if (plan.has(Family::ipv6)) {
    out += "    meta l4proto ipv6-icmp accept              # neighbour discovery, router "
           "advertisements\n";
    out += fmt::format("    ip6 saddr fe80::/10 udp dport {} accept    # DHCPv6 replies\n",
                       well_known::dhcpv6_client_port);
  }
  out += fmt::format("    tcp dport {} accept    # SSH\n", well_known::ssh_port);
  for (Family family : plan.families()) {
    out += fmt::format("    {} saddr {} tcp dport {} accept    # BGP: nodes and gateways\n",
                       ip(family),
                       plan.network(family).cluster_subnet.to_string(),
                       well_known::bgp_port);
    if (!other_gateways(plan, gateway, family).empty()) {
      out += fmt::format("    {} saddr @gateways_{} meta l4proto {} accept    # VRRP\n",
                         ip(family),
                         net::family_string(family),
                         well_known::vrrp_protocol);
    }
  }
  if (!other_gateways(plan, gateway, plan.primary()).empty()) {
    out +=
      fmt::format("    {} saddr @gateways_{} udp dport {} accept    # dualstack-endpoint-sync\n",
                  ip(plan.primary()),
                  net::family_string(plan.primary()),
                  well_known::endpoint_sync_port);
  }
  if (!udp_ports.empty()) {
    out += fmt::format("    udp dport {{ {} }} accept    # WireGuard\n", join(udp_ports, ", "));
  }
  out += fmt::format("    tcp dport {{ {} }} accept    # HAProxy: Kubernetes API, lb_ports\n",
                     join(tcp_ports, ", "));
  out += "  }\n\n";

  out += "  chain forward {\n";
  out += "    type filter hook forward priority filter; policy drop;\n";
  out += "    ct state established,related accept\n";
  out += "    ct state invalid drop\n";
  if (plan.has(Family::ipv4))
    out += "    meta l4proto icmp accept\n";
  if (plan.has(Family::ipv6))
    out += "    meta l4proto ipv6-icmp accept\n";
  if (routed_pods) {
    out +=
      fmt::format("    iifname \"{0}\" oifname \"{0}\" ip6 daddr {1} accept    # routed IPv6 pods: "
                  "the router's route to the VIP\n",
                  plan.gateway_interface,
                  routed_prefix);
  }
  for (Family family : plan.families()) {
    if (wireguard_ranges(plan, family).empty())
      continue;
    const std::string f = net::family_string(family);
    out +=
      fmt::format("    {0} saddr @wireguard_{1} {0} daddr @cluster_{1} accept\n", ip(family), f);
    out +=
      fmt::format("    {0} saddr @cluster_{1} {0} daddr @wireguard_{1} accept\n", ip(family), f);
  }
  out += "  }\n";
  out += "}\n";
  return out;
}

} // namespace dualstack::render::gateway
