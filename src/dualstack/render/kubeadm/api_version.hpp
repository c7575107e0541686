// Which kubeadm config API a Kubernetes version reads: v1beta3 before 1.31, v1beta4 from 1.31.
#pragma once

#include <string>
#include <string_view>

namespace dualstack::render::kubeadm {

// The kubeadm API of one Kubernetes version.
struct KubeadmApi
{
  std::string api_version;         // "kubeadm.k8s.io/v1beta3" or "kubeadm.k8s.io/v1beta4"
  bool extra_args_as_list = false; // v1beta4: extraArgs are [{name, value}], v1beta3: a map
};

// Returns the API kubeadm of `kubernetes_version` ("1.31.4" or "v1.31.4") reads. Throws
// std::logic_error on a version the Plan rules should have rejected.
KubeadmApi select_api(std::string_view kubernetes_version);

// Returns `kubernetes_version` as kubeadm's kubernetesVersion spells it, e.g. "v1.31.4".
std::string kubernetes_version_tag(std::string_view kubernetes_version);

} // namespace dualstack::render::kubeadm
