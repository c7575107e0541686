// TerraformDocument: the main.tf.json object being built, with helpers for names and references.
#pragma once

#include <dualstack/net/family.hpp>

#include <dualstack/util/json.hpp>

#include <string>
#include <string_view>

namespace dualstack::render::terraform {

// The Terraform JSON document: top-level blocks in a fixed order.
class TerraformDocument
{
public:
  TerraformDocument();

  // Adds `resource.<type>.<name>` with `body`; a second add of the same type and name is a bug.
  void add_resource(std::string_view type, std::string_view name, Json body);
  // Adds `data.<type>.<name>` with `body`.
  void add_data(std::string_view type, std::string_view name, Json body);
  // Adds `variable.<name>` with `body`.
  void add_variable(std::string_view name, Json body);
  // Adds `output.<name>` with `body`.
  void add_output(std::string_view name, Json body);
  // Returns the `terraform` settings block for the caller to fill.
  Json& settings()
  {
    return m_root["terraform"];
  }

  // Prints the document as indented JSON with a trailing newline.
  std::string dump() const;

private:
  Json m_root;
};

// Returns a Terraform identifier for `name` (letters, digits, `_`, `-`; never starting with a digit
// or `-`), e.g. a Plan host name.
std::string identifier(std::string_view name);

// Returns the interpolation `${<type>.<name>.<attribute>}`.
std::string ref(std::string_view type, std::string_view name, std::string_view attribute = "id");

// Returns the interpolation `${var.<name>}`.
std::string var(std::string_view name);

// Returns "IPv4" or "IPv6", the spelling of Neutron's `ethertype`.
std::string_view ethertype(net::Family family);

// Resource type names of the OpenStack provider.
namespace type {
inline constexpr std::string_view network = "openstack_networking_network_v2";
inline constexpr std::string_view subnet = "openstack_networking_subnet_v2";
inline constexpr std::string_view router = "openstack_networking_router_v2";
inline constexpr std::string_view router_interface = "openstack_networking_router_interface_v2";
inline constexpr std::string_view router_route = "openstack_networking_router_route_v2";
inline constexpr std::string_view port = "openstack_networking_port_v2";
inline constexpr std::string_view secgroup = "openstack_networking_secgroup_v2";
inline constexpr std::string_view secgroup_rule = "openstack_networking_secgroup_rule_v2";
inline constexpr std::string_view instance = "openstack_compute_instance_v2";
inline constexpr std::string_view floating_ip = "openstack_networking_floatingip_v2";
} // namespace type

} // namespace dualstack::render::terraform
