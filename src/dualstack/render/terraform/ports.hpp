// Neutron ports: one per host with its fixed address of each family, and the VIP port holding
// both VIPs. Gateways may send from the VIPs and WireGuard ranges, nodes from the pod subnets.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/terraform/document.hpp>

#include <string>

namespace dualstack::render::terraform {

// Resource name of the VIP port.
inline constexpr std::string_view vip_port_name = "cluster_vip";

// Returns the resource name of the port (and instance) of `host`.
std::string host_resource_name(const plan::Host& host);

// Adds a port per host and the VIP port to `doc`.
void add_ports(TerraformDocument& doc, const plan::Plan& plan);

} // namespace dualstack::render::terraform
