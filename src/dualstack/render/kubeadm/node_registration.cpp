// nodeRegistration of one node.
#include <dualstack/render/kubeadm/node_registration.hpp>

#include <dualstack/render/kubeadm/extra_args.hpp>
#include <dualstack/render/kubeadm/plan_values.hpp>

namespace dualstack::render::kubeadm {

Json node_registration(const plan::Host& host, const KubeadmApi& api)
{
  return Json{ { "name", host.name },
               { "kubeletExtraArgs", extra_args({ { "node-ip", node_ip(host) } }, api) } };
}

} // namespace dualstack::render::kubeadm
