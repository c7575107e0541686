// What every rule check gets: the config, where to report, and the enabled families.
#pragma once

#include <dualstack/config/config.hpp>
#include <dualstack/plan/family_fields.hpp>
#include <dualstack/util/finding.hpp>

#include <fmt/format.h>

#include <vector>

namespace dualstack::plan::rules {

struct Context
{
  const config::Config& config;
  Findings& findings;
  std::vector<net::Family> families; // enabled, primary first

  bool has(net::Family family) const
  {
    return std::find(families.begin(), families.end(), family) != families.end();
  }
};

// Returns true if `name` is a DNS name: dot-separated labels of letters, digits and inner `-`.
bool valid_dns_name(std::string_view name);

// One function per rule group; each reports under its own rule ids (see rules.cpp).
void check_families(
  const Context& ctx); // family-enabled, primary-family, field-family, loadbalancer-pool,
                       // dualstack-needs-calico, ipv6-settings, ipv4-settings
void check_ranges(const Context& ctx);   // overlap, reserved-range
void check_kubeadm(const Context& ctx);  // service-subnet-size, pod-subnet-size, node-mask,
                                         // k8s-version, nodes-present
void check_capacity(const Context& ctx); // capacity-hosts, capacity-node-cidrs, capacity-peers
void check_calico(
  const Context& ctx); // calico-block-size, calico-pool-block, calico-encapsulation, install-mode
void check_links(const Context& ctx);         // interface-name, network-mtu, mtu
void check_autodetection(const Context& ctx); // calico-autodetection
void check_openstack(const Context& ctx);     // ipv6-address-mode, slaac-needs-64, ipv6-reachable
void check_egress(const Context& ctx);        // ipv6-egress, ipv6-pod-ingress
void check_wireguard(
  const Context& ctx); // wireguard-gateway, wireguard-key, duplicate-name, peer-address, port
void check_wireguard_endpoints(const Context& ctx); // wireguard-endpoint
void check_gateways(const Context& ctx); // bgp-as, vrrp-priorities, vrrp-settings, gateway-count,
                                         // api-endpoint, lb-ports

} // namespace dualstack::plan::rules
