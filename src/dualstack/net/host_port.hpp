// host:port as WireGuard, HAProxy and kubeadm write it: an IPv6 address in brackets.
#pragma once

#include <dualstack/net/address.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace dualstack::net {

// Returns `address:port`, an IPv6 address in brackets: "203.0.113.5:7777" or "[2001:db8::2]:7777".
std::string host_port(const Address& address, int port);

// Returns `host:port` for a host given as text: an IPv6 literal (any host with a ':') goes in
// brackets, unless it already is in them; an IPv4 literal or a DNS name stays as it is
// ("api.example.com:6443", "[fd00::2]:6443" for both "fd00::2" and "[fd00::2]").
std::string host_port(std::string_view host, int port);

// Returns the address of a `host:port` whose host is a literal ("[2001:db8::2]:7777",
// "203.0.113.5:7777"); nullopt for a DNS name, an empty or a malformed value (the config rule
// `wireguard-endpoint` reports those).
std::optional<Address> host_port_address(std::string_view text);

} // namespace dualstack::net
