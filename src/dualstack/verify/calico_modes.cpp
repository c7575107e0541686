// Encapsulation spellings.
#include <dualstack/verify/calico_modes.hpp>

namespace dualstack::verify {

PoolModes pool_modes(std::string_view encapsulation)
{
  if (encapsulation == "IPIP") {
    return {"Always", "Never"};
  }
  if (encapsulation == "IPIPCrossSubnet") {
    return {"CrossSubnet", "Never"};
  }
  if (encapsulation == "VXLAN") {
    return {"Never", "Always"};
  }
  if (encapsulation == "VXLANCrossSubnet") {
    return {"Never", "CrossSubnet"};
  }
  return {"Never", "Never"};
}

} // namespace dualstack::verify
