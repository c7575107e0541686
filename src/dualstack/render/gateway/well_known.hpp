// Protocol constants the gateway configs use: fixed by standards, not by the cluster's Plan.
#pragma once

namespace dualstack::render::gateway::well_known {

inline constexpr int bgp_port = 179;           // RFC 4271: BIRD listens here for nodes and gateways
inline constexpr int vrrp_protocol = 112;      // RFC 5798: IP protocol number of VRRP (v4 and v6)
inline constexpr int ssh_port = 22;            // the operator's way in (kept open by the firewall)
inline constexpr int dhcpv6_client_port = 546; // RFC 8415: DHCPv6 replies to the gateway itself

// The VRRP master's routing table for WireGuard's own packets (default route with the VIP as
// source) and the priority of the `ip rule` that selects it by UDP source port.
inline constexpr int wireguard_source_table = 7377;
inline constexpr int wireguard_source_rule_pref = 7377;

// UDP port of dualstack-endpoint-sync between the gateways (their own addresses).
inline constexpr int endpoint_sync_port = 7378;

} // namespace dualstack::render::gateway::well_known
