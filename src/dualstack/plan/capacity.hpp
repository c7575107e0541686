// The capacity of every range of the Plan: how much fits, how much is used.
#pragma once

#include <dualstack/config/config.hpp>
#include <dualstack/plan/plan.hpp>

#include <string>
#include <vector>

namespace dualstack::plan {

// Returns `value` in decimal (u128 has no standard formatter).
std::string to_decimal(net::u128 value);

// Returns the capacity rows of `plan` (derived from `config`).
std::vector<Capacity> compute_capacity(const config::Config& config, const Plan& plan);

// Returns how many hosts (gateways and k8s nodes) fit a cluster subnet of `subnet` with
// `gateway_count` gateways and `dhcp_reserve` addresses left to OpenStack.
net::u128 host_capacity(const net::Prefix& subnet,
                        std::uint64_t gateway_count,
                        std::uint64_t dhcp_reserve);

} // namespace dualstack::plan
