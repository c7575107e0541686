// The node roles: node_network (the sysctl drop-in: forwarding, accept_ra; tag node-network) and
// kubernetes_node (kernel modules, swap off, containerd, kubelet/kubeadm/kubectl pinned to the
// Plan's Kubernetes version from pkgs.k8s.io; tag kubernetes).
#pragma once

#include <dualstack/plan/plan.hpp>

#include <string>

namespace dualstack::render::ansible {

// Returns the Plan's Kubernetes version without a leading "v" ("1.31.4"), and its minor
// version as pkgs.k8s.io names its repositories ("v1.31").
std::string package_version(const plan::Plan& plan);
std::string repository_minor(const plan::Plan& plan);

// Render roles/node_network/{tasks,handlers}/main.yml.
std::string node_network_tasks(const plan::Plan& plan);
std::string node_network_handlers(const plan::Plan& plan);

// Render roles/kubernetes_node/{tasks,handlers}/main.yml.
std::string kubernetes_node_tasks(const plan::Plan& plan);
std::string kubernetes_node_handlers(const plan::Plan& plan);

} // namespace dualstack::render::ansible
