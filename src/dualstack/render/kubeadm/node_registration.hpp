// nodeRegistration, shared by Init- and JoinConfiguration: the node name and kubelet --node-ip.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/kubeadm/api_version.hpp>
#include <dualstack/render/kubeadm/document.hpp>

namespace dualstack::render::kubeadm {

// Returns the nodeRegistration object of `host`; node-ip carries one address per family, primary
// first, so the kubelet reports both (otherwise it reports only the first match, usually IPv4).
Json node_registration(const plan::Host& host, const KubeadmApi& api);

} // namespace dualstack::render::kubeadm
