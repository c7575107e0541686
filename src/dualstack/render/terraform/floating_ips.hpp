// Floating IPs (IPv4 only, as Neutron has no IPv6 NAT): one per gateway for SSH and WireGuard
// before the VIP settles, one on the VIPv4 for the API and lb_ports.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/terraform/document.hpp>

#include <string>

namespace dualstack::render::terraform {

// Resource name of the VIP's floating IP.
inline constexpr std::string_view vip_floating_ip_name = "cluster_vip";

// Adds the floating IPs to `doc` when IPv4 is enabled; does nothing otherwise.
void add_floating_ips(TerraformDocument& doc, const plan::Plan& plan);

} // namespace dualstack::render::terraform
