// How IPv6 pods reach addresses outside the cluster, decided once from the prefixes: a global pod
// prefix is routed (a Neutron router route to the IPv6 VIP), a ULA one needs Calico's NAT66 to
// the nodes' global addresses, and ULA everywhere reaches nothing outside.
#pragma once

#include <dualstack/net/prefix.hpp>

#include <string_view>

namespace dualstack::plan {

enum class Ipv6Egress
{
  none,   // IPv6 off, or nothing outside routes the pods' or the nodes' prefix
  routed, // global pod prefix: the Neutron router routes it to the IPv6 VIP; no NAT anywhere
  nat66,  // ULA pod prefix, global cluster subnet: Calico masquerades pods to their node's address
};

// Returns "none", "routed" or "nat66".
std::string_view to_string(Ipv6Egress egress);

// Returns the egress of IPv6 pods on `pod_subnet` with nodes on `cluster_subnet`, given whether
// the IPv6 pool masquerades (`nat_outgoing`). A global pod prefix with `nat_outgoing` is an error
// (rule ipv6-egress) and counts as routed here.
Ipv6Egress ipv6_egress(const net::Prefix& cluster_subnet,
                       const net::Prefix& pod_subnet,
                       bool nat_outgoing);

} // namespace dualstack::plan
