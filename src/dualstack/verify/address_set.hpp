// AddressSet: which object first used each address, for uniqueness checks over 100k+ objects.
#pragma once

#include <dualstack/net/address.hpp>

#include <cstdint>
#include <optional>
#include <unordered_map>

namespace dualstack::verify {

class AddressSet
{
public:
  // Records that object `owner` uses `address`. Returns the earlier owner if the address was
  // already used, else nullopt.
  std::optional<std::uint32_t> insert(const net::Address& address, std::uint32_t owner);

  void reserve(std::size_t count) { m_owners.reserve(count); }
  std::size_t size() const { return m_owners.size(); }

private:
  struct Hash
  {
    std::size_t operator()(const net::Address& address) const;
  };
  std::unordered_map<net::Address, std::uint32_t, Hash> m_owners;
};

} // namespace dualstack::verify
