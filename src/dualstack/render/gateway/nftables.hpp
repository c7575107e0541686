// The gateways' nftables ruleset (/etc/nftables.conf, `table inet dualstack`).
#pragma once

#include <dualstack/plan/plan.hpp>

#include <string>

namespace dualstack::render::gateway {

// Renders `gateway`'s ruleset, one table that replaces only itself: input accepts established
// traffic, ICMP / ICMPv6 (neighbour discovery included), DHCPv6 replies, SSH, BGP from the
// cluster subnet, VRRP from the other gateways, WireGuard, the API and lb_ports; forward accepts
// traffic between the WireGuard ranges and the cluster's subnets (nodes, pods) of every family,
// matched by address so that no interface name is needed. Everything else is dropped.
std::string nftables_config(const plan::Plan& plan, const plan::Host& gateway);

} // namespace dualstack::render::gateway
