// What the lab can see: VRRP holders, BGP sessions (birdc), kernel routes, and the evidence a
// failing scenario prints (routes, `birdc show protocols`, VRRP state).
#pragma once

#include <dualstack/lab/lab_context.hpp>

#include <optional>
#include <string>
#include <vector>

namespace dualstack::lab {

// One BGP protocol of a BIRD instance.
struct BgpSession
{
  std::string name;
  std::string neighbor; // "Neighbor address:"
  bool established = false;
};

// Parses `birdc show protocols all` output into its BGP protocols.
std::vector<BgpSession> parse_bgp_sessions(const std::string& show_protocols_all);

// Returns the BGP protocols of the BIRD in namespace `ns` (empty if it does not answer).
std::vector<BgpSession> bgp_sessions(const LabContext& lab, const std::string& ns);

// A kernel route as `ip -j route` prints it.
struct Route
{
  std::string dst;
  std::string gateway; // "" for a device route
  std::string dev;
  std::string protocol;
  std::string type; // unicast, blackhole, ...
};

// Parses `ip -j route` output.
std::vector<Route> parse_routes(const std::string& json);

// Returns the routes of `family` in `ns`; `selector` adds `ip route show` arguments (e.g.
// {"proto", "bird"} or {"exact", "10.244.0.0/26"}).
std::vector<Route> routes(const std::string& ns,
                          Family family,
                          const std::vector<std::string>& selector = {});

// Returns whether `ns` has `address` on `dev`.
bool holds_address(const std::string& ns, const std::string& dev, const Address& address);

// Returns the gateways that run keepalived and hold the VIP of `family`.
std::vector<const LabGateway*> vip_holders(const LabContext& lab, Family family);

// Returns the gateway that holds every VIP and has every lab node's session of every family
// Established, every node routing the WireGuard ranges via the VIPs and the holder routing
// every pod block; nullptr if the lab is not in that state.
const LabGateway* converged_master(const LabContext& lab);

// Waits up to `seconds` for converged_master(); returns it or nullptr.
const LabGateway* wait_converged(const LabContext& lab, double seconds);

// Returns whether gateway `g` routes every lab node's pod block of every family via the node.
bool routes_every_block(const LabContext& lab, const LabGateway& g);

// Watches a gateway that comes back: whether it takes the VIPs, and whether it already routed
// every pod block (its iBGP sessions were up) at that moment.
struct TakeoverWatch
{
  const LabGateway* gateway = nullptr;
  bool took_over = false;
  bool ready_at_takeover = false;
  double at = 0;
  // Checks once; call it repeatedly while the gateway comes back.
  void poll(const LabContext& lab);
};

// Returns the evidence of `family`: per gateway its VRRP state and `birdc show protocols`, per
// node its sessions and BIRD routes.
std::string evidence(const LabContext& lab, Family family);

} // namespace dualstack::lab
