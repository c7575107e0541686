// Outputs of main.tf.json.
#include <dualstack/render/terraform/outputs.hpp>

#include <dualstack/render/terraform/floating_ips.hpp>
#include <dualstack/render/terraform/ports.hpp>

#include <fmt/format.h>

namespace dualstack::render::terraform {

void add_outputs(TerraformDocument& doc, const plan::Plan& plan)
{
  for (const auto& [family, network] : plan.networks) {
    doc.add_output(
      fmt::format("vip_{}", net::to_string(network.family)),
      Json{ { "description", fmt::format("the {} VIP", net::display_name(network.family)) },
            { "value", network.vip.to_string() } });
  }
  doc.add_output("control_plane_endpoint",
                 Json{ { "description", "kubeadm controlPlaneEndpoint" },
                       { "value", plan.api.control_plane_endpoint } });

  Json hosts = Json::object();
  for (const auto& host : plan.hosts) {
    Json addresses = Json::object();
    for (const auto& [family, address] : host.addresses)
      addresses[std::string(net::to_string(address.family()))] = address.to_string();
    hosts[host.name] = std::move(addresses);
  }
  doc.add_output("host_addresses",
                 Json{ { "description", "fixed addresses of every host, per family" },
                       { "value", std::move(hosts) } });

  if (plan.has(net::Family::ipv4)) {
    Json floating = Json::object();
    for (const plan::Host* gateway : plan.hosts_with(plan::HostRole::gateway)) {
      floating[gateway->name] = ref(type::floating_ip, host_resource_name(*gateway), "address");
    }
    doc.add_output(
      "gateway_floating_ips",
      Json{ { "description", "floating IPv4 of each gateway" }, { "value", std::move(floating) } });
    doc.add_output("vip_floating_ip",
                   Json{ { "description", "floating IPv4 of the VIP" },
                         { "value", ref(type::floating_ip, vip_floating_ip_name, "address") } });
  }
}

} // namespace dualstack::render::terraform
