// Manifest mode: the Plan's Calico IP pools as IPPool resources.
#include <dualstack/render/calico/ip_pools.hpp>

#include <dualstack/render/calico/pool.hpp>

namespace dualstack::render::calico {

std::vector<Document> ip_pools(const plan::Plan& plan)
{
  std::vector<Document> out;
  for (const auto& network : plan.networks) {
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

} // namespace dualstack::render::calico
