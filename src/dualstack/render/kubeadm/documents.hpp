// kubeadm's documents of the Plan (Init-, Join- and ClusterConfiguration, KubeletConfiguration,
// KubeProxyConfiguration), the kube-dns Service patch, and their YAML form.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/kubeadm/plan_values.hpp>
#include <dualstack/render/yaml.hpp>

#include <string>
#include <vector>

namespace dualstack::render::kubeadm {

// Returns the InitConfiguration for `first_master`: advertiseAddress is its primary-family
// address, bindPort the Plan's kube-apiserver port. The bootstrap token and (with more than one
// master) the certificate key are placeholders shared with the join files.
Json init_configuration(const plan::Plan& plan,
                        const plan::Host& first_master,
                        const KubeadmApi& api);

// Returns the JoinConfiguration for `host`: bootstrap-token discovery through the control plane
// endpoint, and for a master its own localAPIEndpoint (primary-family address, bind port).
Json join_configuration(const plan::Plan& plan, const plan::Host& host, const KubeadmApi& api);

// Returns the ClusterConfiguration of `plan`.
Json cluster_configuration(const plan::Plan& plan, const KubeadmApi& api);

// Returns the KubeletConfiguration: clusterDNS = the DNS service address of each family, primary
// first; maxPods = the Plan's pod limit.
Json kubelet_configuration(const plan::Plan& plan);

// Returns the KubeProxyConfiguration: clusterCIDR = the pod subnets, primary first; bindAddress
// "::" when IPv6 is primary, else "0.0.0.0".
Json kube_proxy_configuration(const plan::Plan& plan);

// Where the kube-dns patch goes in the render tree.
inline constexpr const char* kube_dns_patch_path = "kubeadm/kube-dns-service-patch.yaml";

// Renders the merge patch that gives kube-system/kube-dns a ClusterIP of each family (the
// Plan's DNS service IPs, primary first; PreferDualStack). Only for a dual-stack Plan.
std::string kube_dns_patch(const plan::Plan& plan);

// Returns `documents` as one kubeadm config file: a YAML stream with "---" before each document
// and every string double-quoted, so that no reader (go-yaml, yaml-cpp) types an address, version
// or placeholder as anything but a string.
std::string to_yaml(const std::vector<Json>& documents);

} // namespace dualstack::render::kubeadm
