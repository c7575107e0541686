// The IPv6 egress decision.
#include <dualstack/plan/egress.hpp>

namespace dualstack::plan {

std::string_view to_string(Ipv6Egress egress)
{
  switch (egress) {
    case Ipv6Egress::routed:
      return "routed";
    case Ipv6Egress::nat66:
      return "nat66";
    case Ipv6Egress::none:
      break;
  }
  return "none";
}

Ipv6Egress ipv6_egress(const net::Prefix& cluster_subnet,
                       const net::Prefix& pod_subnet,
                       bool nat_outgoing)
{
  if (net::is_global_ipv6(pod_subnet))
    return Ipv6Egress::routed;
  if (nat_outgoing && net::is_global_ipv6(cluster_subnet))
    return Ipv6Egress::nat66;
  return Ipv6Egress::none;
}

} // namespace dualstack::plan
