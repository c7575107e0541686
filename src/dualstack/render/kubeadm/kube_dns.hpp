// The kube-dns Service patch of a dual-stack cluster: kubeadm creates kube-dns with the primary
// family's ClusterIP only.
#pragma once

#include <dualstack/plan/plan.hpp>

#include <string>

namespace dualstack::render::kubeadm {

// Where the patch goes in the render tree.
inline constexpr const char* kube_dns_patch_path = "kubeadm/kube-dns-service-patch.yaml";

// Renders the merge patch that gives kube-system/kube-dns a ClusterIP of each family (the
// Plan's DNS service IPs, primary first; PreferDualStack). Only for a dual-stack Plan.
std::string kube_dns_patch(const plan::Plan& plan);

} // namespace dualstack::render::kubeadm
