// Felix's cluster-wide settings: FelixConfiguration `default`.
#include <dualstack/render/calico/felix_configuration.hpp>

namespace dualstack::render::calico {

Document felix_configuration(const plan::Plan& plan)
{
  return {
    { "apiVersion", "crd.projectcalico.org/v1" },
    { "kind", "FelixConfiguration" },
    { "metadata", { { "name", "default" } } },
    { "spec", { { "ipv6Support", plan.has(net::Family::ipv6) } } },
  };
}

} // namespace dualstack::render::calico
