// A Plan seen through some of its families only: what a dual-stack config says about the family
// a single-stack cluster already has, so the two can be compared value by value.
#pragma once

#include <dualstack/plan/plan.hpp>

#include <vector>

namespace dualstack::migrate {

// Returns `plan` with everything of the families outside `families` removed: networks, host
// addresses, WireGuard ranges and peer addresses, BGP sessions, VRRP instances, VIPs among the
// API certificate SANs. Capacity (derived) is dropped, and the IPv6 subnet modes when IPv6 is not
// in `families`. `families` must be a subset of the Plan's, in the order wanted.
plan::Plan restrict_to(const plan::Plan& plan, const std::vector<net::Family>& families);

} // namespace dualstack::migrate
