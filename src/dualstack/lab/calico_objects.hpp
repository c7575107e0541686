// The rendered Calico objects the lab's node stand-in reads as calico/node would from the
// datastore: BGPPeers, the BGPConfiguration and the IP pools, parsed from the render tree with
// every field typed. A kind or field the stand-in does not model is an error naming the file,
// line and column, so a new field in a renderer is never silently without effect in the lab.
#pragma once

#include <dualstack/lab/calico_selector.hpp>
#include <dualstack/net/prefix.hpp>

#include <tl/expected.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace dualstack::lab {

using net::Address;
using net::Prefix;

// One rendered file: its path (as errors show it) and its text.
struct CalicoFile
{
  std::string path;
  std::string text;
};

// A BGPPeer (projectcalico.org/v3 BGPPeerSpec) as far as the stand-in models it.
struct BgpPeerObject
{
  std::string name;
  std::string where; // "FILE:LINE:COL: BGPPeer `name`", for messages about it
  std::string node;  // spec.node
  std::optional<CalicoSelector> node_selector;
  std::optional<Address> peer_ip;
  int port = 0; // from `peerIP: ip:port`, 0 = BGP's
  std::optional<CalicoSelector> peer_selector;
  std::uint32_t as_number = 0; // 0 = unset (peerSelector peers take the peer node's)
  std::optional<std::uint32_t> local_as_number;
  bool keep_original_next_hop = false;
  std::string next_hop_mode;                // "", Auto, Self or Keep
  std::string source_address = "UseNodeIP"; // UseNodeIP or None
  std::optional<int> max_restart_time_s;
  std::optional<int> keepalive_time_s;
  int ttl_security = 0; // hops, 0 = off
  int num_allowed_local_as = 0;
  bool reverse_peering = true; // reversePeering: Auto (default) or Manual
  std::optional<Address> reachable_by;

  // Returns whether the peer applies to every node (no node, no nodeSelector): "Global".
  bool global() const
  {
    return node.empty() && !node_selector;
  }
};

// The BGPConfiguration `default` (projectcalico.org/v3 BGPConfigurationSpec), with calico/node's
// defaults for what it leaves out.
struct BgpConfigurationObject
{
  bool present = false;
  std::uint32_t as_number = 64512; // confd's global default
  bool node_mesh = true;           // confd's global default
  std::string log_level = "info";  // BIRD's: none, info or debug
  std::vector<Prefix> service_cluster_ips;
  std::vector<Prefix> service_external_ips;
  std::vector<Prefix> service_loadbalancer_ips;
  bool aggregate_loadbalancer_ips = true; // serviceLoadBalancerAggregation: Enabled (default)
  std::optional<int> node_mesh_max_restart_time_s;
  std::vector<std::string> ignored_interfaces;
  // programClusterRoutes: whether BIRD programs the cluster routes of IPIP pools and of pools
  // without encapsulation (default EnabledNoEncapOnly: only the latter; Felix does IPIP).
  bool bird_programs_ipip = false;
  bool bird_programs_no_encap = true;
  int ipv4_normal_route_priority = 1024;
  int ipv6_normal_route_priority = 1024;
};

// An IPPool (projectcalico.org/v3 IPPoolSpec).
struct IpPoolObject
{
  std::string name;
  Prefix cidr;
  int block_size = 0; // Calico's default when unset: 26 / 122
  std::string ipip_mode = "Never";
  std::string vxlan_mode = "Never";
  bool disabled = false;
  bool disable_bgp_export = false;
  bool nat_outgoing = false; // natOutgoing: Felix masquerades its pods to outside every pool
  std::optional<CalicoSelector> node_selector; // unset: all()
  std::set<std::string> allowed_uses{ "Workload", "Tunnel" };
};

struct CalicoObjects
{
  std::vector<BgpPeerObject> peers; // in file order
  BgpConfigurationObject config;
  std::vector<IpPoolObject> pools;
};

// The rendered files the stand-in reads, relative to the render tree; the last one only exists
// when a family has a LoadBalancer pool.
inline const std::vector<std::string>& calico_object_paths()
{
  static const std::vector<std::string> paths{ "calico/bgp/bgppeers.yaml",
                                               "calico/bgp/bgpconfiguration.yaml",
                                               "calico/manifest/ippools.yaml",
                                               "calico/loadbalancer/ippools.yaml" };
  return paths;
}

// Parses `files` (multi-document YAML of BGPPeer, BGPConfiguration and IPPool objects).
tl::expected<CalicoObjects, std::string> parse_calico_objects(const std::vector<CalicoFile>& files);

// Reads calico_object_paths() under `render_dir` and parses them; the errors name the file.
tl::expected<CalicoObjects, std::string> read_calico_objects(const std::string& render_dir);

} // namespace dualstack::lab
