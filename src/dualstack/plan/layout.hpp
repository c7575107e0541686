// Where each kind of address sits in a cluster subnet. Both families use the same offsets, so a
// host's IPv4 and IPv6 addresses end in the same number.
#pragma once

#include <cstdint>

namespace dualstack::plan::layout {

inline constexpr std::uint64_t router_offset = 1;  // OpenStack's default gateway_ip
inline constexpr std::uint64_t vip_offset = 2;     // API / gateway VIP
inline constexpr std::uint64_t gateway_offset = 3; // gateways: 3, 4, 5, ...
inline constexpr std::uint64_t gateway_slots = 7;  // room for 7 gateways before nodes start

// Returns the offset of the first k8s node: after the gateway slots (more if there are more
// gateways), so adding a gateway up to seven never moves a node.
constexpr std::uint64_t first_node_offset(std::uint64_t gateway_count)
{
  return gateway_offset + (gateway_count > gateway_slots ? gateway_count : gateway_slots);
}

// Returns how many offsets (from 0) a subnet must have to hold the layout, excluding the DHCP
// reserve at the top and the IPv4 broadcast address.
constexpr std::uint64_t offsets_needed(std::uint64_t gateway_count, std::uint64_t node_count)
{
  return first_node_offset(gateway_count) + node_count;
}

// The first WireGuard peer slot (the range's network is 0; the gateway's slot is skipped).
inline constexpr std::uint64_t first_peer_offset = 1;

} // namespace dualstack::plan::layout
