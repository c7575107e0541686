// Host ports and the VIP port of main.tf.json.
#include <dualstack/render/terraform/ports.hpp>

#include <dualstack/render/terraform/network.hpp>
#include <dualstack/render/terraform/security_groups.hpp>

#include <fmt/format.h>

namespace dualstack::render::terraform {

namespace {

Json fixed_ip(net::Family family, const net::Address& address)
{
  return Json{ { "subnet_id", ref(type::subnet, subnet_name(family)) },
               { "ip_address", address.to_string() } };
}

Json pair(const std::string& address)
{
  return Json{ { "ip_address", address } };
}

// Addresses a host's port may send from besides its own: without them port security drops the
// VRRP master's VIP traffic, forwarded WireGuard traffic, natively routed pod traffic, routed IPv6
// pods' traffic from the internet and the replies of Services (announced service IPs, LoadBalancer
// IPs).
Json allowed_address_pairs(const plan::Plan& plan, const plan::Host& host)
{
  Json pairs = Json::array();
  if (host.role == plan::HostRole::gateway) {
    for (const auto& [family, network] : plan.networks)
      pairs.push_back(pair(network.vip.to_string()));
    for (const auto& endpoint : plan.wireguard_endpoints) {
      for (const auto& [family, range] : endpoint.ranges)
        pairs.push_back(pair(range.prefix.to_string()));
    }
    // Routed IPv6 pods: the VRRP master forwards what the router sends to the pod prefix (from
    // anywhere) on to the nodes.
    if (plan.ipv6_egress == plan::Ipv6Egress::routed)
      pairs.push_back(pair("::/0"));
  } else {
    for (const auto& [family, network] : plan.networks)
      pairs.push_back(pair(network.pod_subnet.to_string()));
    if (plan.bgp_announce_service_ips) {
      for (const auto& [family, network] : plan.networks)
        pairs.push_back(pair(network.service_subnet.to_string()));
    }
    // A node answers from a LoadBalancer IP after kube-proxy's reverse NAT; without the pool the
    // replies of LoadBalancer Services are dropped by port security (both families).
    for (const auto& [family, network] : plan.networks) {
      if (network.loadbalancer_pool)
        pairs.push_back(pair(network.loadbalancer_pool->to_string()));
    }
  }
  return pairs;
}

Json host_port(const plan::Plan& plan, const plan::Host& host)
{
  Json fixed_ips = Json::array();
  for (const auto& [family, address] : host.addresses)
    fixed_ips.push_back(fixed_ip(address.family(), address));
  return Json{ { "name", host.name },
               { "network_id", ref(type::network, cluster_name) },
               { "admin_state_up", true },
               { "port_security_enabled", true },
               { "security_group_ids", security_group_ids(plan, host.role) },
               { "fixed_ip", std::move(fixed_ips) },
               { "allowed_address_pairs", allowed_address_pairs(plan, host) } };
}

Json vip_port(const plan::Plan& plan)
{
  Json fixed_ips = Json::array();
  for (const auto& [family, network] : plan.networks)
    fixed_ips.push_back(fixed_ip(network.family, network.vip));
  return Json{ { "name", fmt::format("{}-vip", plan.cluster_name) },
               { "description", "reserves the VIPs the VRRP master gateway holds" },
               { "network_id", ref(type::network, cluster_name) },
               { "admin_state_up", true },
               { "port_security_enabled", true },
               { "security_group_ids", vip_security_group_ids(plan) },
               { "fixed_ip", std::move(fixed_ips) } };
}

} // namespace

std::string host_resource_name(const plan::Host& host)
{
  return identifier(host.name);
}

void add_ports(TerraformDocument& doc, const plan::Plan& plan)
{
  for (const auto& host : plan.hosts)
    doc.add_resource(type::port, host_resource_name(host), host_port(plan, host));
  doc.add_resource(type::port, vip_port_name, vip_port(plan));
}

} // namespace dualstack::render::terraform
