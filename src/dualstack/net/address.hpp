// IPv4 and IPv6 addresses: strict parsing, RFC 5952 printing, 128-bit safe arithmetic.
#pragma once

#include <dualstack/net/family.hpp>

#include <tl/expected.hpp>

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace dualstack::net {

// __extension__: GCC and clang have 128-bit integers, ISO C++ does not (-Wpedantic).
__extension__ typedef unsigned __int128 u128;

// Why a string is not an address or prefix, with a hint a person can act on.
struct ParseError
{
  std::string message; // e.g. "IPv4 octet `010` has a leading zero"
  std::string hint;    // e.g. "write `10`" or "did you mean `fd00::/120`?"; may be empty
};

// An IPv4 or IPv6 address. IPv4 values live in the low 32 bits of `value()`.
class Address
{
public:
  Address() = default; // 0.0.0.0
  // Builds an address of `family` from `value`; throws std::invalid_argument (a bug, not bad
  // input) if an IPv4 `value` does not fit in 32 bits.
  Address(Family family, u128 value);

  // Parses `text` strictly: dotted quad without leading zeros (IPv4) or RFC 4291 text (IPv6,
  // embedded IPv4 tail allowed), no zone ids, no brackets, no surrounding spaces.
  static tl::expected<Address, ParseError> parse(std::string_view text);
  static Address v4(std::uint32_t value);
  static Address v6(u128 value);

  Family family() const
  {
    return m_family;
  }
  u128 value() const
  {
    return m_value;
  }
  int bit_width() const
  {
    return net::bit_width(m_family);
  }

  // Returns the address `offset` above this one, or an unexpected value if that wraps past the
  // top of the family's space.
  tl::expected<Address, ParseError> plus(u128 offset) const;

  // Prints IPv4 as dotted quad and IPv6 per RFC 5952 (lowercase, longest zero run of two or
  // more groups compressed, first one on ties, IPv4-mapped as ::ffff:a.b.c.d).
  std::string to_string() const;

  // Ordered by family (IPv4 first), then value.
  friend auto operator<=>(const Address&, const Address&) = default;
  friend bool operator==(const Address&, const Address&) = default;

private:
  Family m_family = Family::ipv4;
  u128 m_value = 0;
};

} // namespace dualstack::net
