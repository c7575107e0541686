// Config: what config.toml says about the network, typed, with the position of every value.
// Defaults are yaook-k8s's template defaults; keys yaook lacks are documented in README.md.
#pragma once

#include <dualstack/net/prefix.hpp>
#include <dualstack/util/source.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dualstack::config {

enum class Role
{
  master,
  worker
};

// One `[terraform.nodes.<name>]` table.
struct NodeSpec
{
  std::string name;
  Role role = Role::worker;
  SourcePos pos; // the table header
};

// One `[load-balancing] lb_ports` entry (an int or an inline table).
struct LbPort
{
  int external = 0;
  std::optional<int> nodeport; // defaults to `external`
  std::string layer = "tcp";   // tcp | http
  bool use_proxy_protocol = false;
  SourcePos pos;
};

// One `[[wireguard.endpoints]]` entry (or the seed's top-level `wg_ipv6_*`, meaning endpoint 0).
struct WireguardEndpoint
{
  int id = 0;
  bool enabled = true;
  Located<int> port{ 7777 };
  Located<std::optional<net::InterfaceAddress>> ip_gw; // gateway address with its prefix
  Located<std::optional<net::Prefix>> ip_cidr;
  Located<std::optional<net::InterfaceAddress>> ipv6_gw;
  Located<std::optional<net::Prefix>> ipv6_cidr;
  // host:port the clients dial (the floating IP of the VIP port, or a DNS name); empty = unknown
  // until Terraform ran, and client configs carry a placeholder.
  Located<std::string> public_endpoint;
  SourcePos pos;
};

// One `[[wireguard.peers]]` entry. `ip` / `ipv6` pin an address; otherwise one is allocated.
struct WireguardPeer
{
  Located<std::string> ident;
  Located<std::string> pub_key;
  Located<std::optional<net::Address>> ip;
  Located<std::optional<net::Address>> ipv6;
  Located<std::string>
    endpoint; // host:port of a peer with a fixed address (site-to-site); empty = roaming
  SourcePos pos;
};

// Every value dualstack reads from config.toml.
struct Config
{
  std::string file; // path as given

  // [terraform]
  Located<bool> ipv4_enabled{ true };
  Located<bool> ipv6_enabled{ false };
  Located<std::optional<net::Prefix>> subnet_cidr;
  Located<std::optional<net::Prefix>> subnet_v6_cidr;
  Located<std::string>
    subnet_v6_pool_id; // an OpenStack subnet pool that holds subnet_v6_cidr (global IPv6)
  Located<int> gateway_count{ 3 };
  Located<std::string> ipv6_address_mode{ "dhcpv6-stateful" };
  Located<std::string> ipv6_ra_mode{ "dhcpv6-stateful" };
  Located<int> dhcp_reserve{ 8 };   // addresses at the top of each subnet left to OpenStack DHCP
  Located<int> network_mtu{ 1450 }; // the cluster network's MTU (yaook's key and default)
  // The NIC on the cluster subnet, as the VM image names it (keepalived, sysctl, the deploy's
  // check).
  Located<std::string> gateway_interface{ "eth0" };
  Located<std::string> node_interface{ "eth0" };
  Located<std::string> cluster_name{ "managed-k8s" };
  std::vector<NodeSpec> nodes; // from [terraform.nodes.*], else from `masters` / `workers`
  SourcePos terraform_pos;

  // [load-balancing]
  Located<std::vector<int>> vrrp_priorities;
  std::vector<LbPort> lb_ports;
  Located<int> vrrp_router_id{ 51 };
  Located<double> vrrp_advert_int{ 0.1 };
  Located<int> vrrp_preempt_delay{
    0
  }; // 0: a returning gateway never takes the VIPs back (nopreempt)
  Located<std::int64_t> gateway_as{ 65000 };
  Located<bool> export_loadbalancer_pools{ true }; // WireGuard clients route the LoadBalancer pools
  SourcePos load_balancing_pos;

  // [kubernetes]
  Located<std::string> version;
  Located<int> apiserver_frontend_port{ 8888 };
  Located<int> apiserver_bind_port{ 6443 };
  Located<std::string> control_plane_endpoint; // a DNS name or literal; empty = primary VIP
  Located<int> node_cidr_mask_size_v4{ 24 };
  Located<int> node_cidr_mask_size_v6{ 64 };
  Located<int> pod_limit{ 110 };
  SourcePos kubernetes_pos;

  // [kubernetes.network]
  Located<std::optional<net::Prefix>> pod_subnet;
  Located<std::optional<net::Prefix>> pod_subnet_v6;
  Located<std::optional<net::Prefix>> service_subnet;
  Located<std::optional<net::Prefix>> service_subnet_v6;
  Located<bool> bgp_announce_service_ips{ false };
  Located<std::optional<net::Prefix>> loadbalancer_pool;    // Calico LoadBalancer IPAM, IPv4
  Located<std::optional<net::Prefix>> loadbalancer_pool_v6; // Calico LoadBalancer IPAM, IPv6
  // TCP ports the internet may open to routed IPv6 pods (the nodes' security group), each with
  // its own position; empty = only replies reach pods from outside.
  Located<std::vector<Located<int>>> pod_ingress_v6_tcp_ports;
  Located<std::string> plugin{ "calico" };
  Located<std::string> primary_family; // "ipv4" | "ipv6"; empty = IPv4 when enabled
  Located<std::int64_t> node_as{ 64512 };
  SourcePos network_pos;

  // [kubernetes.network.calico]
  Located<int> mtu{ 1450 }; // absent: network_mtu less the encapsulation's overhead (plan/mtu.hpp)
  Located<std::string> encapsulation{ "None" };    // IPv4 pool (operator spelling)
  Located<std::string> ipipmode{ "Never" };        // IPv4 pool (manifest spelling)
  Located<std::string> encapsulation_v6{ "None" }; // IPv6 pool: None | VXLAN | VXLANCrossSubnet
  Located<int> block_size_v4{ 26 };
  Located<int> block_size_v6{ 122 };
  Located<bool> nat_outgoing_v4{ true };
  Located<bool> nat_outgoing_v6{ false };
  Located<std::string> ip_autodetection_method;    // empty = cidr=<cluster subnet>
  Located<std::string> ipv6_autodetection_method;  // empty = cidr=<cluster subnet v6>
  Located<std::string> install_mode{ "operator" }; // operator | manifest
  SourcePos calico_pos;

  // [wireguard]
  Located<bool> wireguard_enabled{ true };
  std::vector<WireguardEndpoint> wireguard_endpoints;
  std::vector<WireguardPeer> wireguard_peers;
  SourcePos wireguard_pos;
  // The IPAM state file (`[wireguard] ipam_state`, default `wireguard-ipam.toml` beside the
  // config): peer ident -> slot, as `render` last recorded them. Empty when there is none yet.
  std::string peer_state_path;
  std::map<std::string, std::uint64_t> peer_state;
};

} // namespace dualstack::config
