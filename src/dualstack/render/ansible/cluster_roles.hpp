// The cluster roles, run on the first control-plane node (or the joining nodes): control_plane
// (kubeadm init and the join secrets), join (kubeadm join), kube_dns (dual-stack kube-dns),
// calico (per install mode) and verify (the in-cluster verify Job).
#pragma once

#include <dualstack/plan/plan.hpp>

#include <string>

namespace dualstack::render::ansible {

// Renders roles/control_plane/tasks/main.yml: kubeadm init --upload-certs on the first master
// (skipped once /etc/kubernetes/admin.conf exists), and for every node still to join a bootstrap
// token, the certificate key of uploaded control-plane certificates and the CA hash, none logged.
std::string control_plane_tasks(const plan::Plan& plan);

// Renders roles/join/tasks/main.yml: the node's rendered kubeadm config with the secrets filled
// in (0600, no_log), kubeadm join (skipped once /etc/kubernetes/kubelet.conf exists).
std::string join_tasks(const plan::Plan& plan);

// Renders roles/kube_dns/tasks/main.yml (dual-stack Plans only): the rendered kube-dns patch.
std::string kube_dns_tasks(const plan::Plan& plan);

// Renders roles/calico/tasks/main.yml for the Plan's install mode: the release's CRDs and
// operator (or manifest) from dualstack_calico_release_dir, the Plan's Calico objects, the route
// reflectors' label and cluster id.
std::string calico_tasks(const plan::Plan& plan);

// Renders roles/verify/{tasks,handlers}/main.yml: the rendered verify manifests with the
// cluster's config.toml, waiting for the Job and failing with its findings.
std::string verify_tasks(const plan::Plan& plan);
std::string verify_handlers(const plan::Plan& plan);

} // namespace dualstack::render::ansible
