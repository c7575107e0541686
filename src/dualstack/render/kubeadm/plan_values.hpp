// The Plan's values in the spelling kubeadm and its components want: comma-joined lists in
// primary-family order, and the bootstrap placeholders that stand in for secrets.
#pragma once

#include <dualstack/plan/plan.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace dualstack::render::kubeadm {

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
