// InitConfiguration.
#include <dualstack/render/kubeadm/init_configuration.hpp>

#include <dualstack/render/kubeadm/node_registration.hpp>
#include <dualstack/render/kubeadm/plan_values.hpp>

namespace dualstack::render::kubeadm {

Json init_configuration(const plan::Plan& plan,
                        const plan::Host& first_master,
                        const KubeadmApi& api)
{
  Json doc{ { "apiVersion", api.api_version },
            { "kind", "InitConfiguration" },
            { "bootstrapTokens",
              Json::array({ Json{
                { "token", placeholder::bootstrap_token },
                { "description", "joins the other nodes (kubeadm/<node>/kubeadm.yaml)" } } }) },
            { "nodeRegistration", node_registration(first_master, api) },
            { "localAPIEndpoint",
              Json{ { "advertiseAddress", advertise_address(first_master) },
                    { "bindPort", plan.api.bind_port } } } };
  if (plan.hosts_with(plan::HostRole::master).size() > 1) {
    doc["certificateKey"] = placeholder::certificate_key; // `kubeadm init --upload-certs`
  }
  return doc;
}

} // namespace dualstack::render::kubeadm
