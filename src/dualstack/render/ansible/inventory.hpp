// The rendered Ansible inventory: every host of the Plan in groups gateways, masters, workers
// (children of k8s_nodes), reached at the addresses of `tofu output -json`.
#pragma once

#include <dualstack/plan/plan.hpp>

#include <string>
#include <vector>

namespace dualstack::render::ansible {

// Returns the gateways in the order the gateway play reconfigures them: ascending VRRP priority
// (backups first, the VRRP master last), ties in Plan order.
std::vector<const plan::Host*> gateway_rollout_order(const plan::Plan& plan);

// Returns the render-tree folder of `host`'s files ("gateways/<name>" or "nodes/<name>").
std::string host_dir(const plan::Host& host);

// Renders ansible/inventory.yml: groups, per-host folders of the render tree and VRRP
// priorities, and ansible_host read from terraform-output.json at run time (gateways at their
// floating IPv4, or their IPv6 address in an IPv6-only cluster; nodes at their primary address
// through a gateway as SSH jump host).
std::string inventory(const plan::Plan& plan);

} // namespace dualstack::render::ansible
