// find_unsupported: every difference between two Plans on the families the running cluster
// already has, other than the ones the refusals cover. migrate plans the adding of a family only.
#include <dualstack/migrate/projection.hpp>
#include <dualstack/migrate/refusals.hpp>

#include <dualstack/plan/family_fields.hpp>
#include <dualstack/plan/plan_json.hpp>

#include <fmt/format.h>

#include <set>

namespace dualstack::migrate {

namespace {

// Keys of the Plan JSON that follow from the ranges (addresses, VIPs, sessions).
const std::set<std::string> derived_from_ranges = { "networks",  "hosts", "api",
                                                    "wireguard", "bgp",   "vrrp" };
// Keys that follow from the hosts.
const std::set<std::string> derived_from_hosts = { "bgp", "vrrp" };
// Keys that never count: bookkeeping, or equal by construction of the projection.
const std::set<std::string> ignored = { "schema_version",
                                        "families",
                                        "primary_family",
                                        "capacity" };

std::vector<std::string> split_path(const std::string& pointer)
{
  std::vector<std::string> parts;
  std::size_t start = 1;
  while (start <= pointer.size()) {
    const std::size_t end = pointer.find('/', start);
    parts.push_back(
      pointer.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos)
      break;
    start = end + 1;
  }
  return parts;
}

std::string part(const std::vector<std::string>& parts, std::size_t i)
{
  return i < parts.size() ? parts[i] : std::string();
}

std::optional<std::size_t> index_of(const std::string& text)
{
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return static_cast<std::size_t>(std::stoul(text));
}

// Returns the position in the new config of the value behind Plan JSON path `parts`.
SourcePos position(const Sides& s, const std::vector<std::string>& parts)
{
  const config::Config& c = s.new_config;
  const std::string key = part(parts, 0);
  const std::string sub = part(parts, 1);
  if (key == "cluster_name")
    return c.cluster_name.pos;
  if (key == "kubernetes_version")
    return c.version.pos;
  if (key == "network_plugin")
    return c.plugin.pos;
  if (key == "calico_install_mode")
    return c.install_mode.pos;
  if (key == "mtu")
    return c.mtu.present ? c.mtu.pos : c.network_mtu.pos;
  if (key == "network_mtu" || key == "wireguard_mtu")
    return c.network_mtu.pos;
  if (key == "interfaces")
    return sub == "node" ? c.node_interface.pos : c.gateway_interface.pos;
  if (key == "pod_limit")
    return c.pod_limit.pos;
  if (key == "bgp_announce_service_ips")
    return c.bgp_announce_service_ips.pos;
  if (key == "ipv6_address_mode")
    return c.ipv6_address_mode.pos;
  if (key == "ipv6_ra_mode")
    return c.ipv6_ra_mode.pos;
  if (key == "ipv6_subnet_pool_id")
    return c.subnet_v6_pool_id.pos;
  if (key == "networks") {
    const auto i = index_of(sub);
    if (!i || *i >= s.old_plan.families().size())
      return c.network_pos;
    const net::Family family = s.old_plan.families()[*i];
    const plan::FamilyFields f = plan::fields_of(c, family);
    const std::string field = part(parts, 2);
    const std::string pool_field = part(parts, 3);
    if (field == "node_cidr_mask_size")
      return f.node_mask->pos;
    if (field == "loadbalancer_pool" && f.loadbalancer_pool.value)
      return f.loadbalancer_pool.value->pos;
    if (pool_field == "encapsulation")
      return f.encapsulation->pos;
    if (pool_field == "nat_outgoing")
      return f.nat_outgoing->pos;
    if (pool_field == "autodetection_method") {
      return (family == net::Family::ipv4 ? c.ip_autodetection_method : c.ipv6_autodetection_method)
        .pos;
    }
    return c.network_pos;
  }
  if (key == "hosts") {
    if (s.old_plan.hosts.size() != s.new_plan.hosts.size())
      return c.terraform_pos;
    const auto i = index_of(sub);
    if (!i || *i >= s.new_plan.hosts.size())
      return c.terraform_pos;
    const plan::Host& host = s.new_plan.hosts[*i];
    if (host.role == plan::HostRole::gateway) {
      return part(parts, 2) == "vrrp_priority" ? c.vrrp_priorities.pos : c.gateway_count.pos;
    }
    for (const auto& node : c.nodes) {
      if (node.name == host.name)
        return node.pos;
    }
    return c.terraform_pos;
  }
  if (key == "api") {
    if (sub == "frontend_port")
      return c.apiserver_frontend_port.pos;
    if (sub == "bind_port")
      return c.apiserver_bind_port.pos;
    return c.control_plane_endpoint.pos;
  }
  if (key == "wireguard") {
    const auto i = index_of(part(parts, 2));
    if (sub == "peers" && i && *i < c.wireguard_peers.size())
      return c.wireguard_peers[*i].pos;
    if (sub == "endpoints" && i && *i < c.wireguard_endpoints.size())
      return c.wireguard_endpoints[*i].pos;
    return c.wireguard_pos;
  }
  if (key == "bgp") {
    if (sub == "node_as")
      return c.node_as.pos;
    if (sub == "gateway_as")
      return c.gateway_as.pos;
    return c.network_pos;
  }
  if (key == "vrrp") {
    if (part(parts, 3) == "virtual_router_id")
      return c.vrrp_router_id.pos;
    return c.load_balancing_pos;
  }
  if (key == "timers") {
    if (sub == "vrrp_advert_int")
      return c.vrrp_advert_int.pos;
    if (sub == "vrrp_preempt_delay")
      return c.vrrp_preempt_delay.pos;
    return c.load_balancing_pos;
  }
  if (key == "lb_ports") {
    const auto i = index_of(sub);
    if (i && *i < c.lb_ports.size())
      return c.lb_ports[*i].pos;
    return c.load_balancing_pos;
  }
  return c.terraform_pos;
}

std::string shown(const Json& value)
{
  std::string text = value.is_null() ? "nothing" : value.dump();
  if (text.size() > 60)
    text = text.substr(0, 57) + "...";
  return text;
}

std::string hint_for(const std::string& key)
{
  if (key == "kubernetes_version") {
    return "upgrade Kubernetes first (kubeadm upgrade, with the old config's network), then "
           "migrate with both "
           "configs at the same version";
  }
  return "make this change on its own first (render and apply it with the old families), then "
         "migrate; or keep "
         "the old value";
}

} // namespace

void find_unsupported(const Sides& s, bool ranges_refused, Findings& findings)
{
  std::vector<net::Family> common;
  for (net::Family family : s.old_plan.families()) {
    if (s.new_plan.has(family))
      common.push_back(family);
  }
  const Json old_json = plan::to_json(restrict_to(s.old_plan, common));
  const Json new_json = plan::to_json(restrict_to(s.new_plan, common));
  bool hosts_differ = false;
  for (const auto& [key, old_value] : old_json.items()) {
    if (ignored.count(key) || !new_json.contains(key))
      continue;
    const Json& new_value = new_json.at(key);
    if (old_value == new_value)
      continue;
    if (ranges_refused && derived_from_ranges.count(key))
      continue;
    if (hosts_differ && derived_from_hosts.count(key))
      continue;
    if (key == "hosts")
      hosts_differ = true;
    const Json patch = Json::diff(old_value, new_value);
    const std::string where = patch.empty() ? std::string() : patch[0].value("path", std::string());
    const std::string pointer = "/" + key + where;
    const Json::json_pointer ptr(pointer);
    const Json before = old_json.contains(ptr) ? old_json.at(ptr) : Json();
    const Json after = new_json.contains(ptr) ? new_json.at(ptr) : Json();
    if (pointer.size() > 10 && pointer.compare(pointer.size() - 10, 10, "/router_id") == 0) {
      // An IPv6-only cluster's router ids are host offsets; with IPv4 they are the IPv4 addresses.
      findings.error(
        "migrate-unsupported",
        s.new_config.ipv4_enabled.pos,
        fmt::format("adding IPv4 changes every BGP router id ({}: {} -> {}); migrate does not plan "
                    "renumbering the router ids of BIRD and Calico",
                    pointer,
                    shown(before),
                    shown(after)),
        "migrate plans IPv4 -> dual-stack; for IPv6-only -> dual-stack build the new cluster and "
        "move the workloads");
      continue;
    }
    findings.error(
      "migrate-unsupported",
      position(s, split_path(pointer)),
      fmt::format("besides adding a family, the new config changes the Plan's `{}` ({}: {} -> {}); "
                  "migrate plans only the adding of a family",
                  key,
                  pointer,
                  shown(before),
                  shown(after)),
      hint_for(key));
  }
}

} // namespace dualstack::migrate
