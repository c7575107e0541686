// The gateways' sysctl drop-in (/etc/sysctl.d/90-dualstack.conf).
#pragma once

#include <dualstack/plan/plan.hpp>

#include <string>

namespace dualstack::render::gateway {

// Renders `gateway`'s sysctl drop-in, per enabled family: forwarding on, ip_nonlocal_bind on
// (what lets BIRD and HAProxy use the VIP while not holding it), and for IPv6 accept_ra = 2 on
// the cluster interface, since forwarding would otherwise make the kernel ignore router
// advertisements and drop the RA-learned default route.
std::string sysctl_config(const plan::Plan& plan, const plan::Host& gateway);

} // namespace dualstack::render::gateway
