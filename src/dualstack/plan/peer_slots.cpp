// Stable WireGuard peer slots.
#include <dualstack/plan/peer_slots.hpp>

#include <dualstack/plan/layout.hpp>

#include <algorithm>
#include <set>

namespace dualstack::plan {

std::uint64_t peer_slot_count(net::Family family, int host_bits)
{
  if (host_bits >= 62) {
    return std::uint64_t{ 1 } << 62;
  }
  const std::uint64_t size = std::uint64_t{ 1 } << host_bits;
  const std::uint64_t reserved = family == net::Family::ipv4 ? 3 : 2; // network, gateway, broadcast
  return size > reserved ? size - reserved : 0;
}

namespace {

// Returns the offset of `address` in `range`, or nullopt if it lies outside.
std::optional<std::uint64_t> offset_in(const std::optional<net::Prefix>& range,
                                       const std::optional<net::Address>& address)
{
  if (!range || !address || !range->contains(*address)) {
    return std::nullopt;
  }
  return static_cast<std::uint64_t>(address->value() - range->network().value());
}

} // namespace

std::vector<PeerSlot> assign_peer_slots(const config::Config& config)
{
  std::vector<PeerSlot> slots(config.wireguard_peers.size());
  std::vector<bool> settled(slots.size(), false);
  std::set<std::uint64_t> taken;
  const config::WireguardEndpoint* first =
    config.wireguard_endpoints.empty() ? nullptr : &config.wireguard_endpoints.front();
  if (first) {
    // The gateway's own address is never a peer slot.
    if (first->ip_gw.value) {
      if (auto gw = offset_in(first->ip_cidr.value, first->ip_gw.value->address))
        taken.insert(*gw);
    }
    if (first->ipv6_gw.value) {
      if (auto gw = offset_in(first->ipv6_cidr.value, first->ipv6_gw.value->address))
        taken.insert(*gw);
    }
  }
  // The highest slot that is a host address in every enabled range (IPv4 broadcast excluded).
  std::uint64_t max_slot = UINT64_MAX;
  for (const auto& e : config.wireguard_endpoints) {
    if (!e.enabled)
      continue;
    for (const auto* range : { &e.ip_cidr.value, &e.ipv6_cidr.value }) {
      if (!*range)
        continue;
      const bool v4 = (*range)->family() == net::Family::ipv4;
      if ((v4 && !config.ipv4_enabled.value) || (!v4 && !config.ipv6_enabled.value))
        continue;
      const int bits = (*range)->host_bits();
      const std::uint64_t top = bits >= 63 ? UINT64_MAX / 2 : (std::uint64_t{ 1 } << bits) - 1;
      max_slot = std::min(max_slot, v4 ? top - 1 : top);
    }
  }
  // Pinned peers first, then recorded ones, then new ones in file order.
  for (std::size_t i = 0; i < slots.size() && first; ++i) {
    const auto& peer = config.wireguard_peers[i];
    auto pinned = offset_in(first->ip_cidr.value, peer.ip.value);
    if (!pinned)
      pinned = offset_in(first->ipv6_cidr.value, peer.ipv6.value);
    if (pinned) {
      slots[i] = { *pinned, PeerSlot::Source::pinned };
      settled[i] = true;
      taken.insert(*pinned);
    }
  }
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (settled[i])
      continue;
    auto it = config.peer_state.find(config.wireguard_peers[i].ident.value);
    if (it != config.peer_state.end() && it->second >= layout::first_peer_offset &&
        it->second <= max_slot && taken.count(it->second) == 0) {
      slots[i] = { it->second, PeerSlot::Source::recorded };
      settled[i] = true;
      taken.insert(it->second);
    }
  }
  std::uint64_t next = layout::first_peer_offset;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (settled[i])
      continue;
    while (next == 0 || taken.count(next) > 0)
      ++next;
    slots[i] = { next, PeerSlot::Source::allocated };
    taken.insert(next);
  }
  return slots;
}

} // namespace dualstack::plan
