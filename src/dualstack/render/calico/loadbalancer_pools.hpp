// Calico LoadBalancer IPAM: one IPPool per family that has a `loadbalancer_pool`.
#pragma once

#include <dualstack/plan/plan.hpp>
#include <dualstack/render/calico/yaml_emitter.hpp>

#include <vector>

namespace dualstack::render::calico {

// Returns an IPPool with `allowedUses: [LoadBalancer]` per family with a LoadBalancer pool,
// primary first (empty when none is configured). Calico's kube-controllers assigns Services of
// type LoadBalancer an address from them; no encapsulation, no NAT (they are destinations).
std::vector<Document> loadbalancer_pools(const plan::Plan& plan);

// Returns the name of the LoadBalancer pool of `family`.
std::string loadbalancer_pool_name(net::Family family);

} // namespace dualstack::render::calico
