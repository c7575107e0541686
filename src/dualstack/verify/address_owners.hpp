// AddressOwners: which objects use each address, for uniqueness checks over 100k+ objects.
#pragma once

#include <dualstack/net/address.hpp>

#include <cstdint>
#include <vector>

namespace dualstack::verify {

// Uses are appended as the objects stream in and sorted once at the end: sequential writes and
// one sort of a few MB beat a hash table's random probes into tens of MB (and zeroing it).
class AddressOwners
{
public:
  // Sizes the list for `count` uses at once.
  void reserve(std::size_t count)
  {
    m_uses.reserve(count);
  }

  // Records that object `owner` uses `address` (owners count up from 0 as objects arrive).
  void add(const net::Address& address, std::uint32_t owner);

  // A use of an address that a lower owner used first.
  struct Clash
  {
    std::uint32_t owner;
    std::uint32_t first_owner; // the lowest owner of the address
    net::Address address;
  };

  // Returns every clash, by owner, and for one owner in the order its addresses were added
  // (sorts the uses in place: call it once, after the last add).
  std::vector<Clash> clashes();

  std::size_t size() const
  {
    return m_uses.size();
  }

private:
  // 24 bytes: the list of 300,000 pod IPs stays under 8 MB.
  struct Use
  {
    std::uint64_t high;
    std::uint64_t low;
    std::uint32_t owner;
    std::uint32_t order_family; // position among all uses (to keep an owner's addresses in
                                // their order) << 1 | 1 for IPv6
  };

  std::vector<Use> m_uses;
};

} // namespace dualstack::verify
