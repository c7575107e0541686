// Provider requirements and input variables of main.tf.json.
#include <dualstack/render/terraform/settings.hpp>

#include <fmt/format.h>

namespace dualstack::render::terraform {

namespace {

Json string_variable(std::string description)
{
  return Json{ { "type", "string" }, { "description", std::move(description) } };
}

} // namespace

std::string_view flavor_variable(plan::HostRole role)
{
  switch (role) {
    case plan::HostRole::gateway:
      return "flavor_gateway";
    case plan::HostRole::master:
      return "flavor_master";
    case plan::HostRole::worker:
      return "flavor_worker";
  }
  return "flavor_worker";
}

void add_settings(TerraformDocument& doc, const plan::Plan& plan)
{
  Json& settings = doc.settings();
  settings["required_version"] = ">= 1.0";
  settings["required_providers"] = Json{
    { "openstack",
      Json{ { "source", "terraform-provider-openstack/openstack" }, { "version", "~> 3.4" } } }
  };

  doc.add_variable(variable::image, string_variable("Glance image name for every instance"));
  for (auto role : { plan::HostRole::gateway, plan::HostRole::master, plan::HostRole::worker }) {
    if (plan.hosts_with(role).empty())
      continue;
    doc.add_variable(
      flavor_variable(role),
      string_variable(fmt::format("Nova flavor name for the {} instances", plan::to_string(role))));
  }
  Json keypair = string_variable("Nova key pair injected into every instance (null: none)");
  keypair["default"] = nullptr;
  keypair["nullable"] = true;
  doc.add_variable(variable::keypair, std::move(keypair));
  doc.add_variable(
    variable::public_network,
    string_variable("Name of the external network: router gateway and floating IP pool"));
}

} // namespace dualstack::render::terraform
