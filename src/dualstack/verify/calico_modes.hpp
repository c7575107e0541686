// Calico's two spellings of pool encapsulation: the operator's `encapsulation` and the IPPool
// CRD's `ipipMode` / `vxlanMode`.
#pragma once

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

} // namespace dualstack::verify
