// The node-local checks of `dualstack verify --host`: one node's addresses, default routes,
// forwarding sysctls and Calico routes against the Plan.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/util/registry.hpp>
#include <dualstack/verify/host/host_state.hpp>
#include <dualstack/verify/report.hpp>

#include <string>
#include <string_view>

namespace dualstack::verify::host {

// Every host check, in report order: the typed ids of `host_checks()`.
enum class HostCheck
{
  address,
  default_route,
  forwarding,
  calico_routes,
  count_ // not a check: the number of host checks
};

// A host check's row: its key, stable id (e.g. "host-forwarding") and one-line description.
using HostCheckInfo = util::KeyedRow<HostCheck>;

// Returns every host check, in HostCheck order (for `dualstack rules` and reports).
const util::Registry<HostCheckInfo>& host_checks();

// Checks `state` (the machine of Plan host `node`) against `plan`: one result per host check,
// a finding per family that fails. `node` must name a host of the Plan.
Report check_host(const plan::Plan& plan, const plan::Host& node, const HostState& state);

// Returns the Plan host named `name`, else (when `name` is a fully qualified host name) the one
// named by its first label, else nullptr.
const plan::Host* find_node(const plan::Plan& plan, std::string_view name);

} // namespace dualstack::verify::host
