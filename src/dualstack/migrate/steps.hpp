// The step builders of a family-adding migration, one group per layer, and what they share.
#pragma once

#include <dualstack/migrate/step.hpp>
#include <dualstack/plan/plan.hpp>
#include <dualstack/render/artifact.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace dualstack::migrate {

// What every step builder reads: both Plans and the files migrate writes.
struct StepContext
{
  const plan::Plan& old_plan;
  const plan::Plan& new_plan;
  const render::Artifacts& artifacts; // the new Plan's rendered files and migrate's own
  net::Family added;                  // the family the migration adds
};

// Returns the file at `path` of `artifacts` as a StepFile; a missing one is a bug (throws).
StepFile file_at(const render::Artifacts& artifacts, std::string_view path);

// Returns every file of `artifacts` that belongs on `host`.
std::vector<StepFile> files_of_host(const render::Artifacts& artifacts, const std::string& host);

// Returns the path of the kubeadm file migrate renders for master `host` (InitConfiguration of
// that master, ClusterConfiguration, KubeletConfiguration).
std::string control_plane_file(const std::string& host);

// Returns "IPv6" (the added family) for prose.
std::string added_name(const StepContext& ctx);

// Terraform: the new family's subnet and router interface; then every port's new address.
std::vector<Step> network_steps(const StepContext& ctx);

// The nodes' sysctl drop-in (forwarding of the new family, router advertisements kept), one
// step per node.
std::vector<Step> node_network_steps(const StepContext& ctx);

// One step per gateway, backups (lowest VRRP priority) first, the master last; then the
// WireGuard clients' new configs; then, for a DNS-name API endpoint, its record of the new family.
std::vector<Step> gateway_steps(const StepContext& ctx);

// kubeadm-config and kubelet-config, one step per master (API certificate, kube-apiserver and
// kube-controller-manager with both ranges), the ServiceCIDR, kube-dns.
std::vector<Step> control_plane_steps(const StepContext& ctx);

// kubelet --node-ip, one step per node.
std::vector<Step> node_ip_steps(const StepContext& ctx);

// kube-proxy clusterCIDR, then Calico (the new pool, FELIX_IPV6SUPPORT, BGP peers).
std::vector<Step> dataplane_steps(const StepContext& ctx);

// Drain, delete and re-register each node (its podCIDRs are immutable), workers first; then
// the workloads and Services that should gain the family.
std::vector<Step> node_cidr_steps(const StepContext& ctx);

} // namespace dualstack::migrate
