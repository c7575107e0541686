// The lab's LoadBalancer Service: its addresses, its node and pod, kube-proxy's DNAT.
#include <dualstack/lab/loadbalancer.hpp>

#include <dualstack/net/host_port.hpp>

#include <fmt/format.h>

namespace dualstack::lab {

const LoadBalancerAddress* LabLoadBalancer::of(Family family) const
{
  for (const auto& ip : ips)
    if (ip.address.family() == family)
      return &ip;
  return nullptr;
}

Address first_loadbalancer_address(const Prefix& pool)
{
  if (pool.host_bits() == 0)
    return pool.network();
  return *pool.nth(1);
}

std::optional<LabLoadBalancer> make_loadbalancer(const plan::Plan& plan, const Topology& topology)
{
  if (topology.nodes.empty())
    return std::nullopt;
  const LabNode& node = topology.nodes.back();
  LabLoadBalancer lb;
  lb.node = node.name;
  lb.node_ns = node.ns;
  lb.pod_ns = node.pod.ns;
  const std::vector<net::Family> families = plan.families(); // node.pod.addresses' order
  for (std::size_t f = 0; f < families.size(); ++f) {
    const auto& pool = plan.network(families[f]).loadbalancer_pool;
    if (pool)
      lb.ips.push_back({ first_loadbalancer_address(*pool), node.pod.addresses[f] });
  }
  if (lb.ips.empty())
    return std::nullopt;
  return lb;
}

std::vector<Address> announced_loadbalancer_ips(const plan::Plan& plan,
                                                const Topology& topology,
                                                const std::string& node)
{
  std::vector<Address> out;
  auto lb = make_loadbalancer(plan, topology);
  if (lb && lb->node == node) {
    for (const auto& ip : lb->ips)
      out.push_back(ip.address);
  }
  return out;
}

std::string kube_proxy_rules(const LabLoadBalancer& lb)
{
  std::string out =
    "# kube-proxy's DNAT of the lab's LoadBalancer Service to its pod (dualstack lab)\n"
    "table inet dualstack_lab_kube_proxy\n"
    "delete table inet dualstack_lab_kube_proxy\n"
    "table inet dualstack_lab_kube_proxy {\n"
    "  chain prerouting {\n"
    "    type nat hook prerouting priority dstnat;\n";
  for (const auto& ip : lb.ips) {
    const bool v6 = ip.address.family() == Family::ipv6;
    out += fmt::format("    {0} daddr {1} tcp dport {2} dnat {0} to {3}\n",
                       v6 ? "ip6" : "ip",
                       ip.address.to_string(),
                       loadbalancer_service_port,
                       net::host_port(ip.backend, loadbalancer_target_port));
  }
  out += "  }\n}\n";
  return out;
}

} // namespace dualstack::lab
