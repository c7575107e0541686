// Operator mode: the Tigera operator's Installation (operator.tigera.io/v1) for the Plan.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/calico/yaml_emitter.hpp>

namespace dualstack::render::calico {

// Returns the Installation `default`: calicoNetwork with BGP on, the Plan's MTU, one IP pool
// per enabled family (cidr, blockSize, encapsulation, natOutgoing, nodeSelector all()) and
// node address autodetection for each enabled family only. Leaving out V4 makes the operator
// set IP=none and CALICO_ROUTER_ID=hash on an IPv6-only cluster.
Document installation(const plan::Plan& plan);

} // namespace dualstack::render::calico
