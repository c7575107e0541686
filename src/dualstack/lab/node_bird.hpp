// The calico/node BGP stand-in: the BIRD config a k8s node of the lab runs in place of
// calico/node's BIRD. It peers with the gateway VIP per family as the rendered BGPPeer
// `gateway-vip-<family>` says (AS numbers and addresses from the Plan's BGP sessions), announces
// the node's Calico block and installs what it learns (the WireGuard ranges) in the kernel.
#pragma once

#include <dualstack/lab/topology.hpp>
#include <dualstack/plan/plan.hpp>

#include <string>
#include <vector>

namespace dualstack::lab {

// Returns the stand-in BIRD config of `node` (one of `plan`'s k8s nodes). It also announces
// `loadbalancer_ips` as /32 and /128, as calico/node does for a LoadBalancer Service's address
// (serviceLoadBalancerIPs) on a node with an endpoint.
std::string node_bird_config(const plan::Plan& plan,
                             const LabNode& node,
                             const std::vector<net::Address>& loadbalancer_ips = {});

// Returns the BIRD protocol name of `node`'s session towards the VIP of `family`.
std::string node_session_name(net::Family family);

} // namespace dualstack::lab
