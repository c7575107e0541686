// The interface role: before anything changes, every host is checked for the NIC the Plan names
// on the cluster subnet (`dualstack_interface`, a group variable of the inventory from
// `[terraform] gateway_interface` / `node_interface`). A cloud image that names it otherwise
// (ens3 for eth0) stops the deploy with the names the host has and the key to set.
#pragma once

#include <dualstack/plan/plan.hpp>

#include <string>

namespace dualstack::render::ansible {

// Render roles/interface/tasks/main.yml.
std::string interface_tasks(const plan::Plan& plan);

} // namespace dualstack::render::ansible
