// The cluster-wide BGP settings: BGPConfiguration `default`.
#include <dualstack/render/calico/bgp_configuration.hpp>

namespace dualstack::render::calico {

Document bgp_configuration(const plan::Plan& plan)
{
  Document spec = {
    { "logSeverityScreen", "Info" },
    { "nodeToNodeMeshEnabled", false },
    { "asNumber", plan.node_as },
  };
  if (plan.bgp_announce_service_ips) {
    Document blocks = Document::array();
    for (const auto& network : plan.networks) {
      blocks.push_back({ { "cidr", network.service_subnet.to_string() } });
    }
    spec["serviceClusterIPs"] = blocks;
  }
  // LoadBalancer IPs are advertised only inside these blocks; the gateways import them.
  Document lb_blocks = Document::array();
  for (const auto& network : plan.networks) {
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

} // namespace dualstack::render::calico
