// Floating IPs of the gateways and the VIP.
#include <dualstack/render/terraform/floating_ips.hpp>

#include <dualstack/render/terraform/network.hpp>
#include <dualstack/render/terraform/ports.hpp>
#include <dualstack/render/terraform/settings.hpp>

namespace dualstack::render::terraform {

void add_floating_ips(TerraformDocument& doc, const plan::Plan& plan)
{
  if (!plan.has(net::Family::ipv4))
    return;
  // A floating IP needs the router to reach its port's subnet; nothing in its own arguments
  // names the router interface, so without this the first `apply` can race (Neutron: "External
  // network ... is not reachable from subnet").
  Json router_interfaces = Json::array();
  for (const auto& [family, network] : plan.networks)
    router_interfaces.push_back(std::string(type::router_interface) + "." +
                                subnet_name(network.family));
  for (const plan::Host* gateway : plan.hosts_with(plan::HostRole::gateway)) {
    const std::string name = host_resource_name(*gateway);
    doc.add_resource(type::floating_ip,
                     name,
                     Json{ { "description", gateway->name },
                           { "pool", var(variable::public_network) },
                           { "port_id", ref(type::port, name) },
                           { "fixed_ip", gateway->address(net::Family::ipv4)->to_string() },
                           { "depends_on", router_interfaces } });
  }
  doc.add_resource(type::floating_ip,
                   vip_floating_ip_name,
                   Json{ { "description", plan.cluster_name + " VIP" },
                         { "pool", var(variable::public_network) },
                         { "port_id", ref(type::port, vip_port_name) },
                         { "fixed_ip", plan.network(net::Family::ipv4).vip.to_string() },
                         { "depends_on", router_interfaces } });
}

} // namespace dualstack::render::terraform
