// Plan -> JSON.
#include <dualstack/plan/plan_json.hpp>

#include <dualstack/util/json.hpp>

namespace dualstack::plan {

namespace {

Json addresses_by_family(const PerFamily<Address>& addresses)
{
  Json out = Json::object();
  for (const auto& [family, a] : addresses) {
    out[net::family_string(family)] = a.to_string();
  }
  return out;
}

Json network_json(const FamilyPlan& n)
{
  Json out = { { "family", net::family_string(n.family) },
               { "cluster_subnet", n.cluster_subnet.to_string() },
               { "router", n.router.to_string() },
               { "vip", n.vip.to_string() },
               { "dhcp_pool",
                 { { "first", n.dhcp_first.to_string() }, { "last", n.dhcp_last.to_string() } } },
               { "pod_subnet", n.pod_subnet.to_string() },
               { "service_subnet", n.service_subnet.to_string() },
               { "kubernetes_service_ip", n.kubernetes_service_ip.to_string() },
               { "dns_service_ip", n.dns_service_ip.to_string() },
               { "node_cidr_mask_size", n.node_cidr_mask_size },
               { "calico_pool",
                 { { "cidr", n.pool.cidr.to_string() },
                   { "block_size", n.pool.block_size },
                   { "encapsulation", n.pool.encapsulation },
                   { "nat_outgoing", n.pool.nat_outgoing },
                   { "autodetection_method", n.pool.autodetection_method } } } };
  out["loadbalancer_pool"] = n.loadbalancer_pool
                               ? Json{ { "cidr", n.loadbalancer_pool->to_string() },
                                       { "block_size", n.loadbalancer_block_size } }
                               : Json(nullptr);
  return out;
}

} // namespace

nlohmann::ordered_json to_json(const Plan& plan)
{
  Json out;
  out["schema_version"] = 1;
  out["cluster_name"] = plan.cluster_name;
  out["kubernetes_version"] = plan.kubernetes_version;
  out["network_plugin"] = plan.network_plugin;
  out["calico_install_mode"] = plan.calico_install_mode;
  out["network_mtu"] = plan.network_mtu;
  out["mtu"] = plan.mtu;
  out["wireguard_mtu"] = plan.wireguard_mtu;
  out["pod_limit"] = plan.pod_limit;
  out["bgp_announce_service_ips"] = plan.bgp_announce_service_ips;
  out["export_loadbalancer_pools"] = plan.export_loadbalancer_pools;
  out["ipv6_address_mode"] = plan.ipv6_address_mode;
  out["ipv6_ra_mode"] = plan.ipv6_ra_mode;
  out["ipv6_subnet_pool_id"] = plan.ipv6_subnet_pool_id;
  out["ipv6_egress"] = std::string(to_string(plan.ipv6_egress));
  out["router_routes"] = Json::array();
  for (const auto& r : plan.router_routes) {
    out["router_routes"].push_back(
      { { "destination", r.destination.to_string() }, { "next_hop", r.next_hop.to_string() } });
  }
  out["pod_ingress_v6_tcp_ports"] = plan.pod_ingress_v6_tcp_ports;
  out["metadata_url"] = plan.metadata_url;
  out["config_drive"] = plan.config_drive;
  out["families"] = Json::array();
  for (Family f : plan.families())
    out["families"].push_back(net::family_string(f));
  // A derived Plan has a family; only migrate's projection onto no common family has none.
  out["primary_family"] =
    plan.networks.empty() ? Json(nullptr) : Json(net::family_string(plan.primary()));
  out["networks"] = Json::array();
  for (const auto& [family, n] : plan.networks)
    out["networks"].push_back(network_json(n));
  out["hosts"] = Json::array();
  for (const auto& h : plan.hosts) {
    Json host = { { "name", h.name },
                  { "role", std::string(to_string(h.role)) },
                  { "index", h.index },
                  { "addresses", addresses_by_family(h.addresses) } };
    if (h.role == HostRole::gateway)
      host["vrrp_priority"] = h.vrrp_priority;
    host["router_id"] = h.router_id.to_string();
    out["hosts"].push_back(std::move(host));
  }
  out["api"] = { { "control_plane_endpoint", plan.api.control_plane_endpoint },
                 { "dns_name", plan.api.dns_name },
                 { "frontend_port", plan.api.frontend_port },
                 { "bind_port", plan.api.bind_port },
                 { "cert_sans", plan.api.cert_sans } };
  out["wireguard"] = { { "endpoints", Json::array() }, { "peers", Json::array() } };
  for (const auto& e : plan.wireguard_endpoints) {
    Json ranges = Json::object();
    Json gateway = Json::object();
    for (const auto& [family, r] : e.ranges) {
      ranges[net::family_string(family)] = r.prefix.to_string();
      gateway[net::family_string(family)] = r.gateway.to_string();
    }
    Json endpoint = { { "id", e.id },
                      { "interface", e.interface_name },
                      { "port", e.port },
                      { "ranges", ranges },
                      { "gateway", gateway } };
    if (!e.public_endpoint.empty())
      endpoint["public_endpoint"] = e.public_endpoint;
    out["wireguard"]["endpoints"].push_back(std::move(endpoint));
  }
  for (const auto& p : plan.wireguard_peers) {
    Json per_endpoint = Json::array();
    for (std::size_t i = 0; i < p.addresses.size(); ++i) {
      per_endpoint.push_back({ { "endpoint", plan.wireguard_endpoints[i].id },
                               { "addresses", addresses_by_family(p.addresses[i]) } });
    }
    Json peer = { { "ident", p.ident },
                  { "pub_key", p.pub_key },
                  { "slot", p.offset },
                  { "endpoints", per_endpoint } };
    if (!p.endpoint.empty())
      peer["endpoint"] = p.endpoint;
    out["wireguard"]["peers"].push_back(std::move(peer));
  }
  out["bgp"] = { { "node_as", plan.node_as },
                 { "gateway_as", plan.gateway_as },
                 { "sessions", Json::array() } };
  for (const auto& s : plan.bgp_sessions) {
    out["bgp"]["sessions"].push_back({ { "node", s.node },
                                       { "family", net::family_string(s.family) },
                                       { "node_address", s.node_address.to_string() },
                                       { "vip", s.vip.to_string() },
                                       { "node_as", s.node_as },
                                       { "gateway_as", s.gateway_as } });
  }
  out["interfaces"] = { { "gateway", plan.gateway_interface }, { "node", plan.node_interface } };
  out["vrrp"] = { { "sync_group", plan.vrrp_sync_group },
                  { "interface", plan.gateway_interface },
                  { "instances", Json::array() } };
  for (const auto& [family, v] : plan.vrrp_instances) {
    Json members = Json::array();
    for (const auto& m : v.members)
      members.push_back({ { "gateway", m.gateway },
                          { "address", m.address.to_string() },
                          { "priority", m.priority } });
    out["vrrp"]["instances"].push_back({ { "name", v.name },
                                         { "family", net::family_string(family) },
                                         { "virtual_router_id", v.virtual_router_id },
                                         { "vip", v.vip.to_string() },
                                         { "members", members } });
  }
  const Timers& t = plan.timers;
  out["timers"] = { { "vrrp_advert_int", t.vrrp_advert_int },
                    { "vrrp_preempt_delay", t.vrrp_preempt_delay },
                    { "bgp_hold_time", t.bgp_hold_time },
                    { "bgp_keepalive_time", t.bgp_keepalive_time },
                    { "bgp_connect_retry_time", t.bgp_connect_retry_time },
                    { "bgp_connect_delay_time", t.bgp_connect_delay_time },
                    { "bgp_error_wait", { t.bgp_error_wait_min, t.bgp_error_wait_max } },
                    { "vrrp_garp_refresh", t.vrrp_garp_refresh },
                    { "health_check_interval", t.health_check_interval },
                    { "wireguard_persistent_keepalive", t.wireguard_persistent_keepalive },
                    { "proxy_connect_timeout", t.proxy_connect_timeout },
                    { "proxy_idle_timeout", t.proxy_idle_timeout } };
  out["lb_ports"] = Json::array();
  for (const auto& p : plan.lb_ports) {
    out["lb_ports"].push_back({ { "external", p.external },
                                { "nodeport", p.nodeport },
                                { "layer", p.layer },
                                { "use_proxy_protocol", p.use_proxy_protocol } });
  }
  out["capacity"] = Json::array();
  for (const auto& c : plan.capacity) {
    out["capacity"].push_back({ { "range", c.range },
                                { "family", net::family_string(c.family) },
                                { "unit", c.unit },
                                { "fits", c.fits },
                                { "used", c.used } });
  }
  return out;
}

} // namespace dualstack::plan
