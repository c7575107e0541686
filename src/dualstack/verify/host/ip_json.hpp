// Parsing the JSON that iproute2 prints with `ip -j addr show` and `ip -j route show`.
#pragma once

#include <dualstack/verify/host/host_state.hpp>

#include <tl/expected.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace dualstack::verify::host {

// Returns every IPv4/IPv6 address of `ip -j addr show` output `text`; an error (one line,
// naming the offending entry) when it is not that shape.
tl::expected<std::vector<InterfaceAddress>, std::string> parse_ip_addr(std::string_view text);

// Returns every route of `ip -j -4 route show` / `ip -j -6 route show` output `text` (`family`
// says which: iproute2 prints host routes without a prefix length); errors as parse_ip_addr.
tl::expected<std::vector<Route>, std::string> parse_ip_route(std::string_view text,
                                                             net::Family family);

} // namespace dualstack::verify::host
