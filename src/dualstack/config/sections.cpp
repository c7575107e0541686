// config.toml's tables -> Config: the section readers, each key in every spelling yaook-k8s and the
// seed use, then yaook's defaults.
#include <dualstack/config/sections.hpp>

#include <dualstack/config/toml_reader.hpp>
#include <dualstack/config/yaook_keys.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace dualstack::config {

namespace {

net::Prefix prefix_literal(std::string_view text)
{
  return *net::Prefix::parse(text);
}

net::InterfaceAddress interface_literal(std::string_view text)
{
  return *net::parse_interface_address(text);
}

// Applies yaook's ignore list for `list_name` and reports the rest of the unknown keys.
void finish(TableReader& reader, std::string_view list_name)
{
  for (auto key : yaook_ignored_keys(list_name)) {
    reader.ignore(key);
  }
  reader.report_unknown_keys();
}

const toml::table* subtable(TableReader& reader, std::string_view key)
{
  const toml::node* node = reader.take(key);
  if (!node) {
    return nullptr;
  }
  if (!node->is_table()) {
    reader.type_error(*node, key, "a table");
    return nullptr;
  }
  return node->as_table();
}

// Reads the IPv6-enable switch in any of its spellings into `config.ipv6_enabled`; a spelling
// that contradicts an earlier one is a `conflicting-keys` error in `findings`.
void read_ipv6_switch(TableReader& reader, Config& config, Findings& findings)
{
  for (std::string_view key : { "ipv6_enabled", "dualstack_support", "dualstack-support" }) {
    Located<bool> value;
    if (!reader.read(key, value)) {
      continue;
    }
    if (config.ipv6_enabled.present && config.ipv6_enabled.value != value.value) {
      findings.error("conflicting-keys",
                     value.pos,
                     fmt::format("`{}` = {} contradicts the IPv6 switch set at line {}",
                                 key,
                                 value.value,
                                 config.ipv6_enabled.pos.line),
                     "keep one of `ipv6_enabled`, `dualstack_support`, `dualstack-support`");
      continue;
    }
    config.ipv6_enabled = value;
  }
}

void read_top_level(TableReader& top, Config& config, Findings& findings, WireguardEndpoint& legacy)
{
  read_ipv6_switch(top, config, findings);
  top.read("k8s_network_plugin", config.plugin);
  top.read("wg_ipv6_cidr", legacy.ipv6_cidr);
  top.read("wg_ipv6_gw", legacy.ipv6_gw);
  finish(top, "");
}

void read_nodes(TableReader& terraform,
                Config& config,
                Findings& findings,
                std::optional<Finding>& fatal)
{
  Located<int> masters{ 3 };
  Located<int> workers{ 3 };
  terraform.read("masters", masters);
  terraform.read("workers", workers);
  for (const auto* count : { &masters, &workers }) {
    if (count->present && (count->value < 0 || count->value > 100000)) {
      findings.error("nodes-present",
                     count->pos,
                     fmt::format("node count {} is out of range", count->value),
                     "use 0 to 100000, or list nodes as [terraform.nodes.<name>] tables");
      return;
    }
  }
  if (const toml::table* nodes = subtable(terraform, "nodes")) {
    for (const auto& [name, node] : *nodes) {
      if (!node.is_table()) {
        terraform.type_error(
          node, name.str(), "a table `[terraform.nodes." + std::string(name.str()) + "]`");
        return;
      }
      TableReader reader(
        *node.as_table(), "terraform.nodes." + std::string(name.str()), findings, fatal);
      Located<std::string> role;
      NodeSpec spec{ std::string(name.str()), Role::worker, reader.pos() };
      if (!reader.read("role", role)) {
        findings.error("node-role",
                       reader.pos(),
                       fmt::format("node `{}` has no `role`", name.str()),
                       "add `role = \"master\"` or `role = \"worker\"`");
      } else if (role.value == "master" || role.value == "control-plane") {
        spec.role = Role::master;
      } else if (role.value != "worker") {
        findings.error("node-role",
                       role.pos,
                       fmt::format("node `{}` has role `{}`", name.str(), role.value),
                       "use `master` or `worker`; gateways are counted by `gateway_count`");
      }
      finish(reader, "terraform.nodes");
      config.nodes.push_back(std::move(spec));
    }
    return;
  }
  for (int i = 0; i < masters.value; ++i) {
    config.nodes.push_back(
      { fmt::format("{}-master-{}", config.cluster_name.value, i), Role::master, masters.pos });
  }
  for (int i = 0; i < workers.value; ++i) {
    config.nodes.push_back(
      { fmt::format("{}-worker-{}", config.cluster_name.value, i), Role::worker, workers.pos });
  }
}

void read_terraform(TableReader& t,
                    Config& config,
                    Findings& findings,
                    std::optional<Finding>& fatal)
{
  config.terraform_pos = t.pos();
  t.read("cluster_name", config.cluster_name);
  t.read("ipv4_enabled", config.ipv4_enabled);
  read_ipv6_switch(t, config, findings);
  t.read("subnet_cidr", config.subnet_cidr);
  t.read("subnet_v6_cidr", config.subnet_v6_cidr);
  t.read("subnet_v6_pool_id", config.subnet_v6_pool_id);
  t.read("gateway_count", config.gateway_count);
  t.read("ipv6_address_mode", config.ipv6_address_mode);
  t.read("ipv6_ra_mode", config.ipv6_ra_mode);
  t.read("dhcp_reserve", config.dhcp_reserve);
  t.read("network_mtu", config.network_mtu);
  t.read("gateway_interface", config.gateway_interface);
  t.read("node_interface", config.node_interface);
  read_nodes(t, config, findings, fatal);
  finish(t, "terraform");
}

void read_lb_ports(TableReader& lb, Config& config)
{
  const toml::node* node = lb.take("lb_ports");
  if (!node) {
    return;
  }
  const toml::array* array = node->as_array();
  if (!array) {
    lb.type_error(*node,
                  "lb_ports",
                  "an array of ports or `{external, nodeport, layer, use_proxy_protocol}` tables");
    return;
  }
  for (const toml::node& element : *array) {
    LbPort port;
    port.pos = position_of(element);
    if (auto number = element.value_exact<std::int64_t>()) {
      port.external = static_cast<int>(*number);
    } else if (const toml::table* table = element.as_table()) {
      auto external = (*table)["external"].value_exact<std::int64_t>();
      if (!external) {
        lb.type_error(element, "lb_ports", "tables with an integer `external`");
        return;
      }
      port.external = static_cast<int>(*external);
      if (auto nodeport = (*table)["nodeport"].value_exact<std::int64_t>()) {
        port.nodeport = static_cast<int>(*nodeport);
      }
      port.layer = (*table)["layer"].value_or<std::string>("tcp");
      port.use_proxy_protocol = (*table)["use_proxy_protocol"].value_or(false);
    } else {
      lb.type_error(
        element,
        "lb_ports",
        "an array of ports or `{external, nodeport, layer, use_proxy_protocol}` tables");
      return;
    }
    config.lb_ports.push_back(port);
  }
}

void read_load_balancing(TableReader& lb, Config& config)
{
  config.load_balancing_pos = lb.pos();
  lb.read("vrrp_priorities", config.vrrp_priorities);
  read_lb_ports(lb, config);
  lb.read("vrrp_router_id", config.vrrp_router_id);
  lb.read("vrrp_advert_int", config.vrrp_advert_int);
  lb.read("vrrp_preempt_delay", config.vrrp_preempt_delay);
  lb.read("bgp_gateway_as", config.gateway_as);
  lb.read("export_loadbalancer_pools", config.export_loadbalancer_pools);
  finish(lb, "load-balancing");
}

void read_calico(TableReader& c, Config& config)
{
  config.calico_pos = c.pos();
  c.read("mtu", config.mtu);
  c.read("encapsulation", config.encapsulation);
  c.read("ipipmode", config.ipipmode);
  c.read("encapsulation_v6", config.encapsulation_v6);
  c.read("block_size_v4", config.block_size_v4);
  c.read("block_size_v6", config.block_size_v6);
  c.read("nat_outgoing_v4", config.nat_outgoing_v4);
  c.read("nat_outgoing_v6", config.nat_outgoing_v6);
  c.read("calico_ip_autodetection_method", config.ip_autodetection_method);
  c.read("calico_ipv6_autodetection_method", config.ipv6_autodetection_method);
  c.read("ip_autodetection_method", config.ip_autodetection_method);
  c.read("ipv6_autodetection_method", config.ipv6_autodetection_method);
  c.read("install_mode", config.install_mode);
  finish(c, "kubernetes.network.calico");
}

void read_network(TableReader& n, Config& config, Findings& findings, std::optional<Finding>& fatal)
{
  config.network_pos = n.pos();
  n.read("pod_subnet", config.pod_subnet);
  n.read("pod_subnet_v6", config.pod_subnet_v6);
  n.read("service_subnet", config.service_subnet);
  n.read("service_subnet_v6", config.service_subnet_v6);
  n.read("bgp_announce_service_ips", config.bgp_announce_service_ips);
  n.read("loadbalancer_pool", config.loadbalancer_pool);
  n.read("loadbalancer_pool_v6", config.loadbalancer_pool_v6);
  n.read("pod_ingress_v6_tcp_ports", config.pod_ingress_v6_tcp_ports);
  n.read("plugin", config.plugin);
  n.read("k8s_network_plugin", config.plugin);
  n.read("primary_family", config.primary_family);
  n.read("bgp_node_as", config.node_as);
  // yaook's older spellings, before [kubernetes.network.calico] existed
  n.read("calico_ipipmode", config.ipipmode);
  n.read("calico_ip_autodetection_method", config.ip_autodetection_method);
  n.read("calico_ipv6_autodetection_method", config.ipv6_autodetection_method);
  config.calico_pos = n.pos();
  if (const toml::table* calico = subtable(n, "calico")) {
    TableReader reader(*calico, "kubernetes.network.calico", findings, fatal);
    read_calico(reader, config);
  }
  finish(n, "kubernetes.network");
}

void read_kubernetes(TableReader& k,
                     Config& config,
                     Findings& findings,
                     std::optional<Finding>& fatal)
{
  config.kubernetes_pos = k.pos();
  config.network_pos = k.pos();
  config.calico_pos = k.pos();
  k.read("version", config.version);
  if (const toml::table* api = subtable(k, "apiserver")) {
    TableReader reader(*api, "kubernetes.apiserver", findings, fatal);
    reader.read("frontend_port", config.apiserver_frontend_port);
    reader.read("bind_port", config.apiserver_bind_port);
    reader.read("control_plane_endpoint", config.control_plane_endpoint);
    finish(reader, "kubernetes.apiserver");
  }
  if (const toml::table* cm = subtable(k, "controller_manager")) {
    TableReader reader(*cm, "kubernetes.controller_manager", findings, fatal);
    reader.read("node_cidr_mask_size_v4", config.node_cidr_mask_size_v4);
    reader.read("node_cidr_mask_size_v6", config.node_cidr_mask_size_v6);
    finish(reader, "kubernetes.controller_manager");
  }
  if (const toml::table* network = subtable(k, "network")) {
    TableReader reader(*network, "kubernetes.network", findings, fatal);
    read_network(reader, config, findings, fatal);
  }
  if (const toml::table* kubelet = subtable(k, "kubelet")) {
    TableReader reader(*kubelet, "kubernetes.kubelet", findings, fatal);
    reader.read("pod_limit", config.pod_limit);
    finish(reader, "kubernetes.kubelet");
  }
  finish(k, "kubernetes");
}

void read_endpoint_keys(TableReader& r, WireguardEndpoint& endpoint)
{
  r.read("port", endpoint.port);
  r.read("ip_cidr", endpoint.ip_cidr);
  r.read("ip_gw", endpoint.ip_gw);
  r.read("ipv6_cidr", endpoint.ipv6_cidr);
  r.read("ipv6_gw", endpoint.ipv6_gw);
}

// Returns the array-of-tables at `key`, reporting a type error if it is something else.
const toml::array* table_array(TableReader& reader, std::string_view key)
{
  const toml::node* node = reader.take(key);
  if (!node) {
    return nullptr;
  }
  const toml::array* array = node->as_array();
  if (!array || !array->is_array_of_tables()) {
    reader.type_error(*node, key, fmt::format("an array of tables `[[wireguard.{}]]`", key));
    return nullptr;
  }
  return array;
}

void read_wireguard(TableReader& w,
                    Config& config,
                    Findings& findings,
                    std::optional<Finding>& fatal,
                    WireguardEndpoint& legacy)
{
  config.wireguard_pos = w.pos();
  w.read("enabled", config.wireguard_enabled);
  Located<std::string> state{ "wireguard-ipam.toml" };
  w.read("ipam_state", state);
  config.peer_state_path = state.value;
  read_endpoint_keys(w, legacy); // older yaook: endpoint 0's keys directly in [wireguard]
  if (const toml::array* endpoints = table_array(w, "endpoints")) {
    for (const toml::node& node : *endpoints) {
      TableReader reader(*node.as_table(), "wireguard.endpoints", findings, fatal);
      WireguardEndpoint endpoint;
      endpoint.pos = reader.pos();
      Located<int> id;
      Located<bool> enabled{ true };
      reader.read("id", id);
      reader.read("enabled", enabled);
      endpoint.id = id.present ? id.value : static_cast<int>(config.wireguard_endpoints.size());
      endpoint.enabled = enabled.value;
      read_endpoint_keys(reader, endpoint);
      reader.read("public_endpoint", endpoint.public_endpoint);
      finish(reader, "wireguard.endpoints");
      config.wireguard_endpoints.push_back(std::move(endpoint));
    }
  }
  if (const toml::array* peers = table_array(w, "peers")) {
    for (const toml::node& node : *peers) {
      TableReader reader(*node.as_table(), "wireguard.peers", findings, fatal);
      WireguardPeer peer;
      peer.pos = reader.pos();
      reader.read("ident", peer.ident);
      reader.read("pub_key", peer.pub_key);
      reader.read("ip", peer.ip);
      reader.read("ipv6", peer.ipv6);
      reader.read("endpoint", peer.endpoint);
      finish(reader, "wireguard.peers");
      config.wireguard_peers.push_back(std::move(peer));
    }
  }
  finish(w, "wireguard");
}

// Fills endpoint 0 from the legacy keys (top-level `wg_ipv6_*`, or keys directly in
// [wireguard]) and applies yaook's defaults where nothing was given.
void settle_endpoints(Config& config, const WireguardEndpoint& legacy)
{
  const bool legacy_given = legacy.ip_cidr.present || legacy.ip_gw.present ||
                            legacy.ipv6_cidr.present || legacy.ipv6_gw.present ||
                            legacy.port.present;
  if (config.wireguard_endpoints.empty()) {
    WireguardEndpoint endpoint = legacy;
    endpoint.pos = config.wireguard_pos;
    config.wireguard_endpoints.push_back(endpoint);
  } else if (legacy_given) {
    WireguardEndpoint& first = config.wireguard_endpoints.front();
    if (legacy.ipv6_cidr.present && !first.ipv6_cidr.present)
      first.ipv6_cidr = legacy.ipv6_cidr;
    if (legacy.ipv6_gw.present && !first.ipv6_gw.present)
      first.ipv6_gw = legacy.ipv6_gw;
    if (legacy.ip_cidr.present && !first.ip_cidr.present)
      first.ip_cidr = legacy.ip_cidr;
    if (legacy.ip_gw.present && !first.ip_gw.present)
      first.ip_gw = legacy.ip_gw;
  }
  // yaook's defaults apply to the first endpoint only; others must say their ranges.
  WireguardEndpoint& first = config.wireguard_endpoints.front();
  if (!first.ip_cidr.present)
    first.ip_cidr.value = prefix_literal("172.30.153.64/26");
  if (!first.ip_gw.present)
    first.ip_gw.value = interface_literal("172.30.153.65/26");
  if (!first.ipv6_cidr.present)
    first.ipv6_cidr.value = prefix_literal("fd01::/120");
  if (!first.ipv6_gw.present)
    first.ipv6_gw.value = interface_literal("fd01::1/120");
  for (auto& endpoint : config.wireguard_endpoints) {
    for (auto* field : { &endpoint.ip_cidr.pos,
                         &endpoint.ip_gw.pos,
                         &endpoint.ipv6_cidr.pos,
                         &endpoint.ipv6_gw.pos,
                         &endpoint.port.pos }) {
      if (!field->known())
        *field = endpoint.pos;
    }
  }
}

void apply_defaults(Config& config)
{
  auto set_default =
    [](Located<std::optional<net::Prefix>>& field, std::string_view text, SourcePos pos) {
      if (!field.present) {
        field.value = prefix_literal(text);
        field.pos = pos;
      }
    };
  set_default(config.subnet_cidr, "172.30.154.0/24", config.terraform_pos);
  set_default(config.subnet_v6_cidr, "fd00::/120", config.terraform_pos);
  set_default(config.pod_subnet, "10.244.0.0/16", config.network_pos);
  set_default(config.pod_subnet_v6, "fdff:2::/56", config.network_pos);
  set_default(config.service_subnet, "10.96.0.0/12", config.network_pos);
  set_default(config.service_subnet_v6, "fdff:3::/108", config.network_pos);
  if (!config.vrrp_priorities.present) {
    config.vrrp_priorities.value = { 150, 100, 50 };
    config.vrrp_priorities.pos = config.load_balancing_pos;
  }
}
} // namespace

void read_config_tables(const toml::table& root,
                        Config& config,
                        Findings& findings,
                        std::optional<Finding>& fatal)
{
  WireguardEndpoint legacy;
  TableReader top(root, "", findings, fatal);
  const toml::table* terraform = subtable(top, "terraform");
  const toml::table* load_balancing = subtable(top, "load-balancing");
  const toml::table* kubernetes = subtable(top, "kubernetes");
  const toml::table* wireguard = subtable(top, "wireguard");
  read_top_level(top, config, findings, legacy);

  if (terraform) {
    TableReader reader(*terraform, "terraform", findings, fatal);
    read_terraform(reader, config, findings, fatal);
  } else {
    static const toml::table empty;
    TableReader reader(empty, "terraform", findings, fatal);
    read_nodes(reader, config, findings, fatal);
  }
  if (load_balancing) {
    TableReader reader(*load_balancing, "load-balancing", findings, fatal);
    read_load_balancing(reader, config);
  }
  if (kubernetes) {
    TableReader reader(*kubernetes, "kubernetes", findings, fatal);
    read_kubernetes(reader, config, findings, fatal);
  }
  if (wireguard) {
    TableReader reader(*wireguard, "wireguard", findings, fatal);
    read_wireguard(reader, config, findings, fatal, legacy);
  }
  if (fatal) {
    return;
  }
  if (config.peer_state_path.empty()) {
    config.peer_state_path = "wireguard-ipam.toml";
  }
  settle_endpoints(config, legacy);
  apply_defaults(config);
}

} // namespace dualstack::config
