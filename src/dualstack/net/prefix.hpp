// IP prefixes (CIDR blocks): strict parsing, containment, overlap, nth address, sizes.
#pragma once

#include <dualstack/net/address.hpp>

#include <optional>
#include <vector>

namespace dualstack::net {

// A masked prefix: no host bits set below `length()`.
class Prefix
{
public:
  Prefix() = default; // 0.0.0.0/0

  // Builds a prefix; host bits of `network` must be zero and `length` within the family
  // (checked: throws std::invalid_argument, as for a bug; use `parse` or `masked` for
  // untrusted input).
  Prefix(Address network, int length);

  // Parses "ADDR/LEN" strictly. A prefix with host bits set is an error whose hint names the
  // masked form ("did you mean `10.0.0.0/8`?"). A missing "/LEN" is an error.
  static tl::expected<Prefix, ParseError> parse(std::string_view text);

  // Returns `address` with its bits below `length` cleared (`length` out of range throws
  // std::invalid_argument).
  static Prefix masked(Address address, int length);

  Family family() const
  {
    return m_network.family();
  }
  const Address& network() const
  {
    return m_network;
  }
  int length() const
  {
    return m_length;
  }
  int host_bits() const
  {
    return m_network.bit_width() - m_length;
  }

  // Returns the last address in the prefix (the IPv4 broadcast address).
  Address last() const;

  // Returns the number of addresses, saturated at 2^127 + (2^127 - 1) for /0 IPv6
  // (i.e. u128 max), so callers never overflow.
  u128 size() const;

  // Returns the address at offset `n` from the network address, or nullopt if that is past
  // last() (so an IPv6 /0 answers every `n`, even u128 max, which size() cannot exceed).
  std::optional<Address> nth(u128 n) const;

  bool contains(const Address& address) const;
  bool contains(const Prefix& other) const; // other lies wholly inside this prefix
  bool overlaps(const Prefix& other) const; // same family and they share an address

  // Prints "ADDR/LEN" with the address in RFC 5952 form.
  std::string to_string() const;

  friend auto operator<=>(const Prefix&, const Prefix&) = default;
  friend bool operator==(const Prefix&, const Prefix&) = default;

private:
  Address m_network;
  int m_length = 0;
};

// Parses "ADDR/LEN" where ADDR may have host bits set (an interface address such as
// WireGuard's `ip_gw = "172.30.153.65/26"`). Returns the address and the prefix it lies in.
struct InterfaceAddress
{
  Address address;
  Prefix prefix;
};
tl::expected<InterfaceAddress, ParseError> parse_interface_address(std::string_view text);

// Returns true for an IPv6 prefix inside global unicast space (2000::/3): routed on the
// internet, unlike unique local addresses (fc00::/7), which no router outside the site carries.
bool is_global_ipv6(const Prefix& prefix);

// Returns the prefixes that cover `prefix` except `address` (one per bit below the prefix
// length, longest last); `{prefix}` when the address lies outside it. A WireGuard client routes
// them into the tunnel and so keeps its endpoint, inside a routed subnet, outside.
std::vector<Prefix> exclude(const Prefix& prefix, const Address& address);

} // namespace dualstack::net
