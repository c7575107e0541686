// The component configs kubeadm init uploads for every node: KubeletConfiguration and
// KubeProxyConfiguration.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/kubeadm/document.hpp>

namespace dualstack::render::kubeadm {

// Returns the KubeletConfiguration: clusterDNS = the DNS service address of each family, primary
// first; maxPods = the Plan's pod limit.
Json kubelet_configuration(const plan::Plan& plan);

// Returns the KubeProxyConfiguration: clusterCIDR = the pod subnets, primary first; bindAddress
// "::" when IPv6 is primary, else "0.0.0.0".
Json kube_proxy_configuration(const plan::Plan& plan);

} // namespace dualstack::render::kubeadm
