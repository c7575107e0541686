// Building the lab's namespaces and links with iproute2 (argument vectors only).
#include <dualstack/lab/network.hpp>

#include <dualstack/lab/files.hpp>
#include <dualstack/lab/internet.hpp>
#include <dualstack/lab/nat_outgoing.hpp>
#include <dualstack/lab/process.hpp>

#include <fmt/format.h>

#include <fstream>

namespace dualstack::lab {

namespace {

// The MAC Calico gives every host-side pod interface, and the link-local it implies.
constexpr const char* calico_mac = "ee:ee:ee:ee:ee:ee";
constexpr const char* calico_link_local = "fe80::ecee:eeff:feee:eeee";
constexpr const char* calico_v4_gateway = "169.254.1.1";

std::string with_len(const Address& address, const Prefix& subnet)
{
  return fmt::format("{}/{}", address.to_string(), subnet.length());
}

std::string single(const Address& address)
{
  return fmt::format("{}/{}", address.to_string(), address.bit_width());
}

std::vector<std::string> addr_add(const std::string& ns,
                                  const std::string& address,
                                  const std::string& dev,
                                  bool v6)
{
  std::vector<std::string> argv{ "ip", "-n", ns, "addr", "add", address, "dev", dev };
  if (v6)
    argv.push_back("nodad");
  return argv;
}

Status add_namespace(LabContext& lab, const std::string& ns)
{
  LAB_TRY(must_run({ "ip", "netns", "add", ns }));
  lab.state.namespaces.push_back(ns);
  LAB_TRY(save_state(lab.state));
  LAB_TRY(must_run({ "ip", "-n", ns, "link", "set", "lo", "up" }));
  // IPv6 addresses usable at once (VRRPv3 and BGP over IPv6 need them), no RAs, no rp_filter.
  return must_run_in(ns,
                     { "sysctl",
                       "-qw",
                       "net.ipv6.conf.all.accept_dad=0",
                       "net.ipv6.conf.default.accept_dad=0",
                       "net.ipv6.conf.all.accept_ra=0",
                       "net.ipv6.conf.default.accept_ra=0",
                       "net.ipv4.conf.all.rp_filter=0",
                       "net.ipv4.conf.default.rp_filter=0" });
}

Status veth(const std::string& ns_a,
            const std::string& if_a,
            const std::string& ns_b,
            const std::string& if_b)
{
  return must_run({ "ip",
                    "link",
                    "add",
                    if_a,
                    "netns",
                    ns_a,
                    "type",
                    "veth",
                    "peer",
                    "name",
                    if_b,
                    "netns",
                    ns_b });
}

Status bridge_port(const LabContext& lab, const std::string& port, const std::string& bridge)
{
  return must_run(
    { "ip", "-n", lab.topology.switch_ns, "link", "set", port, "master", bridge, "up" });
}

Status cluster_host(const LabContext& lab,
                    const std::string& ns,
                    const std::string& nic,
                    const plan::Host& host)
{
  for (const auto& [family, address] : host.addresses) {
    const auto& network = lab.plan.network(address.family());
    LAB_TRY(must_run(addr_add(
      ns, with_len(address, network.cluster_subnet), nic, address.family() == Family::ipv6)));
  }
  LAB_TRY(must_run({ "ip", "-n", ns, "link", "set", nic, "up" }));
  for (const auto& [family, network] : lab.plan.networks) {
    // OpenStack's DHCP / RA gives every VM its default route via the subnet's router.
    LAB_TRY(must_run({ "ip",
                       "-n",
                       ns,
                       network.family == Family::ipv6 ? "-6" : "-4",
                       "route",
                       "add",
                       "default",
                       "via",
                       network.router.to_string() }));
  }
  return {};
}

Status build_router(LabContext& lab)
{
  const Topology& t = lab.topology;
  LAB_TRY(veth(t.router_ns, "eth-cluster", t.switch_ns, "rt"));
  LAB_TRY(bridge_port(lab, "rt", t.cluster_bridge));
  LAB_TRY(veth(t.router_ns, "eth-public", t.switch_ns, "rt-pub"));
  LAB_TRY(bridge_port(lab, "rt-pub", t.public_bridge));
  for (const auto& [family, network] : lab.plan.networks) {
    LAB_TRY(must_run(addr_add(t.router_ns,
                              with_len(network.router, network.cluster_subnet),
                              "eth-cluster",
                              network.family == Family::ipv6)));
  }
  const PublicNet& pub = t.public_net;
  const bool v6 = pub.family == Family::ipv6;
  LAB_TRY(must_run(addr_add(t.router_ns, with_len(pub.router, pub.subnet), "eth-public", v6)));
  if (!pub.routed)
    LAB_TRY(
      must_run(addr_add(t.router_ns, with_len(pub.floating_ip, pub.subnet), "eth-public", v6)));
  LAB_TRY(must_run({ "ip", "-n", t.router_ns, "link", "set", "eth-cluster", "up" }));
  LAB_TRY(must_run({ "ip", "-n", t.router_ns, "link", "set", "eth-public", "up" }));
  LAB_TRY(must_run_in(
    t.router_ns, { "sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1" }));
  // The router's static routes (Terraform openstack_networking_router_route_v2), as Neutron
  // installs them: a routed IPv6 pod prefix via the IPv6 VIP.
  for (const auto& route : lab.plan.router_routes) {
    LAB_TRY(must_run({ "ip",
                       "-n",
                       t.router_ns,
                       route.destination.family() == Family::ipv6 ? "-6" : "-4",
                       "route",
                       "add",
                       route.destination.to_string(),
                       "via",
                       route.next_hop.to_string() }));
  }
  // A global IPv6 subnet is routed as it is: no NAT66 in Neutron, no floating IPs.
  if (pub.routed)
    return {};
  // As Neutron does: the floating IP of the VIP port is 1:1 NAT to the VIP of the outer family,
  // and everything else from the subnet leaves with the router's own external address (SNAT).
  // A new VRRP master's WireGuard handshake leaves from the gateway's own address, so it reaches
  // the client through that SNAT and the client roams to it.
  const auto& outer = lab.plan.network(pub.family);
  const std::string table = v6 ? "ip6" : "ip";
  std::string rules =
    fmt::format("table {0} dualstack_lab_fip {{\n"
                "  chain prerouting {{\n    type nat hook prerouting priority dstnat;\n"
                "    iifname \"eth-public\" {0} daddr {1} dnat to {2}\n  }}\n"
                "  chain postrouting {{\n    type nat hook postrouting priority srcnat;\n"
                "    oifname \"eth-public\" {0} saddr {2} snat to {1}\n"
                "    oifname \"eth-public\" {0} saddr {3} masquerade\n  }}\n}}\n",
                table,
                pub.floating_ip.to_string(),
                outer.vip.to_string(),
                outer.cluster_subnet.to_string());
  // Each gateway's own floating IP, inbound only (how the operator's SSH reaches a gateway); its
  // outbound traffic keeps leaving through the subnet SNAT above.
  std::string gateway_fips;
  for (const auto& g : t.gateways) {
    LAB_TRY(must_run(addr_add(t.router_ns, with_len(g.floating_ip, pub.subnet), "eth-public", v6)));
    gateway_fips += fmt::format("    iifname \"eth-public\" {} daddr {} dnat to {}\n",
                                table,
                                g.floating_ip.to_string(),
                                lab.plan.host(g.name)->address(pub.family)->to_string());
  }
  rules.insert(rules.find("  }\n  chain postrouting"), gateway_fips);
  const std::string path = lab.ns_dir(t.router_ns) + "/floating-ip.nft";
  std::ofstream(path) << rules;
  return must_run_in(t.router_ns, { "nft", "-f", path });
}

Status build_gateway(LabContext& lab, const LabGateway& g)
{
  const std::string& nic = lab.plan.gateway_interface;
  LAB_TRY(veth(g.ns, nic, lab.topology.switch_ns, g.port));
  LAB_TRY(bridge_port(lab, g.port, lab.topology.cluster_bridge));
  return cluster_host(lab, g.ns, nic, *lab.plan.host(g.name));
}

Status build_node(LabContext& lab, const LabNode& n)
{
  const std::string& nic = lab.plan.node_interface;
  LAB_TRY(veth(n.ns, nic, lab.topology.switch_ns, n.port));
  LAB_TRY(bridge_port(lab, n.port, lab.topology.cluster_bridge));
  LAB_TRY(cluster_host(lab, n.ns, nic, *lab.plan.host(n.name)));
  LAB_TRY(must_run_in(
    n.ns, { "sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1" }));
  // The pod, wired as Calico wires it: /32 and /128 on the pod, host side with MAC
  // ee:ee:ee:ee:ee:ee and proxy ARP, pod default routes via 169.254.1.1 and that MAC's link-local.
  LAB_TRY(veth(n.pod.ns, "eth0", n.ns, n.cali_if));
  LAB_TRY(must_run({ "ip", "-n", n.ns, "link", "set", n.cali_if, "address", calico_mac }));
  LAB_TRY(
    must_run_in(n.ns, { "sysctl", "-qw", fmt::format("net.ipv4.conf.{}.proxy_arp=1", n.cali_if) }));
  LAB_TRY(must_run({ "ip", "-n", n.ns, "link", "set", n.cali_if, "up" }));
  for (const auto& address : n.pod.addresses) {
    const bool v6 = address.family() == Family::ipv6;
    LAB_TRY(must_run(addr_add(n.pod.ns, single(address), "eth0", v6)));
    LAB_TRY(must_run(
      { "ip", "-n", n.ns, v6 ? "-6" : "-4", "route", "add", single(address), "dev", n.cali_if }));
  }
  LAB_TRY(must_run({ "ip", "-n", n.pod.ns, "link", "set", "eth0", "up" }));
  for (const auto& address : n.pod.addresses) {
    if (address.family() == Family::ipv4) {
      LAB_TRY(must_run({ "ip",
                         "-n",
                         n.pod.ns,
                         "-4",
                         "route",
                         "add",
                         calico_v4_gateway,
                         "dev",
                         "eth0",
                         "scope",
                         "link" }));
      LAB_TRY(must_run({ "ip",
                         "-n",
                         n.pod.ns,
                         "-4",
                         "route",
                         "add",
                         "default",
                         "via",
                         calico_v4_gateway,
                         "dev",
                         "eth0" }));
    } else {
      LAB_TRY(must_run({ "ip",
                         "-n",
                         n.pod.ns,
                         "-6",
                         "route",
                         "add",
                         "default",
                         "via",
                         calico_link_local,
                         "dev",
                         "eth0" }));
    }
  }
  return {};
}

// A roaming client's home: the laptop on a LAN behind a home router that masquerades IPv4 and
// lets only replies in for IPv6 (what home routers do): a packet reaches the laptop only from the
// address:port it last sent to.
Status build_home(LabContext& lab)
{
  const Topology& t = lab.topology;
  const LabClient& c = t.client;
  const bool v6 = c.lan.family() == Family::ipv6;
  const char* flag = v6 ? "-6" : "-4";
  LAB_TRY(veth(c.ns, "eth0", c.home_ns, "lan"));
  LAB_TRY(must_run(addr_add(c.home_ns, with_len(c.lan_router, c.lan), "lan", v6)));
  LAB_TRY(must_run(addr_add(c.ns, with_len(c.lan_address, c.lan), "eth0", v6)));
  LAB_TRY(must_run({ "ip", "-n", c.home_ns, "link", "set", "lan", "up" }));
  LAB_TRY(must_run({ "ip", "-n", c.ns, "link", "set", "eth0", "up" }));
  LAB_TRY(must_run(
    { "ip", "-n", c.ns, flag, "route", "add", "default", "via", c.lan_router.to_string() }));
  LAB_TRY(must_run({ "ip",
                     "-n",
                     c.home_ns,
                     flag,
                     "route",
                     "add",
                     "default",
                     "via",
                     t.public_net.router.to_string() }));
  LAB_TRY(must_run_in(
    c.home_ns, { "sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1" }));
  if (v6) {
    // No NAT66 at home: the internet routes the home prefix to the home router.
    LAB_TRY(must_run({ "ip",
                       "-n",
                       t.router_ns,
                       "-6",
                       "route",
                       "add",
                       c.lan.to_string(),
                       "via",
                       t.public_net.client.to_string() }));
  }
  std::string rules = fmt::format("table {} dualstack_home {{\n"
                                  "  chain forward {{\n"
                                  "    type filter hook forward priority filter; policy drop;\n"
                                  "    ct state established,related accept\n"
                                  "    iifname \"lan\" accept\n  }}\n",
                                  v6 ? "ip6" : "ip");
  if (!v6) {
    rules += "  chain postrouting {\n"
             "    type nat hook postrouting priority srcnat;\n"
             "    oifname \"wan\" masquerade\n  }\n";
  }
  rules += "}\n";
  const std::string path = lab.ns_dir(c.home_ns) + "/home.nft";
  LAB_TRY(write_file(path, rules, 0644));
  return must_run_in(c.home_ns, { "nft", "-f", path });
}

// The client's link to the lab's internet: its own public address (fixed), or its home
// router's (roaming).
Status build_client(LabContext& lab)
{
  const Topology& t = lab.topology;
  const PublicNet& pub = t.public_net;
  const bool v6 = pub.family == Family::ipv6;
  const std::string& edge = t.client.roaming ? t.client.home_ns : t.client.ns;
  const std::string edge_if = t.client.roaming ? "wan" : "eth0";
  LAB_TRY(veth(edge, edge_if, t.switch_ns, "client"));
  LAB_TRY(bridge_port(lab, "client", t.public_bridge));
  LAB_TRY(must_run(addr_add(edge, with_len(pub.client, pub.subnet), edge_if, v6)));
  LAB_TRY(must_run({ "ip", "-n", edge, "link", "set", edge_if, "up" }));
  if (t.client.roaming)
    LAB_TRY(build_home(lab));
  if (t.site) {
    // The fixed-endpoint site peer: its own public address, beside the laptop's home.
    LAB_TRY(veth(t.site->ns, "eth0", t.switch_ns, "site"));
    LAB_TRY(bridge_port(lab, "site", t.public_bridge));
    LAB_TRY(must_run(addr_add(t.site->ns, with_len(pub.site, pub.subnet), "eth0", v6)));
    LAB_TRY(must_run({ "ip", "-n", t.site->ns, "link", "set", "eth0", "up" }));
    if (pub.routed) {
      LAB_TRY(must_run({ "ip",
                         "-n",
                         t.site->ns,
                         "-6",
                         "route",
                         "add",
                         lab.plan.network(Family::ipv6).cluster_subnet.to_string(),
                         "via",
                         pub.router.to_string() }));
    }
  }
  if (!pub.routed)
    return {};
  // The internet's route to a global cluster subnet leads to the OpenStack router.
  return must_run({ "ip",
                    "-n",
                    edge,
                    "-6",
                    "route",
                    "add",
                    lab.plan.network(Family::ipv6).cluster_subnet.to_string(),
                    "via",
                    pub.router.to_string() });
}

// The IPv6 internet host on the public network, and the router's external IPv6 side: its
// address there (a dual-stack cluster's public network is IPv4 otherwise) and its ULA filter.
Status build_internet(LabContext& lab)
{
  const Topology& t = lab.topology;
  if (!t.internet)
    return {};
  const LabInternet& inet = *t.internet;
  if (t.public_net.family != Family::ipv6)
    LAB_TRY(
      must_run(addr_add(t.router_ns, with_len(inet.router, inet.subnet), "eth-public", true)));
  LAB_TRY(veth(inet.ns, "eth0", t.switch_ns, "inet"));
  LAB_TRY(bridge_port(lab, "inet", t.public_bridge));
  LAB_TRY(must_run(addr_add(inet.ns, with_len(inet.host, inet.subnet), "eth0", true)));
  LAB_TRY(must_run({ "ip", "-n", inet.ns, "link", "set", "eth0", "up" }));
  LAB_TRY(must_run(
    { "ip", "-n", inet.ns, "-6", "route", "add", "default", "via", inet.router.to_string() }));
  const std::string path = lab.ns_dir(t.router_ns) + "/internet-ula.nft";
  LAB_TRY(write_file(path, ula_filter_ruleset("eth-public"), 0644));
  return must_run_in(t.router_ns, { "nft", "-f", path });
}

} // namespace

const std::string& gateway_nic(const LabContext& lab)
{
  return lab.plan.gateway_interface;
}

Status build_network(LabContext& lab)
{
  const Topology& t = lab.topology;
  for (const auto& ns : t.namespaces()) {
    if (g_interrupted.load())
      return tl::unexpected(std::string("interrupted"));
    LAB_TRY(add_namespace(lab, ns));
  }
  for (const auto& bridge : { t.cluster_bridge, t.public_bridge }) {
    LAB_TRY(must_run({ "ip",
                       "-n",
                       t.switch_ns,
                       "link",
                       "add",
                       bridge,
                       "type",
                       "bridge",
                       "stp_state",
                       "0",
                       "forward_delay",
                       "0",
                       "mcast_snooping",
                       "0" }));
    LAB_TRY(must_run({ "ip", "-n", t.switch_ns, "link", "set", bridge, "up" }));
  }
  lab.say("network: OpenStack router, floating IP NAT");
  LAB_TRY(build_router(lab));
  for (const auto& g : t.gateways)
    LAB_TRY(build_gateway(lab, g));
  lab.say(fmt::format("network: {} k8s nodes with one pod each", t.nodes.size()));
  for (const auto& n : t.nodes) {
    if (g_interrupted.load())
      return tl::unexpected(std::string("interrupted"));
    LAB_TRY(build_node(lab, n));
  }
  // Felix's natOutgoing on the nodes (the rendered IPPools), then the world outside.
  LAB_TRY(apply_nat_outgoing(lab));
  if (t.internet)
    lab.say("network: the internet's IPv6 host, the router's ULA filter");
  LAB_TRY(build_internet(lab));
  return build_client(lab);
}

Status add_family(LabContext& lab, Family family)
{
  const Topology& t = lab.topology;
  const auto& network = lab.plan.network(family);
  const bool v6 = family == Family::ipv6;
  const std::string flag = v6 ? "-6" : "-4";
  // Terraform's ports step: the router interface and every host's port gain the family.
  LAB_TRY(must_run(
    addr_add(t.router_ns, with_len(network.router, network.cluster_subnet), "eth-cluster", v6)));
  const auto host_gains =
    [&](const std::string& ns, const std::string& nic, const std::string& name) -> Status {
    LAB_TRY(must_run(addr_add(
      ns, with_len(*lab.plan.host(name)->address(family), network.cluster_subnet), nic, v6)));
    return must_run(
      { "ip", "-n", ns, flag, "route", "replace", "default", "via", network.router.to_string() });
  };
  for (const auto& g : t.gateways)
    LAB_TRY(host_gains(g.ns, lab.plan.gateway_interface, g.name));
  // Calico's step: each pod gains an address of its node's block of the new pool.
  const std::size_t f = family == lab.plan.families().front() ? 0 : 1;
  for (const auto& n : t.nodes) {
    LAB_TRY(host_gains(n.ns, lab.plan.node_interface, n.name));
    const Address& pod = n.pod.addresses.at(f);
    LAB_TRY(must_run(addr_add(n.pod.ns, single(pod), "eth0", v6)));
    LAB_TRY(must_run({ "ip", "-n", n.ns, flag, "route", "add", single(pod), "dev", n.cali_if }));
    std::vector<std::string> route{ "ip",      "-n",    n.pod.ns,
                                    flag,      "route", "add",
                                    "default", "via",   v6 ? calico_link_local : calico_v4_gateway,
                                    "dev",     "eth0" };
    if (!v6)
      route.push_back("onlink");
    LAB_TRY(must_run(route));
  }
  // The internet's IPv6 host exists beside every cluster with IPv6.
  if (v6 && t.internet) {
    LAB_TRY(add_namespace(lab, t.internet->ns));
    LAB_TRY(build_internet(lab));
  }
  return {};
}

Status set_gateway_link(const LabContext& lab, const LabGateway& g, bool up)
{
  return must_run(
    { "ip", "-n", lab.topology.switch_ns, "link", "set", g.port, up ? "up" : "down" });
}

} // namespace dualstack::lab
