// The Plan's values in Calico's spellings, shared by both install modes and by the parts that
// name Calico objects (lab, migrate, ansible): pool and peer names, IPIP / VXLAN modes, the
// route reflector label, node address autodetection, calico/node's environment, the CNI conflist.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/util/json.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// Returns the name of the LoadBalancer pool of `family`.
std::string loadbalancer_pool_name(net::Family family);

// Returns the name of the BGPPeer of `family`: "gateway-vip-ipv4" / "gateway-vip-ipv6".
std::string bgp_peer_name(net::Family family);

// The node label that marks a Calico route reflector (`route-reflector=true`).
inline constexpr const char* route_reflector_label = "route-reflector";

// The k8s Node annotation that gives Calico a node's route reflector cluster id.
inline constexpr const char* route_reflector_annotation =
  "projectcalico.org/RouteReflectorClusterID";

// Returns the Installation's nodeAddressAutodetectionV4/V6 object for `method`:
// `cidr=a,b` -> {cidrs: [a, b]}, `interface=x` -> {interface: x}, `skip-interface=x`,
// `can-reach=x`, `first-found`, `kubernetes-internal-ip`. The operator turns the object back
// into exactly `method` for calico/node. Throws std::invalid_argument on any other method.
Json node_address_autodetection(std::string_view method);

// Returns calico/node's variables in a fixed order: backend bird; IP / IP6 (autodetect, or
// none for a disabled family) with each enabled family's autodetection method;
// FELIX_IPV6SUPPORT; CALICO_ROUTER_ID=hash when there is no IPv4; each family's default pool
// (CIDR, block size, IPIP / VXLAN, NAT; CIDR `none` for a disabled family so calico/node
// creates no pool of it); the Felix tunnel MTUs, all equal to the Plan's MTU as the operator
// sets them.
std::vector<std::pair<std::string, std::string>> calico_node_env(const plan::Plan& plan);

// Returns the conflist JSON: calico plugin with calico-ipam assigning an address of each
// enabled family (`assign_ipv4` / `assign_ipv6` as the strings "true" / "false"), the Plan's
// MTU, then portmap and bandwidth. install-cni fills in the node name and kubeconfig.
std::string cni_conflist(const plan::Plan& plan);

} // namespace dualstack::render::calico
