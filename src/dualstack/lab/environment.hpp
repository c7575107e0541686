// The lab's environment (the floating IP the WireGuard clients dial, the client's and the site
// peer's keys and addresses) fed in through the Config, where an operator writes it, so the Plan
// derived from it is checked by every rule like any other.
#pragma once

#include <dualstack/config/config.hpp>
#include <dualstack/lab/topology.hpp>
#include <dualstack/plan/plan.hpp>

#include <tl/expected.hpp>

#include <string>

namespace dualstack::lab {

// Sets in `config` what the lab provides as the cluster's environment: `public_endpoint` of each
// enabled `[[wireguard.endpoints]]` entry (the floating IP:port; none on a routed IPv6-only lab,
// whose clients dial the VIP, the endpoint derive_plan gives such a cluster), the first peer's (the
// lab's client's) `pub_key` and, when the client is fixed, its `endpoint`; the second peer's (the
// site peer's) `pub_key` and `endpoint` when the topology has one. Each value is marked present at
// its entry's position, so a finding about it points there.
void apply_environment(config::Config& config,
                       const Topology& topology,
                       const std::string& client_public_key,
                       const std::string& site_public_key = "");

// Returns the Plan of `config` with the lab's environment applied, derived and checked by every
// rule as `dualstack render` would; the error names each finding that stops it ("rule-id:
// message" per line).
tl::expected<plan::Plan, std::string> derive_lab_plan(config::Config config,
                                                      const Topology& topology,
                                                      const std::string& client_public_key,
                                                      const std::string& site_public_key = "");

// Returns the Plan of `config` as it is (no environment), or the findings that stop it, as
// derive_lab_plan words them after the line `what`: what the topology is computed from.
tl::expected<plan::Plan, std::string> derive_config_plan(
  const config::Config& config,
  const char* what = "the config does not pass its rules:");

} // namespace dualstack::lab
