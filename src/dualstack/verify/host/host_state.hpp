// What `verify --host` reads about the machine it runs on: interface addresses, routes of the
// main table, and the forwarding sysctls.
#pragma once

#include <dualstack/net/address.hpp>
#include <dualstack/net/prefix.hpp>

#include <optional>
#include <string>
#include <vector>

namespace dualstack::verify::host {

// One address on one interface (`ip -j addr`).
struct InterfaceAddress
{
  std::string interface; // "eth0"
  net::Address address;
  int prefix_length = 0;
};

// One route of the main table (`ip -j route`); multipath routes keep their first next hop.
struct Route
{
  net::Family family = net::Family::ipv4;
  net::Prefix destination; // 0.0.0.0/0 or ::/0 for `default`
  bool is_default = false;
  std::string type = "unicast";        // "unicast", "blackhole", "unreachable", ...
  std::string device;                  // "" when none (blackhole)
  std::optional<net::Address> gateway; // the next hop, when the route has one
  std::string protocol;                // "kernel", "bird", "static", "dhcp", "ra", ...
};

// The network state of one node.
struct HostState
{
  std::vector<InterfaceAddress> addresses;
  std::vector<Route> routes;
  std::optional<bool> forwarding_ipv4; // net.ipv4.ip_forward; nullopt if it could not be read
  std::optional<bool> forwarding_ipv6; // net.ipv6.conf.all.forwarding
};

} // namespace dualstack::verify::host
