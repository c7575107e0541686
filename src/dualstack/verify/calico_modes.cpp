// Encapsulation spellings.
#include <dualstack/verify/calico_modes.hpp>

namespace dualstack::verify {

PoolModes pool_modes(std::string_view encapsulation)
{
  if (encapsulation == "IPIP") {
    return { "Always", "Never" };
  }
  if (encapsulation == "IPIPCrossSubnet") {
    return { "CrossSubnet", "Never" };
  }
  if (encapsulation == "VXLAN") {
    return { "Never", "Always" };
  }
  if (encapsulation == "VXLANCrossSubnet") {
    return { "Never", "CrossSubnet" };
  }
  return { "Never", "Never" };
}

std::string ipv6_nat_consequence(plan::Ipv6Egress egress)
{
  switch (egress) {
    case plan::Ipv6Egress::routed:
      return "; IPv6 egress is routed, so natOutgoing must be off: pods leave with their node's "
             "address instead of their own, and the router's route to them carries nothing";
    case plan::Ipv6Egress::nat66:
      return "; IPv6 egress is nat66, so natOutgoing must be on: pods leave with their ULA "
             "address, which nothing outside routes back";
    case plan::Ipv6Egress::none:
      break;
  }
  return "";
}

} // namespace dualstack::verify
