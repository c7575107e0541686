// The gateways' keepalived config (/etc/keepalived/keepalived.conf): VRRP for the VIPs.
#pragma once

#include <dualstack/plan/plan.hpp>

#include <string>

namespace dualstack::render::gateway {

// Renders `gateway`'s keepalived.conf: VRRPv3 (fractional advert_int), one vrrp_instance per
// family (names, router id, priorities from the Plan) tied by the Plan's vrrp_sync_group when
// there are two, unicast from the gateway's own address to the other gateways, `state BACKUP` +
// preempt_delay, the health check script as init_fail tracker, and the notify hook on every
// state change (on the sync group, or on the only instance).
std::string keepalived_config(const plan::Plan& plan, const plan::Host& gateway);

} // namespace dualstack::render::gateway
