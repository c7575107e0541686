// The cluster's MTUs, all derived from one: the tenant network's (`[terraform] network_mtu`).
// Calico's workload MTU is the network's less its encapsulation's header (Calico's "Configure MTU"
// table); WireGuard's is the network's less 80 bytes, its overhead with an IPv6 outer header (what
// wg-quick subtracts too), so a tunnel fits whichever family a client dials.
#pragma once

#include <dualstack/config/config.hpp>
#include <dualstack/net/family.hpp>

#include <vector>

namespace dualstack::plan {

inline constexpr int wireguard_overhead = 80;
inline constexpr int ipv6_min_mtu = 1280; // RFC 8200: every link that carries IPv6

// Returns the bytes Calico's encapsulation adds on the pools of `families`: the largest of IPIP
// (20), VXLAN over IPv4 (50) and VXLAN over IPv6 (70) in use; 0 without encapsulation.
int calico_overhead(const config::Config& config, const std::vector<net::Family>& families);

// Returns Calico's MTU: `[kubernetes.network.calico] mtu` when given, else the network MTU less
// calico_overhead.
int calico_mtu(const config::Config& config, const std::vector<net::Family>& families);

// Returns the MTU of every WireGuard interface, the gateways' and the clients'.
int wireguard_mtu(const config::Config& config);

} // namespace dualstack::plan
