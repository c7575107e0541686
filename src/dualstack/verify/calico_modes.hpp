// Calico's two spellings of pool encapsulation: the operator's `encapsulation` and the IPPool
// CRD's `ipipMode` / `vxlanMode`; what a wrong natOutgoing on the IPv6 pool breaks.
#pragma once

#include <dualstack/plan/egress.hpp>

#include <string>
#include <string_view>

namespace dualstack::verify {

struct PoolModes
{
  std::string_view ipip_mode;  // Never | Always | CrossSubnet
  std::string_view vxlan_mode; // Never | Always | CrossSubnet
};

// Returns the IPPool modes for an operator `encapsulation` (None, IPIP, IPIPCrossSubnet, VXLAN,
// VXLANCrossSubnet); anything else maps to Never/Never.
PoolModes pool_modes(std::string_view encapsulation);

// Returns what the IPv6 pool's natOutgoing breaks when it differs from the Plan under `egress`,
// as a message suffix ("; IPv6 egress is routed, ..."), or "" for Ipv6Egress::none.
std::string ipv6_nat_consequence(plan::Ipv6Egress egress);

} // namespace dualstack::verify
