// The cluster's MTUs, derived from the network MTU.
#include <dualstack/plan/mtu.hpp>

#include <dualstack/plan/family_fields.hpp>

#include <algorithm>
#include <string>

namespace dualstack::plan {

int calico_overhead(const config::Config& config, const std::vector<net::Family>& families)
{
  int overhead = 0;
  for (net::Family family : families) {
    const bool v6 = family == net::Family::ipv6;
    const std::string encapsulation =
      v6 ? config.encapsulation_v6.value : ipv4_encapsulation(config);
    if (encapsulation.rfind("VXLAN", 0) == 0)
      overhead = std::max(overhead, v6 ? 70 : 50);
    else if (encapsulation.rfind("IPIP", 0) == 0)
      overhead = std::max(overhead, 20);
  }
  return overhead;
}

int calico_mtu(const config::Config& config, const std::vector<net::Family>& families)
{
  if (config.mtu.present)
    return config.mtu.value;
  return config.network_mtu.value - calico_overhead(config, families);
}

int wireguard_mtu(const config::Config& config)
{
  return config.network_mtu.value - wireguard_overhead;
}

} // namespace dualstack::plan
