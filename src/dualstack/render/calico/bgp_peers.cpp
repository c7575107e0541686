// The nodes' BGP peers: one per family to the gateway VIP, one to the route reflectors.
#include <dualstack/render/calico/bgp_peers.hpp>

#include <fmt/format.h>

namespace dualstack::render::calico {

std::string bgp_peer_name(net::Family family)
{
  return fmt::format("gateway-vip-{}", net::to_string(family));
}

std::vector<Document> bgp_peers(const plan::Plan& plan)
{
  std::vector<Document> out;
  for (const auto& network : plan.networks) {
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

} // namespace dualstack::render::calico
