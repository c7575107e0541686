// Config -> Plan. Every rule runs first; the Plan is only derived from a config without errors,
// so this code may rely on every value being present, valid and of the right family.
#include <dualstack/plan/derive.hpp>

#include <dualstack/net/host_port.hpp>
#include <dualstack/plan/capacity.hpp>
#include <dualstack/plan/family_fields.hpp>
#include <dualstack/plan/layout.hpp>
#include <dualstack/plan/mtu.hpp>
#include <dualstack/plan/natural_order.hpp>
#include <dualstack/plan/peer_slots.hpp>
#include <dualstack/plan/rules.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace dualstack::plan {

namespace {

// Returns the address at `offset` in `prefix`. The rules guarantee it exists; if they ever
// miss a case this throws (a bug report) rather than reading past the end.
Address at(const Prefix& prefix, std::uint64_t offset)
{
  auto address = prefix.nth(offset);
  if (!address) {
    throw std::logic_error("Plan derivation: offset " + std::to_string(offset) + " outside " +
                           prefix.to_string());
  }
  return *address;
}

FamilyPlan derive_network(const config::Config& config, Family family)
{
  const FamilyFields fields = fields_of(config, family);
  FamilyPlan n;
  n.family = family;
  n.cluster_subnet = *fields.cluster_subnet.value->value;
  n.router = at(n.cluster_subnet, layout::router_offset);
  n.vip = at(n.cluster_subnet, layout::vip_offset);
  const auto top =
    static_cast<std::uint64_t>(std::min<net::u128>(n.cluster_subnet.size() - 1, UINT64_MAX));
  const std::uint64_t last_usable = family == Family::ipv4 ? top - 1 : top;
  const auto reserve = static_cast<std::uint64_t>(config.dhcp_reserve.value);
  n.dhcp_first = at(n.cluster_subnet, last_usable - reserve + 1);
  n.dhcp_last = at(n.cluster_subnet, last_usable);
  n.pod_subnet = *fields.pod_subnet.value->value;
  n.service_subnet = *fields.service_subnet.value->value;
  n.kubernetes_service_ip = at(n.service_subnet, 1);
  n.dns_service_ip = at(n.service_subnet, 10);
  n.node_cidr_mask_size = fields.node_mask->value;
  n.pool.cidr = n.pod_subnet;
  n.pool.block_size = fields.block_size->value;
  n.pool.encapsulation =
    family == Family::ipv4 ? ipv4_encapsulation(config) : config.encapsulation_v6.value;
  n.pool.nat_outgoing = fields.nat_outgoing->value;
  const auto& method =
    family == Family::ipv4 ? config.ip_autodetection_method : config.ipv6_autodetection_method;
  n.pool.autodetection_method =
    method.value.empty() ? "cidr=" + n.cluster_subnet.to_string() : method.value;
  n.loadbalancer_pool = fields.loadbalancer_pool.value->value;
  if (n.loadbalancer_pool) {
    // Calico's default block size, or the whole pool when it is smaller than one block.
    n.loadbalancer_block_size =
      std::max(family == Family::ipv4 ? 26 : 122, n.loadbalancer_pool->length());
  }
  return n;
}

void derive_hosts(const config::Config& config, Plan& plan)
{
  const auto gateway_count = static_cast<std::uint64_t>(config.gateway_count.value);
  auto add_host = [&](std::string name, HostRole role, int index, std::uint64_t offset) {
    Host host{ std::move(name), role, index, {}, 0, {} };
    for (const auto& [family, network] : plan.networks) {
      host.addresses.add(family, at(network.cluster_subnet, offset));
    }
    // BGP router id: the host's IPv4 address; IPv6-only, 10.x.y.z with x.y.z = the host's
    // offset in the cluster subnet (unique per host, never 0.0.0.0/8, loopback, multicast or
    // reserved, which BIRD and GoBGP refuse or misread; offsets start at 3 and stay below 2^24).
    const auto v4 = host.address(Family::ipv4);
    host.router_id =
      v4 ? *v4 : Address::v4(0x0A000000u | static_cast<std::uint32_t>(offset & 0xFFFFFFu));
    plan.hosts.push_back(std::move(host));
  };
  for (std::uint64_t i = 0; i < gateway_count; ++i) {
    add_host(fmt::format("{}-gw-{}", config.cluster_name.value, i),
             HostRole::gateway,
             static_cast<int>(i),
             layout::gateway_offset + i);
    plan.hosts.back().vrrp_priority = config.vrrp_priorities.value[i];
  }
  std::vector<const config::NodeSpec*> masters;
  std::vector<const config::NodeSpec*> workers;
  for (const auto& node : config.nodes) {
    (node.role == config::Role::master ? masters : workers).push_back(&node);
  }
  auto by_name = [](const config::NodeSpec* a, const config::NodeSpec* b) {
    return natural_less(a->name, b->name);
  };
  std::sort(masters.begin(), masters.end(), by_name);
  std::sort(workers.begin(), workers.end(), by_name);
  std::uint64_t offset = layout::first_node_offset(gateway_count);
  int index = 0;
  for (const auto* node : masters) {
    add_host(node->name, HostRole::master, index++, offset++);
  }
  index = 0;
  for (const auto* node : workers) {
    add_host(node->name, HostRole::worker, index++, offset++);
  }
}

void derive_api(const config::Config& config, Plan& plan)
{
  ApiEndpoint& api = plan.api;
  api.frontend_port = config.apiserver_frontend_port.value;
  api.bind_port = config.apiserver_bind_port.value;
  // The rules guarantee `endpoint` is empty, a DNS name, an IPv4 literal or a bracketed IPv6
  // literal, without a port (the port is always `frontend_port`).
  std::string host = config.control_plane_endpoint.value;
  if (host.empty()) {
    host = plan.networks.primary().vip.to_string();
  } else if (host.front() == '[') {
    api.cert_sans.push_back(host.substr(1, host.size() - 2));
  } else if (net::Address::parse(host)) {
    api.cert_sans.push_back(host);
  } else {
    api.dns_name = host;
    api.cert_sans.push_back(host);
  }
  api.control_plane_endpoint = net::host_port(host, api.frontend_port);
  for (const auto& [family, network] : plan.networks) {
    const std::string vip = network.vip.to_string();
    if (std::find(api.cert_sans.begin(), api.cert_sans.end(), vip) == api.cert_sans.end()) {
      api.cert_sans.push_back(vip);
    }
  }
}

void derive_wireguard(const config::Config& config, Plan& plan)
{
  if (!config.wireguard_enabled.value) {
    return;
  }
  for (const auto& source : config.wireguard_endpoints) {
    if (!source.enabled) {
      continue;
    }
    WireguardEndpoint endpoint;
    endpoint.id = source.id;
    endpoint.port = source.port.value;
    endpoint.interface_name = fmt::format("wg{}", source.id);
    endpoint.public_endpoint = source.public_endpoint.value;
    if (endpoint.public_endpoint.empty() && !plan.has(Family::ipv4) &&
        net::is_global_ipv6(plan.network(Family::ipv6).cluster_subnet)) {
      endpoint.public_endpoint = net::host_port(plan.network(Family::ipv6).vip, endpoint.port);
    }
    for (Family family : plan.families()) {
      const bool v4 = family == Family::ipv4;
      endpoint.ranges.add(family,
                          { *(v4 ? source.ip_cidr : source.ipv6_cidr).value,
                            (v4 ? source.ip_gw : source.ipv6_gw).value->address });
    }
    plan.wireguard_endpoints.push_back(std::move(endpoint));
  }
  const std::vector<PeerSlot> slots = assign_peer_slots(config);
  for (std::size_t i = 0; i < config.wireguard_peers.size(); ++i) {
    const auto& source = config.wireguard_peers[i];
    WireguardPeer peer{
      source.ident.value, source.pub_key.value, slots[i].offset, {}, source.endpoint.value
    };
    for (const auto& endpoint : plan.wireguard_endpoints) {
      PerFamily<Address> addresses;
      for (const auto& [family, range] : endpoint.ranges) {
        addresses.add(family, at(range.prefix, slots[i].offset));
      }
      peer.addresses.push_back(std::move(addresses));
    }
    plan.wireguard_peers.push_back(std::move(peer));
  }
}

void derive_routing(const config::Config& config, Plan& plan)
{
  plan.node_as = static_cast<std::uint32_t>(config.node_as.value);
  plan.gateway_as = static_cast<std::uint32_t>(config.gateway_as.value);
  for (const Host* node : plan.k8s_nodes()) {
    for (const auto& [family, network] : plan.networks) {
      plan.bgp_sessions.push_back({ node->name,
                                    family,
                                    node->addresses.at(family),
                                    network.vip,
                                    plan.node_as,
                                    plan.gateway_as });
    }
  }
  // [calico renderer] The masters reflect pod routes between the nodes (yaook's design).
  for (const Host* master : plan.hosts_with(HostRole::master)) {
    if (plan.route_reflectors.empty())
      plan.route_reflector_cluster_id = master->router_id;
    plan.route_reflectors.push_back(master->name);
  }
  plan.vrrp_sync_group = fmt::format("{}_vips", config.cluster_name.value);
  plan.gateway_interface = config.gateway_interface.value;
  plan.node_interface = config.node_interface.value;
  const auto gateways = plan.hosts_with(HostRole::gateway);
  for (const auto& [family, network] : plan.networks) {
    VrrpInstance instance;
    instance.family = family;
    instance.name = fmt::format("{}_{}", config.cluster_name.value, net::to_string(family));
    instance.virtual_router_id = config.vrrp_router_id.value;
    instance.vip = network.vip;
    for (const Host* gateway : gateways) {
      instance.members.push_back(
        { gateway->name, gateway->addresses.at(family), gateway->vrrp_priority });
    }
    std::stable_sort(
      instance.members.begin(),
      instance.members.end(),
      [](const VrrpMember& a, const VrrpMember& b) { return a.priority > b.priority; });
    plan.vrrp_instances.add(family, std::move(instance));
  }
  plan.timers.vrrp_advert_int = config.vrrp_advert_int.value;
  plan.timers.vrrp_preempt_delay = config.vrrp_preempt_delay.value;
  for (const auto& port : config.lb_ports) {
    plan.lb_ports.push_back({ port.external,
                              port.nodeport.value_or(port.external),
                              port.layer,
                              port.use_proxy_protocol });
  }
}

} // namespace

PlanResult derive_plan(const config::Config& config, Findings findings)
{
  check_config(config, findings);
  findings.sort();
  PlanResult result{ std::nullopt, std::move(findings) };
  if (result.findings.has_errors()) {
    return result;
  }
  Plan plan;
  plan.cluster_name = config.cluster_name.value;
  plan.kubernetes_version = config.version.value;
  plan.network_plugin = config.plugin.value;
  plan.calico_install_mode = config.install_mode.value;
  plan.pod_limit = config.pod_limit.value;
  plan.bgp_announce_service_ips = config.bgp_announce_service_ips.value;
  plan.export_loadbalancer_pools = config.export_loadbalancer_pools.value;
  plan.ipv6_address_mode = config.ipv6_address_mode.value;
  plan.ipv6_ra_mode = config.ipv6_ra_mode.value;
  plan.ipv6_subnet_pool_id = config.subnet_v6_pool_id.value;
  for (const auto& port : config.pod_ingress_v6_tcp_ports.value)
    plan.pod_ingress_v6_tcp_ports.push_back(port.value);
  const std::vector<Family> families = enabled_families(config);
  plan.network_mtu = config.network_mtu.value;
  plan.mtu = calico_mtu(config, families);
  plan.wireguard_mtu = wireguard_mtu(config);
  for (Family family : families) {
    plan.networks.add(family, derive_network(config, family));
  }
  derive_hosts(config, plan);
  derive_api(config, plan);
  derive_wireguard(config, plan);
  derive_routing(config, plan);
  derive_egress(plan);
  plan.capacity = compute_capacity(config, plan);
  result.plan = std::move(plan);
  return result;
}

// How IPv6 pods reach the internet, the router route that goes with it, and the metadata service.
void derive_egress(Plan& plan)
{
  plan.ipv6_egress = Ipv6Egress::none;
  plan.router_routes.clear();
  const bool ipv6_only = !plan.has(Family::ipv4);
  plan.metadata_url = ipv6_only ? fmt::format("http://[fe80::a9fe:a9fe%25{}]", plan.node_interface)
                                : std::string("http://169.254.169.254");
  plan.config_drive = ipv6_only;
  if (!plan.has(Family::ipv6)) {
    plan.pod_ingress_v6_tcp_ports.clear(); // they open the nodes to routed IPv6 pods only
    return;
  }
  const FamilyPlan& v6 = plan.network(Family::ipv6);
  plan.ipv6_egress = ipv6_egress(v6.cluster_subnet, v6.pod_subnet, v6.pool.nat_outgoing);
  if (plan.ipv6_egress == Ipv6Egress::routed) {
    // The gateways know every node's block from BGP; only the VRRP master holds the VIP.
    plan.router_routes.push_back({ v6.pod_subnet, v6.vip });
  } else {
    plan.pod_ingress_v6_tcp_ports.clear();
  }
}

} // namespace dualstack::plan
