// Config -> Plan: runs every rule, then derives every address. Pure and deterministic.
#pragma once

#include <dualstack/config/config.hpp>
#include <dualstack/plan/plan.hpp>
#include <dualstack/util/finding.hpp>

#include <optional>

namespace dualstack::plan {

// The Plan (absent when a rule found an error) and every finding, loader findings included.
struct PlanResult
{
  std::optional<Plan> plan;
  Findings findings;
};

// Checks `config` against every rule and, when no rule reports an error, derives the Plan.
// `findings` are the loader's findings for the same file; they are kept and sorted.
PlanResult derive_plan(const config::Config& config, Findings findings);

// Sets `plan`'s ipv6_egress, router_routes, metadata_url and config_drive from its families,
// networks and node interface, and empties pod_ingress_v6_tcp_ports unless the egress is routed
// (derive_plan calls it; migrate's projection to fewer families too).
void derive_egress(Plan& plan);

} // namespace dualstack::plan
