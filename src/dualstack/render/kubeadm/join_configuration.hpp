// JoinConfiguration of every node but the first master; masters join as control-plane nodes.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/kubeadm/api_version.hpp>
#include <dualstack/render/kubeadm/document.hpp>

namespace dualstack::render::kubeadm {

// Returns the JoinConfiguration for `host`: bootstrap-token discovery through the control plane
// endpoint, and for a master its own localAPIEndpoint (primary-family address, bind port).
Json join_configuration(const plan::Plan& plan, const plan::Host& host, const KubeadmApi& api);

} // namespace dualstack::render::kubeadm
