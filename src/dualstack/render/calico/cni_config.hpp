// Manifest mode: the CNI network config (conflist) in the `calico-config` ConfigMap that
// upstream calico.yaml's install-cni container writes to every node.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/calico/yaml_emitter.hpp>

#include <string>

namespace dualstack::render::calico {

// Returns the conflist JSON: calico plugin with calico-ipam assigning an address of each
// enabled family (`assign_ipv4` / `assign_ipv6` as the strings "true" / "false"), the Plan's
// MTU, then portmap and bandwidth. install-cni fills in the node name and kubeconfig.
std::string cni_conflist(const plan::Plan& plan);

// Returns the v1 ConfigMap kube-system/calico-config with every key calico.yaml has
// (typha_service_name, calico_backend, veth_mtu, cni_network_config), so it replaces it whole.
Document cni_config_map(const plan::Plan& plan);

} // namespace dualstack::render::calico
