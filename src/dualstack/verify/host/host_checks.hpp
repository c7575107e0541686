// The node-local checks of `dualstack verify --host`: one node's addresses, default routes,
// forwarding sysctls and Calico routes against the Plan.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/verify/host/host_state.hpp>
#include <dualstack/verify/report.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace dualstack::verify::host {

struct HostCheckInfo
{
  std::string_view id;          // stable, e.g. "host-forwarding"
  std::string_view description; // one line
};

// Returns every host check, in report order (for `dualstack rules` and reports).
const std::vector<HostCheckInfo>& host_checks();

// Returns the check with id `id`, or nullptr.
const HostCheckInfo* host_check_by_id(std::string_view id);

// Checks `state` (the machine of Plan host `node`) against `plan`: one result per host check,
// a finding per family that fails. `node` must name a host of the Plan.
Report check_host(const plan::Plan& plan, const plan::Host& node, const HostState& state);

// Returns the Plan host named `name`, else (when `name` is a fully qualified host name) the one
// named by its first label, else nullptr.
const plan::Host* find_node(const plan::Plan& plan, std::string_view name);

} // namespace dualstack::verify::host
