// The nodes' BGP peers: one BGPPeer (crd.projectcalico.org/v1) per family to the gateway VIP.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/calico/yaml_emitter.hpp>

#include <string>
#include <vector>

namespace dualstack::render::calico {

// Returns the name of the BGPPeer of `family`: "gateway-vip-ipv4" / "gateway-vip-ipv6".
std::string bgp_peer_name(net::Family family);

// Returns one BGPPeer per enabled family, primary first: every node (nodeSelector all())
// peers with that family's VIP in the gateways' AS and keeps the original next hop. Only the
// gateway holding the VIP can bring the session up (BIRD binds the VIP as its source).
std::vector<Document> bgp_peers(const plan::Plan& plan);

} // namespace dualstack::render::calico
