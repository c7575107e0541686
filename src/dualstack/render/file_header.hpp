// The comment block every rendered cluster file (Calico, verify, ansible) starts with, and the
// cluster shape it names.
#pragma once

#include <dualstack/plan/plan.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace dualstack::render {

// Returns the Plan's family shape: "dual-stack, IPv4 primary", "IPv4-only", "IPv6-only", ...
std::string cluster_shape(const plan::Plan& plan);

// Returns the comment lines for a file holding `what`, applied with `apply` (a command line).
std::vector<std::string> file_header(const plan::Plan& plan,
                                     std::string_view what,
                                     std::string_view apply);

} // namespace dualstack::render
