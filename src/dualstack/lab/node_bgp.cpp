// calico/node's BGP on one node, from the Calico objects (confd's peerings, peers and filters).
#include <dualstack/lab/node_bgp.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace dualstack::lab {

namespace {

// confd's backends.BGPPeer: one peering of a node as updatePeersV1 stores it.
struct Peering
{
  std::string origin;
  Address ip;
  int port = 0;
  std::uint32_t as = 0;
  std::optional<std::uint32_t> local_as;
  std::string rr_cluster_id; // the peer's own, when it is a node
  std::string source_address = "UseNodeIP";
  std::optional<int> restart_time_s;
  std::optional<int> keepalive_time_s;
  bool keep_next_hop = false;
  std::string next_hop_mode;
  bool calico_node = false;
  int allow_local_as = 0;
  int ttl_security = 0;
  std::optional<Address> reachable_by;
};

// The peerings of one node: global ones (every node) and its own, keyed by peer IP and port.
// The first peering of a key wins, and a node's own never shadows a global one (emit()).
struct Peerings
{
  std::map<std::pair<Address, int>, Peering> global;
  std::map<std::pair<Address, int>, Peering> own;

  void add(bool is_global, Peering p)
  {
    const auto key = std::make_pair(p.ip, p.port);
    if (!is_global && global.count(key))
      return;
    (is_global ? global : own).emplace(key, std::move(p));
  }
};

bool selects(const BgpPeerObject& peer, const CalicoNode& node)
{
  if (!peer.node.empty())
    return peer.node == node.name;
  return peer.node_selector ? peer.node_selector->matches(node.labels) : true;
}

// Copies what setPeerConfigFieldsFromV3Resource sets on every peering of a BGPPeer.
void common_fields(const BgpPeerObject& object, Peering& p)
{
  p.source_address = object.source_address;
  p.restart_time_s = object.max_restart_time_s;
  p.keepalive_time_s = object.keepalive_time_s;
}

// confd's getNextHopMode: nextHopMode wins; keepOriginalNextHop only counts without it.
void next_hop_fields(const BgpPeerObject& object, Peering& p)
{
  if (!object.next_hop_mode.empty())
    p.next_hop_mode = object.next_hop_mode;
  else
    p.keep_next_hop = object.keep_original_next_hop;
}

// nodeAsBGPPeers: a node as a peer, with the families asked for, in its (the global) AS.
std::vector<Peering> node_as_peerings(const BgpPeerObject& object,
                                      const CalicoNode& node,
                                      std::uint32_t cluster_as,
                                      bool v4,
                                      bool v6)
{
  std::vector<Peering> out;
  for (const Address& a : node.addresses) {
    if ((a.family() == Family::ipv4 && !v4) || (a.family() == Family::ipv6 && !v6))
      continue;
    Peering p;
    p.origin = fmt::format("BGPPeer {} (node {})", object.name, node.name);
    p.ip = a;
    p.ttl_security = object.ttl_security;
    p.reachable_by = object.reachable_by;
    p.as = cluster_as;
    p.rr_cluster_id = node.rr_cluster_id;
    next_hop_fields(object, p);
    common_fields(object, p);
    out.push_back(std::move(p));
  }
  return out;
}

bool is_node_address(const std::vector<CalicoNode>& cluster, const Address& ip)
{
  for (const auto& n : cluster)
    if (std::find(n.addresses.begin(), n.addresses.end(), ip) != n.addresses.end())
      return true;
  return false;
}

// updatePeersV1 for node `self`: global BGPPeers, then its own, then the reverse peerings of
// BGPPeers whose far side is `self`.
Peerings peerings_of(const CalicoObjects& objects,
                     const std::vector<CalicoNode>& cluster,
                     const CalicoNode& self)
{
  const std::uint32_t cluster_as = objects.config.as_number;
  Peerings out;
  for (const bool global_pass : { true, false }) {
    for (const auto& object : objects.peers) {
      if (object.global() != global_pass || (!global_pass && !selects(object, self)))
        continue;
      std::vector<Peering> found;
      if (object.peer_selector) {
        for (const auto& n : cluster)
          if (object.peer_selector->matches(n.labels))
            for (auto& p : node_as_peerings(object, n, cluster_as, true, true))
              found.push_back(std::move(p));
      } else {
        Peering p;
        p.origin = fmt::format("BGPPeer {}", object.name);
        p.ip = *object.peer_ip;
        p.port = object.port;
        p.as = object.as_number;
        p.local_as = object.local_as_number;
        p.calico_node = is_node_address(cluster, p.ip);
        p.ttl_security = object.ttl_security;
        p.allow_local_as = object.num_allowed_local_as;
        p.reachable_by = object.reachable_by;
        next_hop_fields(object, p);
        common_fields(object, p);
        found.push_back(std::move(p));
      }
      for (auto& p : found)
        out.add(global_pass, std::move(p));
    }
  }
  // Reverse peerings: `self` is the peer (by peerSelector, or by IP and AS) of the nodes the
  // BGPPeer selects, so it peers back with them (reversePeering: Auto).
  for (const auto& object : objects.peers) {
    if (!object.reverse_peering)
      continue;
    bool v4 = true;
    bool v6 = true;
    bool far_side = false;
    if (object.peer_selector) {
      far_side = object.peer_selector->matches(self.labels);
    } else {
      const std::uint32_t as = object.as_number ? object.as_number : cluster_as;
      far_side = as == cluster_as &&
                 std::find(self.addresses.begin(), self.addresses.end(), *object.peer_ip) !=
                   self.addresses.end();
      v4 = object.peer_ip->family() == Family::ipv4;
      v6 = !v4;
    }
    if (!far_side)
      continue;
    for (const auto& n : cluster) {
      if (!selects(object, n))
        continue;
      for (auto& p : node_as_peerings(object, n, cluster_as, v4, v6))
        out.add(false, std::move(p));
    }
  }
  return out;
}

// buildPeerFromData: the BIRD peer of peering `p` of type `kind` (Global, Node); nullopt for
// the node itself.
std::optional<BirdPeer> bird_peer(const Peering& p,
                                  const std::string& kind,
                                  const NodeBgpFamily& f,
                                  const CalicoNode& self)
{
  if (p.ip == f.node_ip)
    return std::nullopt;
  BirdPeer b;
  b.name = bird_peer_name(kind, p.ip, p.port);
  b.origin = p.origin;
  b.ip = p.ip;
  b.port = p.port;
  b.as = p.as;
  b.local_as = p.local_as;
  b.ttl_security = p.ttl_security;
  if (p.source_address == "UseNodeIP")
    b.source_address = f.node_ip;
  const std::uint32_t node_as = p.local_as ? *p.local_as : f.as;
  b.internal = b.as == node_as;
  b.restart_time_s = p.restart_time_s;
  b.keepalive_time_s = p.keepalive_time_s;
  b.allow_local_as = p.allow_local_as;
  b.next_hop_self = p.next_hop_mode == "Self";
  b.next_hop_keep = p.next_hop_mode == "Keep";
  // The legacy keepOriginalNextHop only acts on eBGP peers (iBGP keeps the next hop anyway).
  if (p.keep_next_hop && !b.internal)
    b.next_hop_keep = true;
  if (b.internal && !self.rr_cluster_id.empty() &&
      (p.rr_cluster_id.empty() || p.rr_cluster_id != self.rr_cluster_id))
    b.rr_cluster_id = self.rr_cluster_id;
  // Global peers that are calico/nodes: only the lower address dials (compared as text, as
  // confd does), so two nodes never race to connect.
  if (kind == "Global" && p.calico_node && p.ip.to_string() > f.node_ip.to_string())
    b.passive = true;
  return b;
}

// processMeshPeers: every other node that is not a route reflector, unless `self` is one.
void mesh_peers(const CalicoObjects& objects,
                const std::vector<CalicoNode>& cluster,
                const CalicoNode& self,
                NodeBgpFamily& f)
{
  if (!objects.config.node_mesh || !self.rr_cluster_id.empty())
    return;
  for (const auto& n : cluster) {
    const auto ip = n.address(f.family);
    if (!ip || *ip == f.node_ip || !n.rr_cluster_id.empty())
      continue;
    BirdPeer b;
    b.name = bird_peer_name("Mesh", *ip);
    b.origin = fmt::format("node-to-node mesh (node {})", n.name);
    b.ip = *ip;
    b.as = objects.config.as_number;
    b.internal = true;
    b.source_address = f.node_ip;
    b.restart_time_s = objects.config.node_mesh_max_restart_time_s;
    b.passive = ip->to_string() > f.node_ip.to_string();
    f.peers.push_back(std::move(b));
  }
}

bool single_address(const Prefix& p)
{
  return p.host_bits() == 0;
}

// The service ranges every node announces and keeps out of its kernel (updateGlobalRoutes):
// serviceClusterIPs, and the ranges (not single addresses) of serviceExternalIPs and, while
// aggregated, serviceLoadBalancerIPs.
std::vector<Prefix> global_service_ranges(const BgpConfigurationObject& c, Family family)
{
  std::vector<Prefix> out;
  const auto add = [&](const std::vector<Prefix>& list, bool ranges_only) {
    for (const auto& p : list)
      if (p.family() == family && !(ranges_only && single_address(p)))
        out.push_back(p);
  };
  add(c.service_cluster_ips, false);
  add(c.service_external_ips, true);
  if (c.aggregate_loadbalancer_ips)
    add(c.service_loadbalancer_ips, true);
  return out;
}

bool block_of_pool(const IpPoolObject& pool, const Prefix& block, const CalicoNode& self)
{
  return !pool.disabled && pool.allowed_uses.count("Workload") && pool.cidr.contains(block) &&
         block.length() == pool.block_size &&
         (!pool.node_selector || pool.node_selector->matches(self.labels));
}

bool text_less(const FilterRule& a, const FilterRule& b)
{
  return a.net.to_string() < b.net.to_string();
}

// The node's blocks, static routes and the export filter's rules (bird_aggr.cfg, bird_ipam.cfg).
void routes_and_exports(const CalicoObjects& objects, const CalicoNode& self, NodeBgpFamily& f)
{
  const auto& c = objects.config;
  const int prio = f.normal_route_priority;
  for (const auto& block : self.blocks) {
    if (block.family() != f.family)
      continue;
    const bool in_pool =
      std::any_of(objects.pools.begin(), objects.pools.end(), [&](const auto& pool) {
        return block_of_pool(pool, block, self);
      });
    if (!in_pool) {
      f.notes.push_back(fmt::format("block {} is in no rendered Workload IPPool of its size that "
                                    "selects {}: calico/node would have no such block",
                                    block.to_string(),
                                    self.name));
      continue;
    }
    if (!single_address(block))
      f.static_routes.push_back({ block, std::nullopt, "IP block for this host" });
    f.aggregation.push_back({ block, FilterRule::Match::equal, 0, true, "" });
    f.aggregation.push_back({ block, FilterRule::Match::elevated, prio, true, "" });
    f.aggregation.push_back({ block, FilterRule::Match::within, 0, false, "" });
  }
  const bool excluded =
    self.labels.count("node.kubernetes.io/exclude-from-external-load-balancers") &&
    self.labels.at("node.kubernetes.io/exclude-from-external-load-balancers") == "true";
  std::set<Prefix> statics;
  for (const auto& range : global_service_ranges(c, f.family)) {
    f.kernel_rejects.push_back({ range, FilterRule::Match::within, 0, false, "" });
    if (!excluded)
      statics.insert(range);
  }
  // The routeGenerator: a Service's LoadBalancer IP, from a node with a local endpoint, when it
  // lies in serviceLoadBalancerIPs.
  for (const auto& ip : self.loadbalancer_ips) {
    if (ip.family() != f.family || excluded)
      continue;
    const Prefix host(ip, ip.bit_width());
    const bool allowed = std::any_of(c.service_loadbalancer_ips.begin(),
                                     c.service_loadbalancer_ips.end(),
                                     [&](const Prefix& p) { return p.contains(ip); });
    if (allowed)
      statics.insert(host);
    else
      f.notes.push_back(fmt::format("LoadBalancer IP {} is outside serviceLoadBalancerIPs: "
                                    "calico/node does not advertise it",
                                    ip.to_string()));
  }
  std::vector<Prefix> sorted(statics.begin(), statics.end());
  std::sort(sorted.begin(), sorted.end(), [](const Prefix& a, const Prefix& b) {
    return a.to_string() < b.to_string();
  });
  for (const auto& p : sorted) {
    f.static_routes.push_back({ p, std::nullopt, "Static routes." });
    f.static_exports.push_back({ p, FilterRule::Match::within, 0, true, "" });
  }
  if (!self.rr_cluster_id.empty()) {
    for (const auto* list : { &c.service_loadbalancer_ips, &c.service_external_ips })
      for (const auto& p : *list)
        if (p.family() == f.family)
          f.reflector_exports.push_back({ p, FilterRule::Match::within, 0, true, "" });
  }
  for (const auto& pool : objects.pools) {
    if (pool.cidr.family() != f.family)
      continue;
    if (pool.disable_bgp_export)
      f.disabled_pools.push_back(
        { pool.cidr, FilterRule::Match::within, 0, false, "BGP export is disabled." });
    else
      f.enabled_pools.push_back({ pool.cidr, FilterRule::Match::within, 0, true, "" });
  }
  std::sort(f.disabled_pools.begin(), f.disabled_pools.end(), text_less);
  std::sort(f.enabled_pools.begin(), f.enabled_pools.end(), text_less);
}

// processIPPool for kernel programming: BIRD installs the routes of the pools it is responsible
// for; Felix does VXLAN (always) and IPIP (unless programClusterRoutes says BIRD).
tl::expected<void, std::string> kernel_pools(const CalicoObjects& objects, NodeBgpFamily& f)
{
  const auto& c = objects.config;
  for (const auto& pool : objects.pools) {
    if (pool.cidr.family() != f.family)
      continue;
    const bool vxlan = pool.vxlan_mode != "Never";
    const bool ipip = pool.ipip_mode != "Never";
    FilterRule rule{ pool.cidr, FilterRule::Match::within, 0, false, "" };
    if (vxlan) {
      rule.why = "VXLAN routes are handled by Felix.";
    } else if (ipip ? c.bird_programs_ipip : c.bird_programs_no_encap) {
      if (ipip)
        return tl::unexpected(fmt::format(
          "IPPool `{}`: BIRD programs its IPIP routes (programClusterRoutes), which needs "
          "calico's BIRD fork (krt_tunnel); the lab's BIRD 2 stand-in cannot",
          pool.name));
      rule.accept = true;
    } else {
      rule.why = "Cluster routes are handled by Felix.";
    }
    // IPv6 ends in `accept` anyway, so confd keeps only its rejects.
    if (f.family == Family::ipv6 && rule.accept)
      continue;
    f.kernel_pools.push_back(std::move(rule));
  }
  std::sort(f.kernel_pools.begin(), f.kernel_pools.end(), text_less);
  return {};
}

bool rule_matches(const FilterRule& r, const Prefix& net, int krt_metric)
{
  if (r.net.family() != net.family())
    return false;
  switch (r.match) {
    case FilterRule::Match::equal:
      return r.net == net;
    case FilterRule::Match::within:
      return r.net.contains(net);
    case FilterRule::Match::elevated:
      return r.net.contains(net) && krt_metric < r.below;
  }
  return false;
}

} // namespace

std::string bird_peer_name(const std::string& kind, const Address& ip, int port)
{
  std::string s = ip.to_string();
  std::replace(s.begin(), s.end(), '.', '_');
  std::replace(s.begin(), s.end(), ':', '_');
  return port > 0 ? fmt::format("{}_{}_port_{}", kind, s, port) : fmt::format("{}_{}", kind, s);
}

std::optional<Address> CalicoNode::address(Family family) const
{
  for (const auto& a : addresses)
    if (a.family() == family)
      return a;
  return std::nullopt;
}

bool NodeBgpFamily::exports(const Prefix& net, std::optional<int> krt_metric) const
{
  const int metric = krt_metric.value_or(normal_route_priority);
  for (const auto* rules :
       { &disabled_pools, &aggregation, &static_exports, &reflector_exports, &enabled_pools }) {
    for (const auto& r : *rules)
      if (rule_matches(r, net, metric))
        return r.accept;
  }
  return false; // the peer's export filter ends in `reject`
}

tl::expected<NodeBgp, std::string> node_bgp(const CalicoObjects& objects,
                                            const std::vector<CalicoNode>& cluster,
                                            std::size_t self_index)
{
  const CalicoNode& self = cluster.at(self_index);
  const auto& c = objects.config;
  NodeBgp out;
  out.node = self.name;
  out.router_id = self.router_id;
  out.log_level = c.log_level;
  for (const auto& name : c.ignored_interfaces)
    out.direct_interfaces += fmt::format("-\"{}\", ", name);
  out.direct_interfaces += "-\"cali*\", -\"kube-ipvs*\", \"*\"";
  out.felix_tunnel_interfaces = { "*.cali", "*.calico" };
  if (!c.bird_programs_ipip)
    out.felix_tunnel_interfaces.push_back("tunl0");
  const Peerings peerings = peerings_of(objects, cluster, self);
  for (const Family family : { Family::ipv4, Family::ipv6 }) {
    const auto ip = self.address(family);
    if (!ip)
      continue; // "IPv4 disabled on this node."
    NodeBgpFamily f;
    f.family = family;
    f.node_ip = *ip;
    f.as = c.as_number;
    f.normal_route_priority =
      family == Family::ipv4 ? c.ipv4_normal_route_priority : c.ipv6_normal_route_priority;
    mesh_peers(objects, cluster, self, f);
    for (const auto& [kind, map] :
         { std::pair{ "Global", &peerings.global }, std::pair{ "Node", &peerings.own } }) {
      for (const auto& [key, p] : *map) {
        if (p.ip.family() != family)
          continue;
        if (auto b = bird_peer(p, kind, f, self)) {
          // bird_aggr.cfg: a peer that is not on a shared network is reached through reachableBy.
          if (p.reachable_by)
            f.static_routes.push_back({ Prefix(p.ip, p.ip.bit_width()),
                                        p.reachable_by,
                                        "Static route needed for a BGP peer." });
          f.peers.push_back(std::move(*b));
        }
      }
    }
    std::sort(f.peers.begin(), f.peers.end(), [](const BirdPeer& a, const BirdPeer& b) {
      return a.name < b.name;
    });
    routes_and_exports(objects, self, f);
    if (auto done = kernel_pools(objects, f); !done)
      return tl::unexpected(done.error());
    out.families.push_back(std::move(f));
  }
  return out;
}

} // namespace dualstack::lab
