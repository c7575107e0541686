// The keepalived notify hook (/etc/keepalived/dualstack-notify.sh): fresh WireGuard sessions.
#pragma once

#include <dualstack/plan/plan.hpp>

#include <string>

namespace dualstack::render::gateway {

// Renders the notify hook of `gateway`, called as `dualstack-notify.sh MASTER|BACKUP|FAULT`.
// On every state change it drops all sessions of the gateway's WireGuard interfaces (found by
// the Plan's listen ports, so it names no interface); on MASTER it then turns on persistent
// keepalives for every peer with a known endpoint, which starts a handshake at once. All gateways
// share the key, so without this a client's session with the old master blackholes for >10 s.
std::string notify_script(const plan::Plan& plan, const plan::Host& gateway);

} // namespace dualstack::render::gateway
