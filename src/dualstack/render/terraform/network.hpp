// The cluster network: Neutron network, one subnet per enabled family, the router and its
// interfaces, and the external network it is attached to.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/terraform/document.hpp>

#include <string>

namespace dualstack::render::terraform {

// Resource name of the cluster network and router.
inline constexpr std::string_view cluster_name = "cluster";
// Data source name of the external network.
inline constexpr std::string_view public_name = "public";

// Returns the resource name of the subnet of `family`, e.g. "cluster_ipv6".
std::string subnet_name(net::Family family);

// Adds the network, the subnets (allocation pool, gateway, IPv6 modes from the Plan), the router
// and one router interface per subnet to `doc`.
void add_network(TerraformDocument& doc, const plan::Plan& plan);

} // namespace dualstack::render::terraform
