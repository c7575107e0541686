// calico/node address autodetection: the Plan's method string (IP_AUTODETECTION_METHOD
// spelling) as the operator's NodeAddressAutodetection object.
#pragma once

#include <dualstack/render/calico/yaml_emitter.hpp>

#include <string_view>

namespace dualstack::render::calico {

// Returns the Installation's nodeAddressAutodetectionV4/V6 object for `method`:
// `cidr=a,b` -> {cidrs: [a, b]}, `interface=x` -> {interface: x}, `skip-interface=x`,
// `can-reach=x`, `first-found`, `kubernetes-internal-ip`. The operator turns the object back
// into exactly `method` for calico/node. Throws std::invalid_argument on any other method.
Document node_address_autodetection(std::string_view method);

} // namespace dualstack::render::calico
