// The lab's Service of type LoadBalancer: which address of each family's LoadBalancer pool it
// gets, which lab node announces it (as calico/node does with serviceLoadBalancerIPs), the pod
// behind it, and the kube-proxy rules that send the address to that pod. Pure: nothing here
// touches the system.
#pragma once

#include <dualstack/lab/topology.hpp>

#include <optional>
#include <string>
#include <vector>

namespace dualstack::lab {

// The Service's port on its LoadBalancer addresses and the pod's port behind it.
constexpr int loadbalancer_service_port = 443;
constexpr int loadbalancer_target_port = 8443;

// One family of the Service: its LoadBalancer address and the pod that answers.
struct LoadBalancerAddress
{
  Address address; // from the family's loadbalancer_pool
  Address backend; // the announcing node's pod
};

// The lab's LoadBalancer Service, announced by one node (Calico with externalTrafficPolicy
// Local: only nodes with an endpoint announce).
struct LabLoadBalancer
{
  std::string node;                     // Plan host name of the announcing node
  std::string node_ns;                  // its namespace
  std::string pod_ns;                   // the endpoint's namespace
  std::vector<LoadBalancerAddress> ips; // one per family with a pool, primary first

  // Returns the address of `family`, or nullptr if that family has no pool.
  const LoadBalancerAddress* of(Family family) const;
};

// Returns the address Calico's IPAM would hand out first from `pool`, as the lab uses it: the
// first address after the network address (which IPv6 reserves as the subnet-router anycast), or
// the only one of a /32 or /128.
Address first_loadbalancer_address(const Prefix& pool);

// Returns the lab's LoadBalancer Service: announced by the last lab node (a worker when the lab
// has one), one address per family that has a `loadbalancer_pool`; nullopt when no family has
// one.
std::optional<LabLoadBalancer> make_loadbalancer(const plan::Plan& plan, const Topology& topology);

// Returns the addresses node `node` announces (empty unless it is the Service's node).
std::vector<Address> announced_loadbalancer_ips(const plan::Plan& plan,
                                                const Topology& topology,
                                                const std::string& node);

// Returns the nftables ruleset kube-proxy's DNAT amounts to on the announcing node: each
// LoadBalancer address's service port to its pod's target port.
std::string kube_proxy_rules(const LabLoadBalancer& lb);

} // namespace dualstack::lab
