// The keepalived health check (/etc/keepalived/dualstack-check.sh): is this gateway ready to serve?
#pragma once

#include <dualstack/plan/plan.hpp>

#include <string>

namespace dualstack::render::gateway {

// Renders the health check of `gateway`: succeeds while BIRD (BGP), HAProxy (the API frontend
// port) and WireGuard (every endpoint's UDP port) listen in this network namespace. keepalived
// tracks it with init_fail, so a (re)starting gateway stays in FAULT, and never takes the VIPs,
// until it can serve them. It checks sockets, not pid files or control sockets, so it depends on
// no path and works the same in a network namespace.
std::string check_script(const plan::Plan& plan, const plan::Host& gateway);

} // namespace dualstack::render::gateway
