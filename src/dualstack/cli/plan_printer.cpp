// Plan -> tables.
#include <dualstack/cli/plan_printer.hpp>

#include <dualstack/cli/table.hpp>

#include <fmt/format.h>

namespace dualstack::cli {

namespace {

using plan::Plan;

std::string shape(const Plan& p)
{
  if (!p.dual_stack())
    return p.primary() == net::Family::ipv4 ? "IPv4-only" : "IPv6-only";
  return p.primary() == net::Family::ipv4 ? "dual-stack, IPv4 primary" : "dual-stack, IPv6 primary";
}

std::vector<std::string> family_headers(const Plan& p, std::vector<std::string> before)
{
  for (auto f : p.families())
    before.emplace_back(net::display_name(f));
  return before;
}

void section(std::ostream& out, std::string_view title)
{
  out << "\n" << title << "\n";
}

} // namespace

void print_plan_text(std::ostream& out, const Plan& p)
{
  out << fmt::format("Plan for cluster `{}` (Kubernetes {}, {}, Calico {} mode)\n",
                     p.cluster_name,
                     p.kubernetes_version,
                     shape(p),
                     p.calico_install_mode);

  section(out, "Networks");
  Table networks(family_headers(p, { "what" }));
  auto row = [&](std::string what, auto get) {
    std::vector<std::string> cells{ std::move(what) };
    for (const auto& [family, n] : p.networks)
      cells.push_back(get(n));
    networks.add(std::move(cells));
  };
  using plan::FamilyPlan;
  row("cluster subnet", [](const FamilyPlan& n) { return n.cluster_subnet.to_string(); });
  row("router", [](const FamilyPlan& n) { return n.router.to_string(); });
  row("VIP", [](const FamilyPlan& n) { return n.vip.to_string(); });
  row("DHCP pool", [](const FamilyPlan& n) {
    return n.dhcp_first.to_string() + " - " + n.dhcp_last.to_string();
  });
  row("pod subnet", [](const FamilyPlan& n) { return n.pod_subnet.to_string(); });
  row("node CIDR mask",
      [](const FamilyPlan& n) { return "/" + std::to_string(n.node_cidr_mask_size); });
  row("Calico pool", [](const FamilyPlan& n) {
    return fmt::format("block /{}, {}, natOutgoing {}",
                       n.pool.block_size,
                       n.pool.encapsulation,
                       n.pool.nat_outgoing);
  });
  row("Calico autodetect", [](const FamilyPlan& n) { return n.pool.autodetection_method; });
  row("service subnet", [](const FamilyPlan& n) { return n.service_subnet.to_string(); });
  row("kubernetes svc", [](const FamilyPlan& n) { return n.kubernetes_service_ip.to_string(); });
  row("cluster DNS", [](const FamilyPlan& n) { return n.dns_service_ip.to_string(); });
  networks.print(out);
  if (p.has(net::Family::ipv6)) {
    std::string routes;
    for (const auto& r : p.router_routes)
      routes +=
        fmt::format(", router route {} via {}", r.destination.to_string(), r.next_hop.to_string());
    out << fmt::format("  IPv6 egress {}{}\n", plan::to_string(p.ipv6_egress), routes);
  }
  if (p.config_drive)
    out << fmt::format("  metadata {} (instances also get a config drive)\n", p.metadata_url);

  section(out, "Hosts");
  Table hosts(family_headers(p, { "name", "role" }));
  for (const auto& h : p.hosts) {
    std::vector<std::string> cells{ h.name, std::string(plan::to_string(h.role)) };
    for (const auto& [family, a] : h.addresses)
      cells.push_back(a.to_string());
    if (h.role == plan::HostRole::gateway)
      cells.push_back(fmt::format("VRRP priority {}", h.vrrp_priority));
    hosts.add(std::move(cells));
  }
  hosts.print(out);

  section(out, "API endpoint");
  out << fmt::format(
    "  controlPlaneEndpoint {}  (HAProxy :{} on every VIP -> kube-apiserver :{})\n",
    p.api.control_plane_endpoint,
    p.api.frontend_port,
    p.api.bind_port);
  std::string sans;
  for (const auto& s : p.api.cert_sans)
    sans += (sans.empty() ? "" : ", ") + s;
  out << "  certificate SANs     " << sans << "\n";

  section(out, "WireGuard");
  Table endpoints(family_headers(p, { "endpoint", "port" }));
  for (const auto& e : p.wireguard_endpoints) {
    std::vector<std::string> cells{ e.interface_name, std::to_string(e.port) };
    for (const auto& [family, range] : e.ranges) {
      cells.push_back(fmt::format("{} gw {}", range.prefix.to_string(), range.gateway.to_string()));
    }
    endpoints.add(std::move(cells));
  }
  endpoints.print(out);
  if (!p.wireguard_peers.empty()) {
    out << "\n";
    Table peers(family_headers(p, { "peer", "endpoint", "slot" }));
    for (const auto& peer : p.wireguard_peers) {
      for (std::size_t e = 0; e < peer.addresses.size(); ++e) {
        std::vector<std::string> cells{ peer.ident,
                                        p.wireguard_endpoints[e].interface_name,
                                        std::to_string(peer.offset) };
        for (const auto& [family, a] : peer.addresses[e])
          cells.push_back(a.to_string());
        peers.add(std::move(cells));
      }
    }
    peers.print(out);
  }

  section(out, fmt::format("BGP (nodes AS {} <-> gateway VIP AS {})", p.node_as, p.gateway_as));
  Table bgp({ "node", "family", "node address", "peer (VIP)" });
  for (const auto& s : p.bgp_sessions) {
    bgp.add({ s.node,
              std::string(net::display_name(s.family)),
              s.node_address.to_string(),
              s.vip.to_string() });
  }
  bgp.print(out);

  section(out,
          fmt::format("VRRP (sync group {}, advert {} s, preempt delay {} s)",
                      p.vrrp_sync_group,
                      p.timers.vrrp_advert_int,
                      p.timers.vrrp_preempt_delay));
  Table vrrp({ "instance", "family", "VRID", "VIP", "members (priority)" });
  for (const auto& [family, v] : p.vrrp_instances) {
    std::string members;
    for (const auto& m : v.members)
      members += fmt::format("{}{} ({})", members.empty() ? "" : ", ", m.gateway, m.priority);
    vrrp.add({ v.name,
               std::string(net::display_name(v.family)),
               std::to_string(v.virtual_router_id),
               v.vip.to_string(),
               members });
  }
  vrrp.print(out);

  section(out, "Capacity");
  Table capacity({ "range", "family", "fits", "used" });
  for (const auto& c : p.capacity) {
    capacity.add(
      { c.range, std::string(net::display_name(c.family)), c.fits + " " + c.unit, c.used });
  }
  capacity.print(out);
}

} // namespace dualstack::cli
