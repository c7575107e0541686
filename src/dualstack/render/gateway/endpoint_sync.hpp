// dualstack-endpoint-sync: the VRRP master shares its WireGuard peers' endpoints with the
// backups, so a new master can handshake a roaming peer (a laptop behind NAT) at once.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/secrets.hpp>

#include <string>

namespace dualstack::render::gateway {

// How often the master reads its endpoints, how often it sends them unchanged, and how far a
// message's clock may be off before a receiver drops it.
inline constexpr double endpoint_sync_poll_s = 0.5;
inline constexpr double endpoint_sync_refresh_s = 1.0;
inline constexpr double endpoint_sync_max_skew_s = 30.0;

// Returns the daemon (Python 3, which every Ansible-managed host has; stdlib only).
std::string endpoint_sync_program();

// Returns `gateway`'s config (JSON): its own address to listen on (the primary family), the
// other gateways, the VIPs that mean "master", the WireGuard listen ports, the key file.
std::string endpoint_sync_config(const plan::Plan& plan, const plan::Host& gateway);

// Returns the message key (base64, 32 bytes): derived with libsodium's KDF from the first
// WireGuard endpoint's private key, which every gateway holds already, so re-renders are
// byte-identical and no new secret has to be stored. Empty when the Plan has no endpoint.
std::string endpoint_sync_key(const plan::Plan& plan, const Secrets& secrets);

// Returns the systemd unit that runs the daemon.
std::string endpoint_sync_unit(const plan::Plan& plan, const plan::Host& gateway);

} // namespace dualstack::render::gateway
