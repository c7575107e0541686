// What calico/node's BIRD does on one node, computed from the Calico objects as confd computes
// it for its bird.cfg / bird6.cfg templates (confd/pkg/backends/calico: client.go's
// updatePeersV1 turns BGPPeers into peerings, bgp_processor.go's GetBirdBGPConfig turns those,
// the BGPConfiguration and the IP pools into peers and filter lines; the templates
// bird_aggr.cfg and bird_ipam.cfg add the node's blocks, static routes and filters). Read from
// projectcalico/calico at commit 87c15906f20c4ca1fda55af92295e7678b0cc0b2 (2026-08); our own code.
// Pure: the lab's BIRD text is made from this by node_bird.cpp.
#pragma once

#include <dualstack/lab/calico_objects.hpp>
#include <dualstack/net/family.hpp>

#include <tl/expected.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dualstack::lab {

using net::Family;

// A k8s node as calico/node knows it from the datastore (its Node resource and IPAM).
struct CalicoNode
{
  std::string name;
  std::vector<Address> addresses; // its BGP address per family (IP / IP6 autodetection)
  Address router_id;
  Labels labels;
  std::string rr_cluster_id;  // projectcalico.org/RouteReflectorClusterID; "" = not a reflector
  std::vector<Prefix> blocks; // the IPAM blocks it has affinity for
  // LoadBalancer ingress IPs of Services with externalTrafficPolicy Local and an endpoint here.
  std::vector<Address> loadbalancer_ips;

  // Returns the node's address of `family`, or nullopt.
  std::optional<Address> address(Family family) const;
};

// One BGP session (confd's BirdBGPPeer): `protocol bgp <name> from bgp_template`.
struct BirdPeer
{
  std::string name;   // Node_<ip>, Global_<ip>, Mesh_<ip> (dots and colons as _), [_port_<n>]
  std::string origin; // the object it comes from, for a comment
  Address ip;
  int port = 0;
  std::uint32_t as = 0;
  std::optional<std::uint32_t> local_as;
  std::optional<Address> source_address;
  int ttl_security = 0; // 0: `ttl security off; multihop;`
  bool passive = false;
  std::optional<int> restart_time_s;
  std::optional<int> keepalive_time_s;
  bool next_hop_keep = false;
  bool next_hop_self = false;
  int allow_local_as = 0;
  std::string rr_cluster_id; // set: the peer is this reflector's client
  bool internal = false;     // iBGP: the peer's AS is the node's (effective) AS
};

// A static route of the node (bird_aggr.cfg's static_template): a blackhole unless `via`.
struct StaticRoute
{
  Prefix net;
  std::optional<Address> via;
  std::string why;
};

// One line of a BIRD filter over `net`.
struct FilterRule
{
  enum class Match
  {
    equal,   // net = p
    within,  // net ~ p
    elevated // net ~ p && krt_metric < below (a route Felix programmed with a higher priority)
  };
  Prefix net;
  Match match = Match::within;
  int below = 0;
  bool accept = false;
  std::string why; // a comment, may be empty
};

// Everything of one family (one of calico/node's two BIRD daemons).
struct NodeBgpFamily
{
  Family family = Family::ipv4;
  Address node_ip;
  std::uint32_t as = 0;
  int normal_route_priority = 1024;
  std::vector<BirdPeer> peers; // sorted by name, as confd sorts them
  std::vector<StaticRoute> static_routes;
  // calico_export_to_bgp_peers, in its order: pools with BGP export disabled, calico_aggr (the
  // node's blocks), the static routes, a reflector's service ranges, the other pools.
  std::vector<FilterRule> disabled_pools;
  std::vector<FilterRule> aggregation;
  std::vector<FilterRule> static_exports;
  std::vector<FilterRule> reflector_exports;
  std::vector<FilterRule> enabled_pools;
  // calico_kernel_programming: service ranges kept out of the kernel, then the pools.
  std::vector<FilterRule> kernel_rejects;
  std::vector<FilterRule> kernel_pools;
  // What calico/node would not announce although the lab has it (a block in no pool, ...).
  std::vector<std::string> notes;

  // Returns whether calico_export_to_bgp_peers accepts a route for `net` whose kernel metric is
  // `krt_metric` (routes without one get the normal priority, as the peers' export filter does).
  // Interface-based rules (BPF and tunnel devices) are left out: the lab has none.
  bool exports(const Prefix& net, std::optional<int> krt_metric = std::nullopt) const;
};

struct NodeBgp
{
  std::string node;
  Address router_id;
  std::string log_level;         // none, info, debug
  std::string direct_interfaces; // the direct protocol's interface patterns
  // Felix's tunnel devices, whose routes a node never sends over iBGP (tunl0 too while Felix,
  // not BIRD, programs the IPIP routes).
  std::vector<std::string> felix_tunnel_interfaces;
  std::vector<NodeBgpFamily> families;
};

// Returns confd's name of the BIRD protocol of a peer: `kind` (Node, Global, Mesh) + "_" + `ip`
// with its dots and colons as underscores, + "_port_<port>" when `port` is set.
std::string bird_peer_name(const std::string& kind, const Address& ip, int port = 0);

// Returns what calico/node's BIRD does on `cluster[self]`, from `objects` and the cluster's
// nodes (peerSelector, the node mesh and reverse peerings look at the other nodes). An object
// the stand-in cannot run (a pool BIRD would program with IPIP) is an error naming it.
tl::expected<NodeBgp, std::string> node_bgp(const CalicoObjects& objects,
                                            const std::vector<CalicoNode>& cluster,
                                            std::size_t self);

} // namespace dualstack::lab
