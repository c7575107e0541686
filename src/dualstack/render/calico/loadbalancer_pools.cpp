// Calico LoadBalancer IPAM pools.
#include <dualstack/render/calico/loadbalancer_pools.hpp>

#include <fmt/format.h>

namespace dualstack::render::calico {

std::string loadbalancer_pool_name(net::Family family)
{
  return fmt::format("loadbalancer-{}-ippool", net::to_string(family));
}

std::vector<Document> loadbalancer_pools(const plan::Plan& plan)
{
  std::vector<Document> out;
  for (const auto& network : plan.networks) {
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

} // namespace dualstack::render::calico
