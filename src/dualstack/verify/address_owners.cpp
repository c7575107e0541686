// AddressOwners: append, then one sort by address finds every address used more than once.
#include <dualstack/verify/address_owners.hpp>

#include <algorithm>
#include <tuple>
#include <utility>

namespace dualstack::verify {

void AddressOwners::add(const net::Address& address, std::uint32_t owner)
{
  const auto order = static_cast<std::uint32_t>(m_uses.size());
  m_uses.push_back(Use{ static_cast<std::uint64_t>(address.value() >> 64),
                        static_cast<std::uint64_t>(address.value()),
                        owner,
                        order << 1 | (address.family() == net::Family::ipv6 ? 1u : 0u) });
}

std::vector<AddressOwners::Clash> AddressOwners::clashes()
{
  std::vector<Use>& sorted = m_uses;
  const auto key = [](const Use& u) {
    return std::make_tuple(u.order_family & 1, u.high, u.low, u.order_family >> 1);
  };
  std::sort(
    sorted.begin(), sorted.end(), [&](const Use& a, const Use& b) { return key(a) < key(b); });
  const auto same = [](const Use& a, const Use& b) {
    return ((a.order_family ^ b.order_family) & 1) == 0 && a.high == b.high && a.low == b.low;
  };
  // Every use after the first of its address, with its position so they can go back in order.
  std::vector<std::pair<std::uint32_t, Clash>> later;
  std::size_t first = 0; // the first (lowest order, so lowest owner) use of the current address
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    if (!same(sorted[i], sorted[first])) {
      first = i;
      continue;
    }
    const Use& u = sorted[i];
    const auto value = static_cast<net::u128>(u.high) << 64 | u.low;
    const net::Family family = (u.order_family & 1) != 0 ? net::Family::ipv6 : net::Family::ipv4;
    later.push_back(
      { u.order_family >> 1, Clash{ u.owner, sorted[first].owner, net::Address(family, value) } });
  }
  std::sort(
    later.begin(), later.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Clash> out;
  out.reserve(later.size());
  for (const auto& entry : later) {
    out.push_back(entry.second);
  }
  return out;
}

} // namespace dualstack::verify
