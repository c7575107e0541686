// AddressSet: a hash map from address to first owner.
#include <dualstack/verify/address_set.hpp>

namespace dualstack::verify {

std::size_t AddressSet::Hash::operator()(const net::Address& address) const
{
  const auto value = address.value();
  std::uint64_t h = static_cast<std::uint64_t>(value) ^
                    (static_cast<std::uint64_t>(value >> 64) * 0x9e3779b97f4a7c15ULL);
  h ^= static_cast<std::uint64_t>(address.family());
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return static_cast<std::size_t>(h);
}

std::optional<std::uint32_t> AddressSet::insert(const net::Address& address, std::uint32_t owner)
{
  const auto [it, added] = m_owners.try_emplace(address, owner);
  if (added) {
    return std::nullopt;
  }
  return it->second;
}

} // namespace dualstack::verify
