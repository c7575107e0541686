// ClusterConfiguration: subnets in primary-family order, the control plane endpoint, certSANs and
// the controller-manager's node CIDR mask sizes per family.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/kubeadm/api_version.hpp>
#include <dualstack/render/kubeadm/document.hpp>

namespace dualstack::render::kubeadm {

// Returns the ClusterConfiguration of `plan`.
Json cluster_configuration(const plan::Plan& plan, const KubeadmApi& api);

} // namespace dualstack::render::kubeadm
