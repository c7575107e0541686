// IP address families and their names as used in configs, plans and JSON output.
#pragma once

#include <string>
#include <string_view>

namespace dualstack::net {

enum class Family
{
  ipv4,
  ipv6
};

// Returns "ipv4" or "ipv6", the spelling used in JSON output and findings.
constexpr std::string_view to_string(Family family)
{
  return family == Family::ipv4 ? "ipv4" : "ipv6";
}

// to_string() as a std::string, for building names ("ipv4-peers", "bgp_ipv6").
inline std::string family_string(Family family)
{
  return std::string(to_string(family));
}

// Returns "IPv4" or "IPv6", the spelling used in prose.
constexpr std::string_view display_name(Family family)
{
  return family == Family::ipv4 ? "IPv4" : "IPv6";
}

// Returns the number of bits in an address of `family` (32 or 128).
constexpr int bit_width(Family family)
{
  return family == Family::ipv4 ? 32 : 128;
}

// Returns the other family.
constexpr Family other(Family family)
{
  return family == Family::ipv4 ? Family::ipv6 : Family::ipv4;
}

} // namespace dualstack::net
