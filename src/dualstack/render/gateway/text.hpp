// Text helpers shared by the gateway renderers: address spellings, safe names, joins.
#pragma once

#include <dualstack/net/host_port.hpp>
#include <dualstack/net/prefix.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace dualstack::render::gateway {

// Returns "ADDR/LEN": `address` with the length of the `prefix` it lives in (an interface address).
std::string with_length(const net::Address& address, const net::Prefix& prefix);

// Returns "ADDR/32" or "ADDR/128": a single-address prefix.
std::string single(const net::Address& address);

// Returns `name` with every character outside [A-Za-z0-9_] replaced by '_' (a BIRD symbol).
std::string symbol(std::string_view name);

// Returns `name` as one safe path component: characters outside [A-Za-z0-9._-] become '_', and
// "", "." and ".." become "_".
std::string file_name(std::string_view name);

// Returns `text` fit for a comment or a quoted string in any config: control characters, quotes
// and backslashes become '_', so a name from the config can never end a line or a string.
std::string printable(std::string_view text);

// Returns `items` joined by `separator`.
std::string join(const std::vector<std::string>& items, std::string_view separator);

// Returns the sysctl.d line setting IPv6 `setting` of `interface` to `value`: dotted
// ("net.ipv6.conf.ens3.accept_ra = 2"), or with `/` separators when the name holds a dot
// (a VLAN such as eth0.100), as sysctl.d(5) reads it.
std::string ipv6_interface_sysctl(std::string_view interface,
                                  std::string_view setting,
                                  std::string_view value);

} // namespace dualstack::render::gateway
