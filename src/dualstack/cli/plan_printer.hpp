// Prints a Plan as readable tables.
#pragma once

#include <dualstack/plan/plan.hpp>

#include <ostream>

namespace dualstack::cli {

// Prints networks per family, hosts, API endpoint, WireGuard, BGP, VRRP and capacity.
void print_plan_text(std::ostream& out, const plan::Plan& plan);

} // namespace dualstack::cli
