// Calico IP pool spellings shared by both install modes.
#include <dualstack/render/calico/pool.hpp>

#include <fmt/format.h>

#include <stdexcept>

namespace dualstack::render::calico {

PoolModes pool_modes(const plan::IpPool& pool, net::Family family)
{
  const std::string& e = pool.encapsulation;
  PoolModes modes{ "Never", "Never" };
  if (e == "None") {
    // both Never
  } else if (e == "IPIP" && family == net::Family::ipv4) {
    modes.ipip = "Always";
  } else if (e == "IPIPCrossSubnet" && family == net::Family::ipv4) {
    modes.ipip = "CrossSubnet";
  } else if (e == "VXLAN") {
    modes.vxlan = "Always";
  } else if (e == "VXLANCrossSubnet") {
    modes.vxlan = "CrossSubnet";
  } else {
    throw std::invalid_argument(fmt::format(
      "Calico cannot use encapsulation `{}` on an {} pool", e, net::display_name(family)));
  }
  return modes;
}

std::string pool_name(net::Family family)
{
  return fmt::format("default-{}-ippool", net::to_string(family));
}

std::string nat_outgoing(const plan::IpPool& pool)
{
  return pool.nat_outgoing ? "Enabled" : "Disabled";
}

} // namespace dualstack::render::calico
