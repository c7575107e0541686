// host:port as WireGuard, HAProxy and kubeadm write it: an IPv6 address in brackets.
#pragma once

#include <dualstack/net/address.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace dualstack::net {

// Returns "203.0.113.5:7777" or "[2001:db8::2]:7777".
std::string host_port(const Address& address, int port);

// Returns the address of a `host:port` whose host is a literal ("[2001:db8::2]:7777",
// "203.0.113.5:7777"); nullopt for a DNS name, an empty or a malformed value (the config rule
// `wireguard-endpoint` reports those).
std::optional<Address> host_port_address(std::string_view text);

} // namespace dualstack::net
