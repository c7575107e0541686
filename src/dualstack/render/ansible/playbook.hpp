// The rendered playbook: site.yml (the plays in order, with their tags) and ansible-lint's
// config beside it.
#pragma once

#include <dualstack/plan/plan.hpp>

#include <string>

namespace dualstack::render::ansible {

// Renders ansible/site.yml: inputs checked, gateways one at a time (backups first), node network,
// Kubernetes prerequisites, kubeadm init, control-plane joins one at a time, worker joins, then
// kube-dns (dual-stack only), Calico and verify on the first control-plane node.
std::string site(const plan::Plan& plan);

// Renders ansible/.ansible-lint: the production profile, offline.
std::string lint_config(const plan::Plan& plan);

} // namespace dualstack::render::ansible
