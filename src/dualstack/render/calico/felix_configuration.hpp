// Felix's cluster-wide settings: FelixConfiguration `default` (crd.projectcalico.org/v1).
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/calico/yaml_emitter.hpp>

namespace dualstack::render::calico {

// Returns FelixConfiguration `default` with ipv6Support on exactly when the Plan has IPv6, so
// Felix programs IPv6 routes and ip6tables whichever way calico/node was installed.
Document felix_configuration(const plan::Plan& plan);

} // namespace dualstack::render::calico
