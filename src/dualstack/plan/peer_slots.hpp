// Stable WireGuard peer slots: the offset of each peer's address in every endpoint range.
#pragma once

#include <dualstack/config/config.hpp>

#include <cstdint>
#include <vector>

namespace dualstack::plan {

struct PeerSlot
{
  std::uint64_t offset = 0;
  enum class Source
  {
    pinned,
    recorded,
    allocated
  } source = Source::allocated;
};

// Returns one slot per `config.wireguard_peers` entry (same order). A peer with `ip` or `ipv6`
// keeps the offset of that address in endpoint 0's range; a peer recorded in the IPAM state
// file keeps its recorded slot; any other peer gets the lowest free slot, in file order. So once
// `render` has recorded the slots, adding or removing a peer never moves another. Assumes the
// rules passed (ranges valid, capacity enough).
std::vector<PeerSlot> assign_peer_slots(const config::Config& config);

// Returns the number of peer slots in a range of `host_bits` host bits for `family` (network,
// gateway and, for IPv4, broadcast excluded), saturated at 2^62.
std::uint64_t peer_slot_count(net::Family family, int host_bits);

} // namespace dualstack::plan
