// The Plan's values in the spelling kubeadm and its components want: the kubeadm API of the
// Plan's Kubernetes version, extraArgs in that API's shape, comma-joined lists in primary-family
// order, and the bootstrap placeholders that stand in for secrets.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/util/json.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// Flag name (without "--") and value, in the order they are written.
using ExtraArgs = std::vector<std::pair<std::string, std::string>>;

// Returns `args` as a map (v1beta3) or a list of {name, value} (v1beta4).
Json extra_args(const ExtraArgs& args, const KubeadmApi& api);

// Placeholders an operator fills in (e.g. with envsubst) before running kubeadm; no secret is
// ever rendered.
namespace placeholder {
inline constexpr std::string_view bootstrap_token = "${KUBEADM_BOOTSTRAP_TOKEN}";
inline constexpr std::string_view certificate_key = "${KUBEADM_CERTIFICATE_KEY}";
inline constexpr std::string_view ca_cert_hash = "${KUBEADM_CA_CERT_HASH}";
} // namespace placeholder

// Returns the pod subnets, primary first, comma-joined ("10.244.0.0/16,fdff:2::/56").
std::string pod_subnets(const plan::Plan& plan);

// Returns the service subnets, primary first, comma-joined.
std::string service_subnets(const plan::Plan& plan);

// Returns the cluster DNS service addresses, primary first.
std::vector<std::string> dns_service_ips(const plan::Plan& plan);

// Returns the kubelet --node-ip of `host`: its addresses, primary first, comma-joined.
std::string node_ip(const plan::Host& host);

// Returns the address `host` advertises its API server on: its primary-family address.
std::string advertise_address(const plan::Host& host);

} // namespace dualstack::render::kubeadm
