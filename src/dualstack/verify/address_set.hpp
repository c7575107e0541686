// AddressSet: which object first used each address, for uniqueness checks over 100k+ objects.
#pragma once

#include <dualstack/net/address.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace dualstack::verify {

// An open-addressing hash map from address to owner index (linear probing, at most half
// full): one allocation, no per-entry nodes.
class AddressSet
{
public:
  // Records that object `owner` uses `address`. Returns the earlier owner if the address was
  // already used, else nullopt.
  std::optional<std::uint32_t> insert(const net::Address& address, std::uint32_t owner);

  std::size_t size() const { return m_size; }

private:
  struct Slot
  {
    net::u128 value = 0;
    std::uint32_t owner = 0;
    std::uint8_t family = 0;
    bool used = false;
  };

  void grow();

  std::vector<Slot> m_slots;
  std::size_t m_size = 0;
};

} // namespace dualstack::verify
