// Compute instances of main.tf.json.
#include <dualstack/render/terraform/instances.hpp>

#include <dualstack/render/terraform/ports.hpp>
#include <dualstack/render/terraform/settings.hpp>

namespace dualstack::render::terraform {

void add_instances(TerraformDocument& doc, const plan::Plan& plan)
{
  for (const auto& host : plan.hosts) {
    const std::string name = host_resource_name(host);
    Json body{ { "name", host.name },
               { "flavor_name", var(flavor_variable(host.role)) },
               { "image_name", var(variable::image) },
               { "key_pair", var(variable::keypair) },
               { "metadata",
                 Json{ { "role", plan::to_string(host.role) }, { "cluster", plan.cluster_name } } },
               { "network", Json::array({ Json{ { "port", ref(type::port, name) } } }) } };
    // IPv6-only: no 169.254.169.254. The metadata service over IPv6 needs a recent Neutron and
    // cloud-init; a config drive needs neither (README, "IPv6 that reaches the internet").
    if (plan.config_drive)
      body["config_drive"] = true;
    doc.add_resource(type::instance, name, std::move(body));
  }
}

} // namespace dualstack::render::terraform
