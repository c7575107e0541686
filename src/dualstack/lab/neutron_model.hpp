// What Neutron enforces per port, read from the rendered Terraform (`terraform/main.tf.json`):
// each port's fixed IPs, allowed address pairs and security groups, and every group's rules.
// The lab enforces this model on its network (port_security.hpp), so a rule or an address pair
// missing from the file fails a scenario, as it would fail the cluster on OpenStack.
#pragma once

#include <dualstack/net/prefix.hpp>

#include <tl/expected.hpp>

#include <optional>
#include <string>
#include <vector>

namespace dualstack::lab {

struct SecurityGroup
{
  std::string key;      // "gateway" in openstack_networking_secgroup_v2.gateway
  std::string resource; // "openstack_networking_secgroup_v2.gateway"
  // Neutron gives every new group an "allow all egress" rule per family unless the resource
  // sets `delete_default_rules`.
  bool default_egress = true;
};

struct SecurityGroupRule
{
  std::string resource; // "openstack_networking_secgroup_rule_v2.gateway_bgp_ipv4"
  std::string group;    // key of the group it belongs to
  bool ingress = true;
  net::Family family = net::Family::ipv4;
  std::optional<int> protocol; // IP protocol number; nullopt: any protocol
  // tcp, udp, sctp: the destination port range; icmp / ipv6-icmp: type (min) and code (max).
  std::optional<int> port_min;
  std::optional<int> port_max;
  std::optional<net::Prefix> remote_prefix; // the far side: source (ingress), destination (egress)
  std::string remote_group; // key of a group whose ports' addresses are the far side
};

struct NeutronPort
{
  std::string key;      // "lab-gw-0" in openstack_networking_port_v2.lab-gw-0
  std::string resource; // "openstack_networking_port_v2.lab-gw-0"
  std::string name;     // its `name` (the host's name)
  bool port_security = true;
  std::vector<std::string> groups; // security group keys
  std::vector<net::Address> fixed_ips;
  std::vector<net::Prefix>
    allowed_pairs; // allowed_address_pairs' ip_address (a /32 or /128 when bare)

  // Returns the prefixes a frame from this port may carry as its source address (fixed IPs and
  // allowed address pairs) of `family`.
  std::vector<net::Prefix> sources(net::Family family) const;
};

struct NeutronModel
{
  std::vector<SecurityGroup> groups;
  std::vector<SecurityGroupRule> rules;
  std::vector<NeutronPort> ports;

  const NeutronPort* port_named(const std::string& name) const;
  const SecurityGroup* group(const std::string& key) const;
};

// Reads the Neutron resources of a Terraform JSON configuration. An error names the file and the
// resource, e.g. a rule whose `protocol` Neutron does not know, or a security group reference
// that points at no `openstack_networking_secgroup_v2` of the file.
tl::expected<NeutronModel, std::string> read_neutron_model(const std::string& path);

// Parses the JSON text of a Terraform configuration (`source` names it in errors).
tl::expected<NeutronModel, std::string> parse_neutron_model(const std::string& text,
                                                            const std::string& source);

// Returns the IP protocol number of a Neutron rule's `protocol` ("tcp", "ipv6-icmp", "112"),
// or nullopt for a name Neutron does not accept.
std::optional<int> neutron_protocol_number(const std::string& protocol);

} // namespace dualstack::lab
