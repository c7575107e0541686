// Network, subnets, router, router interfaces and router routes of main.tf.json.
#include <dualstack/render/terraform/network.hpp>

#include <dualstack/render/terraform/settings.hpp>

#include <fmt/format.h>

namespace dualstack::render::terraform {

namespace {

Json subnet(const plan::Plan& plan, const plan::FamilyPlan& network)
{
  const bool v6 = network.family == net::Family::ipv6;
  Json body{
    { "name", fmt::format("{}-{}", plan.cluster_name, net::to_string(network.family)) },
    { "network_id", ref(type::network, cluster_name) },
    { "ip_version", v6 ? 6 : 4 },
    { "cidr", network.cluster_subnet.to_string() },
    { "gateway_ip", network.router.to_string() },
    { "enable_dhcp", true },
    { "allocation_pool",
      Json::array({ Json{ { "start", network.dhcp_first.to_string() },
                          { "end", network.dhcp_last.to_string() } } }) },
  };
  if (v6) {
    body["ipv6_address_mode"] = plan.ipv6_address_mode;
    body["ipv6_ra_mode"] = plan.ipv6_ra_mode;
    // Neutron allocates exactly `cidr` from the pool (it must lie in one of the pool's prefixes),
    // so every address of the Plan stays what it is; the pool's address scope lets the router
    // route the subnet without NAT.
    if (!plan.ipv6_subnet_pool_id.empty())
      body["subnetpool_id"] = plan.ipv6_subnet_pool_id;
  }
  return body;
}

} // namespace

std::string subnet_name(net::Family family)
{
  return fmt::format("{}_{}", cluster_name, net::to_string(family));
}

void add_network(TerraformDocument& doc, const plan::Plan& plan)
{
  doc.add_data(type::network,
               public_name,
               Json{ { "name", var(variable::public_network) }, { "external", true } });

  doc.add_resource(type::network,
                   cluster_name,
                   Json{ { "name", plan.cluster_name },
                         { "admin_state_up", true },
                         { "mtu", plan.network_mtu },
                         { "port_security_enabled", true } });
  for (const auto& [family, network] : plan.networks) {
    doc.add_resource(type::subnet, subnet_name(network.family), subnet(plan, network));
  }

  doc.add_resource(type::router,
                   cluster_name,
                   Json{ { "name", plan.cluster_name },
                         { "admin_state_up", true },
                         { "external_network_id",
                           fmt::format("${{data.{}.{}.id}}", type::network, public_name) } });
  for (const auto& [family, network] : plan.networks) {
    doc.add_resource(type::router_interface,
                     subnet_name(network.family),
                     Json{ { "router_id", ref(type::router, cluster_name) },
                           { "subnet_id", ref(type::subnet, subnet_name(network.family)) } });
  }
  // A routed IPv6 pod prefix goes to the IPv6 VIP: the VRRP master forwards it to the node that
  // owns the block (BGP), and replies leave through the router, so no address is translated.
  // Neutron accepts a next hop only on a subnet the router is attached to: after the interface.
  int i = 0;
  for (const auto& route : plan.router_routes) {
    const net::Family family = route.next_hop.family();
    doc.add_resource(
      type::router_route,
      fmt::format("route_{}", i),
      Json{
        { "router_id", ref(type::router, cluster_name) },
        { "destination_cidr", route.destination.to_string() },
        { "next_hop", route.next_hop.to_string() },
        { "depends_on",
          Json::array({ fmt::format("{}.{}", type::router_interface, subnet_name(family)) }) } });
    ++i;
  }
}

} // namespace dualstack::render::terraform
