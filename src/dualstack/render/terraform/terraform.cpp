// render_terraform: Plan -> terraform/main.tf.json.
#include <dualstack/render/renderers.hpp>

#include <dualstack/render/terraform/document.hpp>
#include <dualstack/render/terraform/floating_ips.hpp>
#include <dualstack/render/terraform/instances.hpp>
#include <dualstack/render/terraform/network.hpp>
#include <dualstack/render/terraform/outputs.hpp>
#include <dualstack/render/terraform/ports.hpp>
#include <dualstack/render/terraform/security_groups.hpp>
#include <dualstack/render/terraform/settings.hpp>

namespace dualstack::render {

Artifacts render_terraform(const plan::Plan& plan)
{
  terraform::TerraformDocument doc;
  terraform::add_settings(doc, plan);
  terraform::add_network(doc, plan);
  terraform::add_security_groups(doc, plan);
  terraform::add_ports(doc, plan);
  terraform::add_instances(doc, plan);
  terraform::add_floating_ips(doc, plan);
  terraform::add_outputs(doc, plan);

  Artifact artifact;
  artifact.path = "terraform/main.tf.json";
  artifact.host = "operator";
  artifact.target_path = "";
  artifact.mode = 0644;
  artifact.purpose =
    "OpenStack network, subnets, router, security groups, ports and instances (terraform apply)";
  artifact.content = doc.dump();
  return { artifact };
}

} // namespace dualstack::render
