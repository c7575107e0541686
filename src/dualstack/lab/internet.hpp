// The lab's IPv6 internet as the OpenStack router's external side sees it: the internet routes no
// unique local address (RFC 4193, fc00::/7) and Neutron's router does no NAT66, so a packet from
// or to a ULA never crosses the router's external interface, and the replies to a ULA never come
// back. The router counts what it drops, so scenario 10 shows why a ULA pod gets no answer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dualstack::lab {

// The nftables table (ip6 family) of the router's ULA filter.
inline constexpr const char* internet_table = "dualstack_internet";

// Returns the router's ULA filter for its external interface `external_if`: ULA sources and
// destinations dropped (and counted) in both directions. Inbound it filters before the floating
// IPs' DNAT, outbound after their SNAT, so an address translated to a global one passes.
std::string ula_filter_ruleset(const std::string& external_if);

struct CountedDrop
{
  std::string what; // the rule's comment
  std::uint64_t packets = 0;
};

// Returns the rules of `nft -j list table ...` output `json` that carry a comment and dropped
// at least one packet, in rule order; nothing for output that is no nftables JSON.
std::vector<CountedDrop> counted_drops(const std::string& json);

// Returns the addresses in the set of `nft -j list set ...` output `json` ("" entries skipped).
std::vector<std::string> nft_set_addresses(const std::string& json);

} // namespace dualstack::lab
