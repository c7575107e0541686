// Manifest mode: the Plan's Calico IP pools as crd.projectcalico.org/v1 IPPool resources.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/calico/yaml_emitter.hpp>

#include <vector>

namespace dualstack::render::calico {

// Returns one IPPool per enabled family, primary first, named as calico/node names its default
// pools, so applying them before calico/node starts means it creates none of its own:
// cidr, blockSize, ipipMode (Never on IPv6), vxlanMode, natOutgoing, nodeSelector all().
std::vector<Document> ip_pools(const plan::Plan& plan);

} // namespace dualstack::render::calico
