// InitConfiguration of the first master: its node registration, API endpoint and bootstrap token.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/kubeadm/api_version.hpp>
#include <dualstack/render/kubeadm/document.hpp>

namespace dualstack::render::kubeadm {

// Returns the InitConfiguration for `first_master`: advertiseAddress is its primary-family
// address, bindPort the Plan's kube-apiserver port. The bootstrap token and (with more than one
// master) the certificate key are placeholders shared with the join files.
Json init_configuration(const plan::Plan& plan,
                        const plan::Host& first_master,
                        const KubeadmApi& api);

} // namespace dualstack::render::kubeadm
