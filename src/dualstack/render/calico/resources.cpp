// The Calico resources of the Plan, both install modes (see resources.hpp).
#include <dualstack/render/calico/resources.hpp>

#include <dualstack/render/calico/values.hpp>

#include <fmt/format.h>

namespace dualstack::render::calico {

Json installation(const plan::Plan& plan)
{
  Json pools = Json::array();
  for (const auto& [family, network] : plan.networks) {
    pools.push_back({
      { "name", pool_name(network.family) },
      { "cidr", network.pool.cidr.to_string() },
      { "blockSize", network.pool.block_size },
      { "encapsulation", network.pool.encapsulation },
      { "natOutgoing", nat_outgoing(network.pool) },
      { "nodeSelector", "all()" },
    });
  }
  Json calico_network = {
    { "bgp", "Enabled" },
    { "mtu", plan.mtu },
    { "ipPools", pools },
  };
  // Each family detects the node address in its own cluster subnet (the seed gave IPv6 the
  // IPv4 subnet); the method string comes from the Plan.
  for (net::Family family : { net::Family::ipv4, net::Family::ipv6 }) {
    if (!plan.has(family))
      continue;
    const char* key =
      family == net::Family::ipv4 ? "nodeAddressAutodetectionV4" : "nodeAddressAutodetectionV6";
    calico_network[key] =
      node_address_autodetection(plan.network(family).pool.autodetection_method);
  }
  return {
    { "apiVersion", "operator.tigera.io/v1" },
    { "kind", "Installation" },
    { "metadata", { { "name", "default" } } },
    { "spec", { { "calicoNetwork", calico_network } } },
  };
}

std::vector<Json> ip_pools(const plan::Plan& plan)
{
  std::vector<Json> out;
  for (const auto& [family, network] : plan.networks) {
    const PoolModes modes = pool_modes(network.pool, network.family);
    out.push_back({
      { "apiVersion", "crd.projectcalico.org/v1" },
      { "kind", "IPPool" },
      { "metadata", { { "name", pool_name(network.family) } } },
      { "spec",
        {
          { "cidr", network.pool.cidr.to_string() },
          { "blockSize", network.pool.block_size },
          { "ipipMode", modes.ipip },
          { "vxlanMode", modes.vxlan },
          { "natOutgoing", network.pool.nat_outgoing },
          { "nodeSelector", "all()" },
          { "allowedUses", { "Workload", "Tunnel" } },
        } },
    });
  }
  return out;
}

std::vector<Json> loadbalancer_pools(const plan::Plan& plan)
{
  std::vector<Json> out;
  for (const auto& [family, network] : plan.networks) {
    if (!network.loadbalancer_pool) {
      continue;
    }
    out.push_back({
      { "apiVersion", "crd.projectcalico.org/v1" },
      { "kind", "IPPool" },
      { "metadata", { { "name", loadbalancer_pool_name(network.family) } } },
      { "spec",
        {
          { "cidr", network.loadbalancer_pool->to_string() },
          { "blockSize", network.loadbalancer_block_size },
          { "ipipMode", "Never" },
          { "vxlanMode", "Never" },
          { "natOutgoing", false },
          { "allowedUses", { "LoadBalancer" } },
        } },
    });
  }
  return out;
}

Json cni_config_map(const plan::Plan& plan)
{
  return {
    { "apiVersion", "v1" },
    { "kind", "ConfigMap" },
    { "metadata", { { "name", "calico-config" }, { "namespace", "kube-system" } } },
    { "data",
      {
        { "typha_service_name", "none" },
        { "calico_backend", "bird" },
        { "veth_mtu", std::to_string(plan.mtu) },
        { "cni_network_config", cni_conflist(plan) },
      } },
  };
}

Json calico_node_patch(const plan::Plan& plan)
{
  Json env = Json::array();
  for (const auto& [name, value] : calico_node_env(plan)) {
    env.push_back({ { "name", name }, { "value", value } });
  }
  const Json labels = { { "k8s-app", "calico-node" } };
  return {
    { "apiVersion", "apps/v1" },
    { "kind", "DaemonSet" },
    { "metadata", { { "name", "calico-node" }, { "namespace", "kube-system" } } },
    { "spec",
      {
        { "selector", { { "matchLabels", labels } } },
        { "template",
          {
            { "metadata", { { "labels", labels } } },
            { "spec",
              { { "containers",
                  Json::array({ { { "name", "calico-node" }, { "env", env } } }) } } },
          } },
      } },
  };
}

Json bgp_configuration(const plan::Plan& plan)
{
  Json spec = {
    { "logSeverityScreen", "Info" },
    { "nodeToNodeMeshEnabled", false },
    { "asNumber", plan.node_as },
  };
  if (plan.bgp_announce_service_ips) {
    Json blocks = Json::array();
    for (const auto& [family, network] : plan.networks) {
      blocks.push_back({ { "cidr", network.service_subnet.to_string() } });
    }
    spec["serviceClusterIPs"] = blocks;
  }
  // LoadBalancer IPs are advertised only inside these blocks; the gateways import them.
  Json lb_blocks = Json::array();
  for (const auto& [family, network] : plan.networks) {
    if (network.loadbalancer_pool) {
      lb_blocks.push_back({ { "cidr", network.loadbalancer_pool->to_string() } });
    }
  }
  if (!lb_blocks.empty()) {
    spec["serviceLoadBalancerIPs"] = lb_blocks;
  }
  return {
    { "apiVersion", "crd.projectcalico.org/v1" },
    { "kind", "BGPConfiguration" },
    { "metadata", { { "name", "default" } } },
    { "spec", spec },
  };
}

std::vector<Json> bgp_peers(const plan::Plan& plan)
{
  std::vector<Json> out;
  for (const auto& [family, network] : plan.networks) {
    out.push_back({
      { "apiVersion", "crd.projectcalico.org/v1" },
      { "kind", "BGPPeer" },
      { "metadata", { { "name", bgp_peer_name(network.family) } } },
      { "spec",
        {
          { "nodeSelector", "all()" },
          { "peerIP", network.vip.to_string() },
          { "asNumber", plan.gateway_as },
          { "keepOriginalNextHop", true },
        } },
    });
  }
  if (!plan.route_reflectors.empty()) {
    out.push_back({
      { "apiVersion", "crd.projectcalico.org/v1" },
      { "kind", "BGPPeer" },
      { "metadata", { { "name", "route-reflectors" } } },
      { "spec",
        {
          { "nodeSelector", "all()" },
          { "peerSelector", fmt::format("{} == 'true'", route_reflector_label) },
        } },
    });
  }
  return out;
}

Json felix_configuration(const plan::Plan& plan)
{
  return {
    { "apiVersion", "crd.projectcalico.org/v1" },
    { "kind", "FelixConfiguration" },
    { "metadata", { { "name", "default" } } },
    { "spec", { { "ipv6Support", plan.has(net::Family::ipv6) } } },
  };
}

} // namespace dualstack::render::calico
