// Manifest mode: calico/node's environment as a DaemonSet strategic-merge patch.
#include <dualstack/render/calico/node_env.hpp>

#include <dualstack/render/calico/pool.hpp>

namespace dualstack::render::calico {

namespace {

const char* flag(bool on)
{
  return on ? "true" : "false";
}

} // namespace

std::vector<std::pair<std::string, std::string>> calico_node_env(const plan::Plan& plan)
{
  const bool v4 = plan.has(net::Family::ipv4);
  const bool v6 = plan.has(net::Family::ipv6);
  std::vector<std::pair<std::string, std::string>> env;
  auto set = [&env](std::string name, std::string value) {
    env.emplace_back(std::move(name), std::move(value));
  };

  set("CALICO_NETWORKING_BACKEND", "bird");
  set("IP", v4 ? "autodetect" : "none");
  if (v4)
    set("IP_AUTODETECTION_METHOD", plan.network(net::Family::ipv4).pool.autodetection_method);
  set("IP6", v6 ? "autodetect" : "none");
  if (v6)
    set("IP6_AUTODETECTION_METHOD", plan.network(net::Family::ipv6).pool.autodetection_method);
  set("FELIX_IPV6SUPPORT", flag(v6));
  // Without an IPv4 address BIRD has no router id; calico/node hashes the node name into one
  // (Calico >= 3.25 folds the first octet out of 224-255, projectcalico/calico#6674).
  if (!v4)
    set("CALICO_ROUTER_ID", "hash");

  if (v4) {
    const auto& pool = plan.network(net::Family::ipv4).pool;
    const PoolModes modes = pool_modes(pool, net::Family::ipv4);
    set("CALICO_IPV4POOL_CIDR", pool.cidr.to_string());
    set("CALICO_IPV4POOL_BLOCK_SIZE", std::to_string(pool.block_size));
    set("CALICO_IPV4POOL_IPIP", modes.ipip);
    set("CALICO_IPV4POOL_VXLAN", modes.vxlan);
    set("CALICO_IPV4POOL_NAT_OUTGOING", flag(pool.nat_outgoing));
  } else {
    set("CALICO_IPV4POOL_CIDR", "none");
  }
  if (v6) {
    const auto& pool = plan.network(net::Family::ipv6).pool;
    const PoolModes modes = pool_modes(pool, net::Family::ipv6);
    set("CALICO_IPV6POOL_CIDR", pool.cidr.to_string());
    set("CALICO_IPV6POOL_BLOCK_SIZE", std::to_string(pool.block_size));
    set("CALICO_IPV6POOL_VXLAN", modes.vxlan);
    set("CALICO_IPV6POOL_NAT_OUTGOING", flag(pool.nat_outgoing));
  } else {
    set("CALICO_IPV6POOL_CIDR", "none");
  }

  const std::string mtu = std::to_string(plan.mtu);
  if (v4) {
    set("FELIX_IPINIPMTU", mtu);
    set("FELIX_VXLANMTU", mtu);
    set("FELIX_WIREGUARDMTU", mtu);
  }
  if (v6) {
    set("FELIX_VXLANMTUV6", mtu);
    set("FELIX_WIREGUARDMTUV6", mtu);
  }
  return env;
}

Document calico_node_patch(const plan::Plan& plan)
{
  Document env = Document::array();
  for (const auto& [name, value] : calico_node_env(plan)) {
    env.push_back({ { "name", name }, { "value", value } });
  }
  const Document labels = { { "k8s-app", "calico-node" } };
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
                  Document::array({ { { "name", "calico-node" }, { "env", env } } }) } } },
          } },
      } },
  };
}

} // namespace dualstack::render::calico
