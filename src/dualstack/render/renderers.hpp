// Every renderer: Plan (+ secrets) -> artifacts. Renderers read only the Plan; none derives an
// address, prefix or port of its own.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/artifact.hpp>
#include <dualstack/render/secrets.hpp>

namespace dualstack::render {

// terraform/main.tf.json (OpenStack provider, JSON syntax).
Artifacts render_terraform(const plan::Plan& plan);

// kubeadm Init/Join/ClusterConfiguration, KubeletConfiguration, KubeProxyConfiguration per node.
Artifacts render_kubeadm(const plan::Plan& plan);

// Calico: operator Installation, manifest-mode CNI conflist + calico-node env, IPPools,
// BGPConfiguration, BGPPeers.
Artifacts render_calico(const plan::Plan& plan);

// dns/api.zone and dns/hosts: A and AAAA records of a DNS-name API endpoint (none otherwise).
Artifacts render_api_dns(const plan::Plan& plan);

// kubeadm/kube-dns-service-patch.yaml (dual-stack only): kube-dns gets a ClusterIP of each family.
Artifacts render_kube_dns(const plan::Plan& plan);

// nodes/<node>/: each k8s node's sysctl drop-in (forwarding per family, accept_ra = 2 on its
// interface) and modules-load list (br_netfilter, overlay).
Artifacts render_nodes(const plan::Plan& plan);

// Gateways: WireGuard (server + client configs), BIRD 2, keepalived, HAProxy, nftables, sysctl.
Artifacts render_gateways(const plan::Plan& plan, const Secrets& secrets);

// In-cluster verify: Namespace, least-privilege RBAC, a Job (`verify --in-cluster`) and a
// DaemonSet (`verify --host` on every node), with verify/README.md.
Artifacts render_verify(const plan::Plan& plan);

// ansible/: inventory (addresses from `tofu output -json`), site.yml and its roles, which lay down
// every gateway and node file of MANIFEST.json, run kubeadm, Calico and the in-cluster verify.
Artifacts render_ansible(const plan::Plan& plan);

} // namespace dualstack::render
