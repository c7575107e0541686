// Plan: every address, prefix, peer, session and port of the cluster, per family, derived from a
// Config and checked. The single source of truth for render, lab and verify.
#pragma once

#include <dualstack/net/per_family.hpp>
#include <dualstack/net/prefix.hpp>
#include <dualstack/plan/egress.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dualstack::plan {

using net::Address;
using net::Family;
using net::PerFamily;
using net::Prefix;

enum class HostRole
{
  gateway,
  master,
  worker
};

std::string_view to_string(HostRole role);

// A Calico IP pool of one family.
struct IpPool
{
  Prefix cidr;
  int block_size = 0;
  std::string
    encapsulation; // operator spelling: None | IPIP | IPIPCrossSubnet | VXLAN | VXLANCrossSubnet
  bool nat_outgoing = false;
  std::string autodetection_method; // calico/node IP(6)_AUTODETECTION_METHOD
};

// Everything about one address family, in the cluster's network.
struct FamilyPlan
{
  Family family = Family::ipv4; // the same as its key in Plan::networks
  Prefix cluster_subnet;        // the OpenStack subnet
  Address router;               // the OpenStack router's interface (the subnet's gateway)
  Address vip;                  // the API / gateway VIP, held by the VRRP master
  Address dhcp_first;           // OpenStack's allocation pool: first..last
  Address dhcp_last;
  Prefix pod_subnet;
  Prefix service_subnet;
  Address kubernetes_service_ip; // first address of the service subnet
  Address dns_service_ip;        // tenth address of the service subnet (kubeadm's choice)
  int node_cidr_mask_size = 0;
  IpPool pool;
  // Calico LoadBalancer IPAM pool of the family, if configured: Calico assigns Services of type
  // LoadBalancer an address from it and advertises it over BGP; the gateways route it to the nodes.
  std::optional<Prefix> loadbalancer_pool;
  int loadbalancer_block_size =
    0; // Calico block size of that pool (pool length if smaller than a block)
};

// A machine of the cluster with its fixed address of each enabled family.
struct Host
{
  std::string name;
  HostRole role = HostRole::worker;
  int index = 0;                // position within its role
  PerFamily<Address> addresses; // one per enabled family, primary first
  int vrrp_priority = 0;        // gateways only
  // [gateway renderers] BGP router id: the host's IPv4 address, or (IPv6-only) 10.x.y.z with x.y.z
  // its offset in the cluster subnet (unique per host, never multicast or otherwise reserved).
  Address router_id;

  // Returns this host's address of `family`, or nullopt if that family is off.
  std::optional<Address> address(Family family) const;
};

// One family's range of a WireGuard endpoint.
struct WireguardRange
{
  Prefix prefix;
  Address gateway; // the gateway's address in `prefix`

  bool operator==(const WireguardRange&) const = default;
};

// One WireGuard endpoint on the gateways (wg0, wg1, ...).
struct WireguardEndpoint
{
  int id = 0;
  int port = 0;
  std::string interface_name;       // e.g. "wg0"
  PerFamily<WireguardRange> ranges; // one per enabled family, primary first
  // [gateway renderers] What clients put in `Endpoint =`: host:port (IPv6 bracketed), i.e. the
  // floating IP of the VIP port. Known only after Terraform ran: empty until a config key sets
  // it (client configs then carry a commented placeholder). An IPv6-only cluster on a global
  // subnet has no floating IP (Neutron has none for IPv6): its endpoint is the IPv6 VIP, which
  // the client configs cut out of the AllowedIPs so the handshake never loops into the tunnel.
  std::string public_endpoint;

  // Return the range of `family` / the gateway's address in it, or nullopt if that family is off.
  std::optional<Prefix> range(Family family) const;
  std::optional<Address> gateway_address(Family family) const;
};

// A WireGuard client; `offset` is its stable slot in every endpoint's ranges.
struct WireguardPeer
{
  std::string ident;
  std::string pub_key;
  std::uint64_t offset = 0;
  // addresses[e]: the peer's address of each family in endpoint e (same order as
  // Plan::wireguard_endpoints)
  std::vector<PerFamily<Address>> addresses;
  // [gateway renderers] The peer's fixed host:port, if it has one (empty for roaming clients).
  // Lets a new VRRP master start the WireGuard handshake itself instead of waiting ~15 s for
  // the client to rekey.
  std::string endpoint;
};

// A BGP session between a k8s node (calico/node) and the gateways' VIP.
struct BgpSession
{
  std::string node;
  Family family = Family::ipv4;
  Address node_address;
  Address vip;
  std::uint32_t node_as = 0;
  std::uint32_t gateway_as = 0;
};

// One gateway in a VRRP instance.
struct VrrpMember
{
  std::string gateway;
  Address address;
  int priority = 0;
};

// A keepalived vrrp_instance (one per family; both in one sync group).
struct VrrpInstance
{
  std::string name;
  Family family = Family::ipv4;
  int virtual_router_id = 0;
  Address vip;
  std::vector<VrrpMember> members; // gateways in order, priority descending
};

// Timer values the gateway renderers write; see README "Timers" for why each has its value.
struct Timers
{
  double vrrp_advert_int = 0.1; // seconds, VRRPv3 (docs/lab.md: measured failover)
  int vrrp_preempt_delay = 0;   // seconds a returning gateway waits before taking over; 0 = never
  int bgp_hold_time = 6;
  int bgp_keepalive_time = 2;
  int bgp_connect_retry_time = 1;
  int bgp_connect_delay_time = 0;
  int bgp_error_wait_min = 1;
  int bgp_error_wait_max = 5;
  // [gateway renderers]
  int vrrp_garp_refresh = 1;     // seconds: a master re-announces the VIPs' MAC (ARP / NA)
  int health_check_interval = 1; // seconds: keepalived's gateway check, HAProxy server checks
  int wireguard_persistent_keepalive =
    25;                          // seconds: what the VRRP master and clients send to peers
  int proxy_connect_timeout = 5; // seconds: HAProxy connect to a backend
  int proxy_idle_timeout = 300;  // seconds: HAProxy client/server inactivity (API watches)
};

// A static route on the Neutron router (Terraform openstack_networking_router_route_v2).
struct RouterRoute
{
  Prefix destination;
  Address next_hop; // on a subnet the router has an interface in
};

// A HAProxy port forwarded from the VIPs to a NodePort on every worker.
struct LbPort
{
  int external = 0;
  int nodeport = 0;
  std::string layer; // tcp | http
  bool use_proxy_protocol = false;
};

// The Kubernetes API endpoint.
struct ApiEndpoint
{
  std::string control_plane_endpoint; // host:port as kubeadm wants it (IPv6 bracketed)
  std::string dns_name;               // set when the endpoint is a DNS name
  int frontend_port = 0;              // HAProxy on the VIPs
  int bind_port = 0;                  // kube-apiserver on each master
  std::vector<std::string> cert_sans; // DNS name (if any) and every VIP
};

// How much fits in a range, and how much of it the Plan uses.
struct Capacity
{
  std::string range; // e.g. "cluster subnet", "node CIDRs", "WireGuard peers (wg0)"
  Family family = Family::ipv4;
  std::string unit; // "addresses", "nodes", "peers", ...
  std::string fits; // decimal (can exceed 64 bits)
  std::string used;
};

struct Plan
{
  std::string cluster_name;
  std::string kubernetes_version;
  std::string network_plugin;
  std::string calico_install_mode; // operator | manifest
  int network_mtu =
    0;         // the cluster network's (Terraform); the others derive from it (plan/mtu.hpp)
  int mtu = 0; // Calico's
  int wireguard_mtu = 0; // every WireGuard interface's, gateways' and clients'
  int pod_limit = 0;
  bool bgp_announce_service_ips = false;
  bool export_loadbalancer_pools =
    true; // WireGuard clients route the LoadBalancer pools (AllowedIPs, nftables)
  std::string ipv6_address_mode;
  std::string ipv6_ra_mode;
  std::string ipv6_subnet_pool_id; // Terraform allocates the IPv6 cluster subnet from this pool
  // How IPv6 pods reach the internet (plan/egress.hpp); `none` when IPv6 is off. routed: the
  // router routes the pod prefix to the IPv6 VIP (`router_routes`), the gateways forward it to the
  // nodes without tracking it, the IPv6 pool's natOutgoing is off. nat66: the IPv6 pool's
  // natOutgoing is on, so pods leave with their node's global address.
  Ipv6Egress ipv6_egress = Ipv6Egress::none;
  // [terraform renderer] TCP ports the nodes' security group opens from anywhere over IPv6 so the
  // internet reaches routed pods (`pod_ingress_v6_tcp_ports`); only with `routed`, else empty.
  // Neutron rules match the source only, so these ports are open on the nodes' own addresses too.
  std::vector<int> pod_ingress_v6_tcp_ports;
  // [terraform renderer] Static routes on the Neutron router: a routed IPv6 pod prefix -> IPv6 VIP.
  std::vector<RouterRoute> router_routes;
  // Where the nodes reach the OpenStack metadata service: http://169.254.169.254, or on IPv6-only
  // nodes the link-local http://[fe80::a9fe:a9fe%25<node_interface>] (the zone is required).
  std::string metadata_url;
  // [terraform renderer] Instances get a config drive (IPv6-only): cloud-init reads its metadata
  // and user data from it, whatever its version and the cloud's metadata-over-IPv6 support.
  bool config_drive = false;

  PerFamily<FamilyPlan> networks; // one per enabled family, primary first
  std::vector<Host> hosts;        // gateways, then masters, then workers
  ApiEndpoint api;
  std::vector<WireguardEndpoint> wireguard_endpoints;
  std::vector<WireguardPeer> wireguard_peers;
  std::uint32_t node_as = 0;
  std::uint32_t gateway_as = 0;
  std::vector<BgpSession> bgp_sessions;
  // [calico renderer] Calico route reflectors (yaook: the masters). The node mesh is off and the
  // gateways export only the WireGuard ranges, so pod routes reach other nodes through these.
  // They share one cluster id, a 4-byte identifier (not an address): the first one's router id.
  std::vector<std::string> route_reflectors;
  Address route_reflector_cluster_id;
  std::string vrrp_sync_group;
  // [gateway renderers] The gateways' interface on the cluster subnet (keepalived `interface`,
  // where the VIPs live).
  std::string gateway_interface;
  // [node renderer] The k8s nodes' interface on the cluster subnet (accept_ra = 2 there).
  std::string node_interface;
  PerFamily<VrrpInstance> vrrp_instances; // one per enabled family, primary first
  Timers timers;
  std::vector<LbPort> lb_ports;
  std::vector<Capacity> capacity;

  // Returns the enabled families, primary first.
  std::vector<Family> families() const
  {
    return networks.families();
  }
  Family primary() const
  {
    return networks.primary_family();
  }
  bool has(Family family) const
  {
    return networks.has(family);
  }
  bool dual_stack() const
  {
    return networks.size() == 2;
  }

  // Returns the network of `family`; the family must be enabled.
  const FamilyPlan& network(Family family) const;

  // Returns the hosts of `role`, in Plan order.
  std::vector<const Host*> hosts_with(HostRole role) const;
  // Returns the k8s nodes (masters, then workers).
  std::vector<const Host*> k8s_nodes() const;
  // Returns the host called `name`, or nullptr.
  const Host* host(std::string_view name) const;
};

// Returns the ranges of `family` the gateways route between WireGuard peers and the cluster: the
// cluster subnet and pod subnet, the service subnet when announced, the LoadBalancer pool when
// exported. The nftables forward chain and the gateway security group both follow this list.
std::vector<Prefix> forwarded_cluster_ranges(const Plan& plan, Family family);

} // namespace dualstack::plan
