// The cluster-wide BGP settings: BGPConfiguration `default` (crd.projectcalico.org/v1).
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/calico/yaml_emitter.hpp>

namespace dualstack::render::calico {

// Returns BGPConfiguration `default`: node-to-node mesh off (nodes peer with the gateway VIP
// only), the nodes' AS number, and, when the Plan announces service IPs, every enabled
// family's service subnet in serviceClusterIPs (primary first).
Document bgp_configuration(const plan::Plan& plan);

} // namespace dualstack::render::calico
