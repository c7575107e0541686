// Manifest mode: calico/node's environment for the Plan, as a strategic-merge patch of
// upstream calico.yaml's calico-node DaemonSet.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/calico/yaml_emitter.hpp>

#include <string>
#include <utility>
#include <vector>

namespace dualstack::render::calico {

// Returns calico/node's variables in a fixed order: backend bird; IP / IP6 (autodetect, or
// none for a disabled family) with each enabled family's autodetection method;
// FELIX_IPV6SUPPORT; CALICO_ROUTER_ID=hash when there is no IPv4; each family's default pool
// (CIDR, block size, IPIP / VXLAN, NAT; CIDR `none` for a disabled family so calico/node
// creates no pool of it); the Felix tunnel MTUs, all equal to the Plan's MTU as the operator
// sets them.
std::vector<std::pair<std::string, std::string>> calico_node_env(const plan::Plan& plan);

// Returns a complete minimal apps/v1 DaemonSet kube-system/calico-node (selector, template,
// container calico-node) carrying only `calico_node_env`. Strategic merge matches containers
// and env entries by name, so `kubectl patch --type strategic` changes exactly these variables.
Document calico_node_patch(const plan::Plan& plan);

} // namespace dualstack::render::calico
