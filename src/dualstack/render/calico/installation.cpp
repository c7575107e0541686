// Operator mode: the Tigera operator's Installation.
#include <dualstack/render/calico/installation.hpp>

#include <dualstack/render/calico/autodetection.hpp>
#include <dualstack/render/calico/pool.hpp>

namespace dualstack::render::calico {

Document installation(const plan::Plan& plan)
{
  Document pools = Document::array();
  for (const auto& network : plan.networks) {
    pools.push_back({
      { "name", pool_name(network.family) },
      { "cidr", network.pool.cidr.to_string() },
      { "blockSize", network.pool.block_size },
      { "encapsulation", network.pool.encapsulation },
      { "natOutgoing", nat_outgoing(network.pool) },
      { "nodeSelector", "all()" },
    });
  }
  Document calico_network = {
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

} // namespace dualstack::render::calico
