// The nodes' BGP peers (crd.projectcalico.org/v1): one per family to the gateway VIP, and one to
// the route reflectors that carry pod routes between the nodes.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/calico/yaml_emitter.hpp>

#include <string>
#include <vector>

namespace dualstack::render::calico {

// Returns the name of the BGPPeer of `family`: "gateway-vip-ipv4" / "gateway-vip-ipv6".
std::string bgp_peer_name(net::Family family);

// The node label that marks a Calico route reflector (`route-reflector=true`).
inline constexpr const char* route_reflector_label = "route-reflector";

// The k8s Node annotation that gives Calico a node's route reflector cluster id.
inline constexpr const char* route_reflector_annotation =
  "projectcalico.org/RouteReflectorClusterID";

// Returns one BGPPeer per enabled family, primary first: every node (nodeSelector all())
// peers with that family's VIP in the gateways' AS and keeps the original next hop. Only the
// gateway holding the VIP can bring the session up (BIRD binds the VIP as its source). When
// the Plan has route reflectors, a last BGPPeer `route-reflectors` peers every node with the
// nodes labelled `route-reflector=true` (iBGP, both families).
std::vector<Document> bgp_peers(const plan::Plan& plan);

} // namespace dualstack::render::calico
