// Calico IP pool spellings shared by both install modes: pool names, natOutgoing, and the
// manifest-mode IPIP / VXLAN modes for the Plan's (operator-spelled) encapsulation.
#pragma once

#include <dualstack/plan/plan.hpp>

#include <string>

namespace dualstack::render::calico {

// The IPIP and VXLAN modes of an IPPool resource / CALICO_IPVxPOOL_* variables.
struct PoolModes
{
  std::string ipip;  // Never | Always | CrossSubnet
  std::string vxlan; // Never | Always | CrossSubnet
};

// Returns the modes for `pool` of `family`; an IPv6 pool is never IPIP. Throws
// std::invalid_argument on an encapsulation the Plan's rules would have rejected.
PoolModes pool_modes(const plan::IpPool& pool, net::Family family);

// Returns the name Calico gives its default pool of `family` ("default-ipv4-ippool"), used in
// both modes so an operator-created and a manifest-created pool are the same resource.
std::string pool_name(net::Family family);

// Returns the operator's natOutgoing spelling: "Enabled" or "Disabled".
std::string nat_outgoing(const plan::IpPool& pool);

} // namespace dualstack::render::calico
