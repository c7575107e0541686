// Security groups and their rules per family: the traffic the cluster needs, so port security can
// stay on (ICMP/ICMPv6, VRRP, BGP, WireGuard, the API, lb_ports, kube-apiserver, node traffic).
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/terraform/document.hpp>

#include <optional>
#include <string>
#include <vector>

namespace dualstack::render::terraform {

// One ingress rule of one family. No protocol means any protocol; no remote means any source.
struct SecurityRule
{
  std::string name; // resource name suffix, e.g. "vrrp_ipv4"
  std::string description;
  net::Family family = net::Family::ipv4;
  std::optional<std::string> protocol; // Neutron spelling: tcp, udp, icmp, ipv6-icmp, "112", ...
  int port_min = 0;                    // 0 with port_max 0: all ports
  int port_max = 0;
  std::optional<std::string> remote_ip_prefix;
  std::optional<std::string> remote_group; // resource name of a group in the same document
};

// A security group, the host roles whose ports carry it and its rules.
struct SecurityGroup
{
  std::string name; // resource name, e.g. "gateway"
  std::string description;
  std::vector<plan::HostRole> roles;
  bool on_vip_port = false;
  std::vector<SecurityRule> rules;
};

// Returns every security group the Plan needs, rules in a fixed order, groups without rules left
// out.
std::vector<SecurityGroup> security_groups(const plan::Plan& plan);

// Returns the `${...id}` references of the groups on a port of `role`.
std::vector<std::string> security_group_ids(const plan::Plan& plan, plan::HostRole role);

// Returns the `${...id}` references of the groups on the VIP port.
std::vector<std::string> vip_security_group_ids(const plan::Plan& plan);

// Adds every group and rule to `doc`.
void add_security_groups(TerraformDocument& doc, const plan::Plan& plan);

} // namespace dualstack::render::terraform
