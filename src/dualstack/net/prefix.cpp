// IP prefixes (CIDR blocks): strict parsing, containment, overlap, nth address, sizes.
#include <dualstack/net/detail.hpp>
#include <dualstack/net/prefix.hpp>

#include <algorithm>
#include <stdexcept>

namespace dualstack::net {

namespace {

using detail::quote;

tl::unexpected<ParseError> prefix_error(std::string message, std::string hint)
{
  return tl::unexpected(ParseError{ std::move(message), std::move(hint) });
}

// Returns the bits of an address of `family` below a prefix of `length`.
u128 host_mask(Family family, int length)
{
  return detail::low_bits(bit_width(family) - length);
}

void check_length(Family family, int length)
{
  if (length < 0 || length > bit_width(family)) {
    throw std::invalid_argument("prefix length " + std::to_string(length) +
                                " is out of range for " + std::string(display_name(family)));
  }
}

struct Parts
{
  Address address;
  int length = 0;
};

// What parse_parts calls its input and what it suggests.
struct Wording
{
  std::string_view noun;    // "prefix", "interface address"
  std::string_view example; // a valid input of each family, for hints
  int example_length_v4;    // the length suggested when "/LEN" is missing
  int example_length_v6;
};

constexpr Wording prefix_wording{ "prefix", "`10.0.0.0/8` or `fd00::/64`", 32, 128 };
constexpr Wording interface_wording{ "interface address", "`10.0.0.1/24` or `fd00::1/64`", 24, 64 };

// Splits "ADDR/LEN" and parses both halves.
tl::expected<Parts, ParseError> parse_parts(std::string_view text, const Wording& wording)
{
  const std::string noun_text(wording.noun);
  if (auto error = detail::check_blank(text, wording.noun, wording.example)) {
    return tl::unexpected(*error);
  }
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    auto address = Address::parse(text);
    if (!address) {
      return tl::unexpected(address.error());
    }
    const int length =
      address->family() == Family::ipv4 ? wording.example_length_v4 : wording.example_length_v6;
    return prefix_error(noun_text + " " + quote(text) + " has no prefix length",
                        "add the prefix length, e.g. " +
                          quote(std::string(text) + "/" + std::to_string(length)));
  }
  if (text.find('/', slash + 1) != std::string_view::npos) {
    return prefix_error(noun_text + " " + quote(text) + " has more than one `/`",
                        "write one address and one length, e.g. `10.0.0.0/8`");
  }
  auto address = Address::parse(text.substr(0, slash));
  if (!address) {
    return tl::unexpected(address.error());
  }
  const int max = address->bit_width();
  const auto range = "write a length from 0 to " + std::to_string(max);
  const auto digits = text.substr(slash + 1);
  if (digits.empty()) {
    return prefix_error(noun_text + " " + quote(text) + " has an empty prefix length", range);
  }
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return prefix_error("prefix length " + quote(digits) + " is not a decimal number", range);
  }
  const auto nonzero = digits.find_first_not_of('0');
  const auto significant =
    nonzero == std::string_view::npos ? digits.substr(digits.size() - 1) : digits.substr(nonzero);
  int length = 0;
  for (const char c : significant.substr(0, 4)) {
    length = length * 10 + (c - '0');
  }
  if (significant.size() > 3 || length > max) {
    return prefix_error("prefix length " + quote(digits) + " is greater than " +
                          std::to_string(max) + " for " +
                          std::string(display_name(address->family())),
                        range);
  }
  if (significant.size() != digits.size()) {
    return prefix_error("prefix length " + quote(digits) + " has a leading zero",
                        "write " + quote(significant));
  }
  return Parts{ *address, length };
}

} // namespace

Prefix::Prefix(Address network, int length)
  : m_network(network)
  , m_length(length)
{
  check_length(network.family(), length);
  if ((network.value() & host_mask(network.family(), length)) != 0) {
    throw std::invalid_argument("prefix " + network.to_string() + "/" + std::to_string(length) +
                                " has host bits set");
  }
}

tl::expected<Prefix, ParseError> Prefix::parse(std::string_view text)
{
  const auto parts = parse_parts(text, prefix_wording);
  if (!parts) {
    return tl::unexpected(parts.error());
  }
  const auto prefix = masked(parts->address, parts->length);
  if (prefix.network() != parts->address) {
    return prefix_error("prefix " + quote(text) + " has host bits set",
                        "did you mean " + quote(prefix.to_string()) + "?");
  }
  return prefix;
}

Prefix Prefix::masked(Address address, int length)
{
  check_length(address.family(), length);
  const u128 network = address.value() & ~host_mask(address.family(), length);
  return Prefix(Address(address.family(), network), length);
}

Address Prefix::last() const
{
  return Address(family(), m_network.value() | host_mask(family(), m_length));
}

u128 Prefix::size() const
{
  const int bits = host_bits();
  return bits >= 128 ? ~u128{ 0 } : u128{ 1 } << bits;
}

std::optional<Address> Prefix::nth(u128 n) const
{
  // Compare with the host mask rather than size(): the saturated size of an IPv6 /0 would
  // otherwise hide its last address.
  if (n > host_mask(family(), m_length)) {
    return std::nullopt;
  }
  return Address(family(), m_network.value() + n);
}

bool Prefix::contains(const Address& address) const
{
  return address.family() == family() &&
         (address.value() & ~host_mask(family(), m_length)) == m_network.value();
}

bool Prefix::contains(const Prefix& other) const
{
  return other.m_length >= m_length && contains(other.m_network);
}

bool Prefix::overlaps(const Prefix& other) const
{
  // Prefixes are nested or disjoint, never partly overlapping.
  return contains(other) || other.contains(*this);
}

std::string Prefix::to_string() const
{
  return m_network.to_string() + "/" + std::to_string(m_length);
}

tl::expected<InterfaceAddress, ParseError> parse_interface_address(std::string_view text)
{
  const auto parts = parse_parts(text, interface_wording);
  if (!parts) {
    return tl::unexpected(parts.error());
  }
  return InterfaceAddress{ parts->address, Prefix::masked(parts->address, parts->length) };
}

bool is_global_ipv6(const Prefix& prefix)
{
  static const Prefix global = *Prefix::parse("2000::/3");
  return global.contains(prefix);
}

std::vector<Prefix> exclude(const Prefix& prefix, const Address& address)
{
  if (!prefix.contains(address))
    return { prefix };
  std::vector<Prefix> out;
  const int width = address.bit_width();
  for (int length = prefix.length() + 1; length <= width; ++length) {
    const u128 flip = u128(1) << (width - length);
    out.push_back(Prefix::masked(Address(address.family(), address.value() ^ flip), length));
  }
  return out;
}

} // namespace dualstack::net
