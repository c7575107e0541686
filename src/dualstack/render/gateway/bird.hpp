// The gateways' BIRD 2 config (/etc/bird/bird.conf): BGP from the VIPs to every k8s node.
#pragma once

#include <dualstack/plan/plan.hpp>

#include <string>

namespace dualstack::render::gateway {

// Renders `gateway`'s bird.conf: router id from the Plan; one eBGP protocol per k8s node and
// family with the family's VIP as local address (only the VIP holder can bring it up; passive,
// the nodes connect), each with its channel, importing pod (and announced service) routes and
// exporting only the WireGuard ranges; iBGP to the other gateways on their own addresses, so a
// backup already knows the pod routes when it takes over; a kernel protocol per family with
// `learn`; timers from plan.timers.
std::string bird_config(const plan::Plan& plan, const plan::Host& gateway);

} // namespace dualstack::render::gateway
