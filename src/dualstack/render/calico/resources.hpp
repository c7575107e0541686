// The Calico resources of the Plan, as documents for the YAML emitter: the operator's
// Installation, the manifest mode's IPPools, calico-config ConfigMap and calico-node patch, and
// the BGP, Felix and LoadBalancer resources both modes apply.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/yaml.hpp>

#include <vector>

namespace dualstack::render::calico {

// Returns the Installation `default`: calicoNetwork with BGP on, the Plan's MTU, one IP pool
// per enabled family (cidr, blockSize, encapsulation, natOutgoing, nodeSelector all()) and
// node address autodetection for each enabled family only. Leaving out V4 makes the operator
// set IP=none and CALICO_ROUTER_ID=hash on an IPv6-only cluster.
Json installation(const plan::Plan& plan);

// Returns one IPPool per enabled family, primary first, named as calico/node names its default
// pools, so applying them before calico/node starts means it creates none of its own:
// cidr, blockSize, ipipMode (Never on IPv6), vxlanMode, natOutgoing, nodeSelector all().
std::vector<Json> ip_pools(const plan::Plan& plan);

// Returns an IPPool with `allowedUses: [LoadBalancer]` per family with a LoadBalancer pool,
// primary first (empty when none is configured). Calico's kube-controllers assigns Services of
// type LoadBalancer an address from them; no encapsulation, no NAT (they are destinations).
std::vector<Json> loadbalancer_pools(const plan::Plan& plan);

// Returns the v1 ConfigMap kube-system/calico-config with every key calico.yaml has
// (typha_service_name, calico_backend, veth_mtu, cni_network_config), so it replaces it whole.
Json cni_config_map(const plan::Plan& plan);

// Returns a complete minimal apps/v1 DaemonSet kube-system/calico-node (selector, template,
// container calico-node) carrying only `calico_node_env`. Strategic merge matches containers
// and env entries by name, so `kubectl patch --type strategic` changes exactly these variables.
Json calico_node_patch(const plan::Plan& plan);

// Returns BGPConfiguration `default`: node-to-node mesh off (nodes peer with the gateway VIP
// only), the nodes' AS number, and, when the Plan announces service IPs, every enabled
// family's service subnet in serviceClusterIPs (primary first).
Json bgp_configuration(const plan::Plan& plan);

// Returns one BGPPeer per enabled family, primary first: every node (nodeSelector all())
// peers with that family's VIP in the gateways' AS and keeps the original next hop. Only the
// gateway holding the VIP can bring the session up (BIRD binds the VIP as its source). When
// the Plan has route reflectors, a last BGPPeer `route-reflectors` peers every node with the
// nodes labelled `route-reflector=true` (iBGP, both families).
std::vector<Json> bgp_peers(const plan::Plan& plan);

// Returns FelixConfiguration `default` with ipv6Support on exactly when the Plan has IPv6, so
// Felix programs IPv6 routes and ip6tables whichever way calico/node was installed.
Json felix_configuration(const plan::Plan& plan);

} // namespace dualstack::render::calico
