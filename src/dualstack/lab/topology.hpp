// The lab's topology, computed from the Plan and the lab options: which hosts take part, the
// namespace and interface names (unique to the lab id), the pods and their Calico blocks, the
// operator's client and the simulated public network. Pure: nothing here touches the system.
#pragma once

#include <dualstack/plan/plan.hpp>

#include <tl/expected.hpp>

#include <optional>
#include <string>
#include <vector>

namespace dualstack::lab {

using net::Address;
using net::Family;
using net::Prefix;

// What the user asked for.
struct LabOptions
{
  std::string id;   // 4 hex digits; random when empty
  int nodes = 4;    // k8s nodes in the lab (masters first, then workers, alternating)
  int gateways = 0; // gateways in the lab; 0 = all of the config's
  // `ansible`: the gateways get their files and daemons from the rendered playbook, run with the
  // real ansible-playbook over SSH from the client (docs/lab.md, deploy mode); "": the lab
  // installs them itself.
  std::string deploy;
  // `fixed`: the client has a public address the gateways know (its `endpoint`, site-to-site);
  // `roaming`: an operator's laptop behind a home NAT (IPv6: a stateful firewall), unknown to the
  // gateways until it dials in, as most users' peers are.
  std::string client = "roaming";
  // Where an `up` that fails (no convergence) keeps its snapshot of logs and daemon state before
  // it takes the lab down again ("": nowhere).
  std::string evidence_dir;
  // The Terraform JSON whose ports and security groups the lab's network enforces, as Neutron
  // would ("": the one rendered from the config, render/terraform/main.tf.json).
  std::string terraform;
  // `lab test`: a lab that does not converge stays up, and scenario 1 (converged) reports why,
  // instead of `up` failing.
  bool scenarios_judge_convergence = false;
};

struct LabGateway
{
  std::string name;                // Plan host name
  int index = 0;                   // position in the Plan's gateways
  std::string ns;                  // network namespace
  std::string port;                // its port on the cluster bridge (switch namespace)
  std::vector<std::string> wg_ifs; // one per WireGuard endpoint, unique machine-wide
  Address floating_ip;             // its own floating IP on the lab's internet (1:1 DNAT, SSH)
};

struct LabPod
{
  std::string ns;
  std::vector<Address> addresses; // one per family, primary first
};

struct LabNode
{
  std::string name; // Plan host name
  bool master = false;
  std::string ns;
  std::string port;           // its port on the cluster bridge
  std::string cali_if;        // host side of the pod's veth (Calico's caliXXX)
  std::vector<Prefix> blocks; // its Calico block per family, primary first
  LabPod pod;
};

// The operator's laptop on the simulated internet.
struct LabClient
{
  std::string ns;
  std::string wg_if;
  std::string peer_ident; // the Plan's WireGuard peer it plays
  Address public_address; // fixed: its own; roaming: its home router's
  int listen_port = 51820;
  // Roaming: the laptop sits on a home LAN behind `home_ns`, which masquerades IPv4 (and only
  // lets replies in for IPv6), so only the address:port it last sent from reaches it.
  bool roaming = false;
  std::string home_ns;
  Prefix lan;
  Address lan_router;
  Address lan_address;
};

// The simulated internet between the client and the OpenStack router (documentation ranges:
// TEST-NET-2 / 2001:db8::/32). Not part of the Plan: it stands for the world outside the cluster.
struct PublicNet
{
  Family family = Family::ipv4; // the WireGuard outer family: IPv4 when the cluster has it
  Prefix subnet;
  Address router;      // the OpenStack router's external address
  Address floating_ip; // the floating IP of the VIP port (NATed to the VIP); routed: the VIP
  Address client;
  Address site; // the fixed-endpoint peer beside a roaming client
  // An IPv6-only cluster on a global subnet: the router routes it without NAT, as Neutron does
  // (no IPv6 floating IPs), and clients dial the VIP itself.
  bool routed = false;
};

// The IPv6 internet beside the public network, for every cluster with IPv6 (scenario 10): a host
// with a global documentation address on br-public, its default route via the OpenStack router.
// An IPv6-only cluster's public network is already this subnet; a dual-stack one's router gains
// an IPv6 address on it. Not part of the Plan: it stands for the world outside the cluster.
struct LabInternet
{
  std::string ns;
  Prefix subnet;  // 2001:db8:5100::/64
  Address router; // the OpenStack router's external IPv6 address
  Address host;   // the internet host
};

struct Topology
{
  std::string id;
  std::string prefix;    // namespace prefix, "dsl<id>-"
  std::string switch_ns; // bridges: cluster network, public network
  std::string router_ns; // the OpenStack router (+ floating IP NAT)
  std::string cluster_bridge = "br-cluster";
  std::string public_bridge = "br-public";
  std::vector<LabGateway> gateways;
  std::vector<LabNode> nodes;
  LabClient client;
  // A second peer with a fixed endpoint (site-to-site) beside a roaming client, so one lab
  // measures both kinds: it plays the Plan's second [[wireguard.peers]] entry. Absent when the
  // client is fixed itself or the config has a single peer.
  std::optional<LabClient> site;
  PublicNet public_net;
  std::optional<LabInternet> internet; // absent without IPv6

  // Returns every namespace, in creation order.
  std::vector<std::string> namespaces() const;
  // Returns every WireGuard interface name (their control sockets are machine-wide).
  std::vector<std::string> wg_interfaces() const;
  const LabGateway* gateway(const std::string& name) const;
  const LabNode* node(const std::string& name) const;
};

// Returns a random lab id (4 hex digits).
std::string random_lab_id();

// Returns whether `id` is a valid lab id (1-6 lowercase hex digits).
bool valid_lab_id(const std::string& id);

// Computes the topology of `plan` under `options` (options.id must be valid). Errors name what
// is missing (no master, no WireGuard peer, ...) with a hint.
tl::expected<Topology, std::string> make_topology(const plan::Plan& plan,
                                                  const LabOptions& options);

} // namespace dualstack::lab
