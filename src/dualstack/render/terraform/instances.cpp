// Compute instances of main.tf.json.
#include <dualstack/render/terraform/instances.hpp>

#include <dualstack/render/terraform/ports.hpp>
#include <dualstack/render/terraform/settings.hpp>

namespace dualstack::render::terraform {

void add_instances(TerraformDocument& doc, const plan::Plan& plan)
{
  for (const auto& host : plan.hosts) {
    const std::string name = host_resource_name(host);
    doc.add_resource(
      type::instance,
      name,
      Json{ { "name", host.name },
            { "flavor_name", var(flavor_variable(host.role)) },
            { "image_name", var(variable::image) },
            { "key_pair", var(variable::keypair) },
            { "metadata",
              Json{ { "role", plan::to_string(host.role) }, { "cluster", plan.cluster_name } } },
            { "network", Json::array({ Json{ { "port", ref(type::port, name) } } }) } });
  }
}

} // namespace dualstack::render::terraform
