// JoinConfiguration.
#include <dualstack/render/kubeadm/join_configuration.hpp>

#include <dualstack/render/kubeadm/node_registration.hpp>
#include <dualstack/render/kubeadm/plan_values.hpp>

namespace dualstack::render::kubeadm {

Json join_configuration(const plan::Plan& plan, const plan::Host& host, const KubeadmApi& api)
{
  Json doc{ { "apiVersion", api.api_version },
            { "kind", "JoinConfiguration" },
            { "nodeRegistration", node_registration(host, api) },
            { "discovery",
              Json{
                { "bootstrapToken",
                  Json{ { "apiServerEndpoint", plan.api.control_plane_endpoint },
                        { "token", placeholder::bootstrap_token },
                        { "caCertHashes", Json::array({ placeholder::ca_cert_hash }) } } } } } };
  if (host.role == plan::HostRole::master) {
    doc["controlPlane"] = Json{ { "localAPIEndpoint",
                                  Json{ { "advertiseAddress", advertise_address(host) },
                                        { "bindPort", plan.api.bind_port } } },
                                { "certificateKey", placeholder::certificate_key } };
  }
  return doc;
}

} // namespace dualstack::render::kubeadm
