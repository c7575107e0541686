// calico/README.md: which of the two rendered install modes to apply, and in what order.
#pragma once

#include <dualstack/plan/plan.hpp>

#include <string>

namespace dualstack::render::calico {

// Returns the README for the calico/ folder: the Plan's install mode first (the one to apply),
// each mode's steps in order, and what IPv6-only clusters get for a BGP router id.
std::string readme(const plan::Plan& plan);

} // namespace dualstack::render::calico
