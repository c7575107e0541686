// AddressSet: which object first used each address, for uniqueness checks over 100k+ objects.
#pragma once

#include <dualstack/net/address.hpp>
#include <dualstack/util/zeroed_array.hpp>

#include <cstdint>
#include <optional>

namespace dualstack::verify {

// An open-addressing hash map from address to owner index (linear probing, at most half
// full): one allocation of zeroed (huge) pages, no per-entry nodes.
class AddressSet
{
public:
  // Records that object `owner` uses `address`. Returns the earlier owner if the address was
  // already used, else nullopt.
  std::optional<std::uint32_t> insert(const net::Address& address, std::uint32_t owner);

  // Sizes the table for `count` addresses at once (no rehash until then).
  void reserve(std::size_t count);

  std::size_t size() const { return m_size; }

private:
  // 24 bytes (the address as two halves, not a 16-byte aligned u128): a third more slots
  // per cache line than 32.
  struct Slot
  {
    std::uint64_t low = 0;
    std::uint64_t high = 0;
    std::uint32_t owner = 0;
    std::uint8_t family = 0;
    bool used = false;
  };

  void rehash(std::size_t slots);

  util::ZeroedArray<Slot> m_slots; // all-zero bytes are an empty Slot
  std::size_t m_size = 0;
};

} // namespace dualstack::verify
