// The Plan's values in Calico's spellings (see values.hpp).
#include <dualstack/render/calico/values.hpp>

#include <fmt/format.h>

#include <optional>
#include <stdexcept>
#include <string>

namespace dualstack::render::calico {

namespace {

const char* flag(bool on)
{
  return on ? "true" : "false";
}

// Returns the value after `prefix` ("cidr=") if `method` starts with it.
std::optional<std::string_view> after(std::string_view method, std::string_view prefix)
{
  if (method.substr(0, prefix.size()) != prefix)
    return std::nullopt;
  return method.substr(prefix.size());
}

Json split_list(std::string_view list)
{
  Json out = Json::array();
  while (!list.empty()) {
    const auto comma = list.find(',');
    out.push_back(std::string(list.substr(0, comma)));
    if (comma == std::string_view::npos)
      break;
    list.remove_prefix(comma + 1);
  }
  return out;
}

} // namespace

PoolModes pool_modes(const plan::IpPool& pool, net::Family family)
{
  const std::string& e = pool.encapsulation;
  PoolModes modes{ "Never", "Never" };
  if (e == "None") {
    // both Never
  } else if (e == "IPIP" && family == net::Family::ipv4) {
    modes.ipip = "Always";
  } else if (e == "IPIPCrossSubnet" && family == net::Family::ipv4) {
    modes.ipip = "CrossSubnet";
  } else if (e == "VXLAN") {
    modes.vxlan = "Always";
  } else if (e == "VXLANCrossSubnet") {
    modes.vxlan = "CrossSubnet";
  } else {
    throw std::invalid_argument(fmt::format(
      "Calico cannot use encapsulation `{}` on an {} pool", e, net::display_name(family)));
  }
  return modes;
}

std::string pool_name(net::Family family)
{
  return fmt::format("default-{}-ippool", net::to_string(family));
}

std::string nat_outgoing(const plan::IpPool& pool)
{
  return pool.nat_outgoing ? "Enabled" : "Disabled";
}

std::string loadbalancer_pool_name(net::Family family)
{
  return fmt::format("loadbalancer-{}-ippool", net::to_string(family));
}

std::string bgp_peer_name(net::Family family)
{
  return fmt::format("gateway-vip-{}", net::to_string(family));
}

Json node_address_autodetection(std::string_view method)
{
  if (method == "first-found")
    return { { "firstFound", true } };
  if (method == "kubernetes-internal-ip")
    return { { "kubernetes", "NodeInternalIP" } };
  if (auto v = after(method, "cidr="))
    return { { "cidrs", split_list(*v) } };
  if (auto v = after(method, "interface="))
    return { { "interface", std::string(*v) } };
  if (auto v = after(method, "skip-interface="))
    return { { "skipInterface", std::string(*v) } };
  if (auto v = after(method, "can-reach="))
    return { { "canReach", std::string(*v) } };
  throw std::invalid_argument(
    fmt::format("the Calico operator cannot express the autodetection method `{}`", method));
}

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

std::string cni_conflist(const plan::Plan& plan)
{
  const Json conflist = {
    { "name", "k8s-pod-network" },
    { "cniVersion", "0.3.1" },
    { "plugins",
      {
        {
          { "type", "calico" },
          { "log_level", "info" },
          { "log_file_path", "/var/log/calico/cni/cni.log" },
          { "datastore_type", "kubernetes" },
          { "nodename", "__KUBERNETES_NODE_NAME__" },
          { "mtu", plan.mtu },
          { "ipam",
            {
              { "type", "calico-ipam" },
              { "assign_ipv4", flag(plan.has(net::Family::ipv4)) },
              { "assign_ipv6", flag(plan.has(net::Family::ipv6)) },
            } },
          { "policy", { { "type", "k8s" } } },
          { "kubernetes", { { "kubeconfig", "__KUBECONFIG_FILEPATH__" } } },
        },
        {
          { "type", "portmap" },
          { "snat", true },
          { "capabilities", { { "portMappings", true } } },
        },
        {
          { "type", "bandwidth" },
          { "capabilities", { { "bandwidth", true } } },
        },
      } },
  };
  return conflist.dump(2);
}

} // namespace dualstack::render::calico
