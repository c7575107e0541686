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

  // calico/node creates a default pool per family from CALICO_IPV{4,6}POOL_* when none exists.
  // A single-stack cluster must not get one of the other family, and `none` is no CIDR (startup
  // would stop on it): NO_DEFAULT_POOLS, which excludes every CALICO_IPV*POOL_* variable; the
  // enabled family's pool comes from calico/manifest/ippools.yaml, as it does anyway. Dual-stack
  // says `false` explicitly: a strategic-merge patch (migrate's calico step) keeps env entries
  // it does not name, and a leftover `true` next to the CIDRs stops calico/node.
  set("NO_DEFAULT_POOLS", flag(!(v4 && v6)));
  if (v4 && v6) {
    for (net::Family family : { net::Family::ipv4, net::Family::ipv6 }) {
      const auto& pool = plan.network(family).pool;
      const PoolModes modes = pool_modes(pool, family);
      const std::string prefix =
        family == net::Family::ipv4 ? "CALICO_IPV4POOL_" : "CALICO_IPV6POOL_";
      set(prefix + "CIDR", pool.cidr.to_string());
      set(prefix + "BLOCK_SIZE", std::to_string(pool.block_size));
      if (family == net::Family::ipv4)
        set(prefix + "IPIP", modes.ipip);
      set(prefix + "VXLAN", modes.vxlan);
      set(prefix + "NAT_OUTGOING", flag(pool.nat_outgoing));
    }
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
