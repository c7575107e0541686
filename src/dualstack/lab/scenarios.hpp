// The lab's scenarios, each run for IPv4 and IPv6 separately:
//  1 converged, 2 reachability from the client, 3 LB-master failure (SIGKILL) and failback,
//  4 a node's BGP speaker restarts, 5 the master is partitioned from the cluster network,
//  6 the API by name (rendered dns/hosts), 7 a LoadBalancer IP from the client, 8 the master
//  stalls (SIGSTOP 0.3 s and 1 s) and resumes, 9 no spurious failover in 60 s of saturated CPUs
//  and 1% loss, 10 IPv6 to the internet as the Plan's ipv6_egress says (IPv6 only).
#pragma once

#include <dualstack/lab/lab_context.hpp>
#include <dualstack/lab/report.hpp>

#include <string>

namespace dualstack::lab {

ScenarioResult scenario_converged(LabContext& lab);
ScenarioResult scenario_reachability(LabContext& lab);
ScenarioResult scenario_master_failure(LabContext& lab, const std::string& results_dir);
ScenarioResult scenario_node_restart(LabContext& lab, const std::string& results_dir);
ScenarioResult scenario_partition(LabContext& lab, const std::string& results_dir);
ScenarioResult scenario_api_by_name(LabContext& lab);
ScenarioResult scenario_loadbalancer(LabContext& lab);
ScenarioResult scenario_stall(LabContext& lab, const std::string& results_dir);
ScenarioResult scenario_soak(LabContext& lab);
ScenarioResult scenario_internet(LabContext& lab);
// Deploy mode only (scenario 0, before the others): the playbook run again changes nothing.
ScenarioResult scenario_redeploy(LabContext& lab);
// The longest client->pod gap add_peer accepts while WireGuard reloads (seconds). wireguard-go
// (the lab's WireGuard) rebinds its UDP socket on every `listen_port` line, and `wg syncconf`
// always sends one: under CI load that stalled traffic up to 0.19 s (nothing lost). The kernel
// module keeps an unchanged port, so a real gateway does better. A lost WireGuard session costs
// seconds; whether the VIPs moved is checked directly.
inline constexpr double add_peer_gap_limit_s = 1.0;

// Deploy mode only (after redeploy): the playbook with `with_peer` (the lab's config plus one
// WireGuard peer) reloads WireGuard on every gateway and moves no VIP.
ScenarioResult scenario_add_peer(LabContext& lab, const plan::Plan& with_peer);

// The number of the last scenario (they are numbered 1..scenario_count).
constexpr int scenario_count = 10;

// Which scenarios to run (numbers 1-scenario_count; empty = all).
using ScenarioSelection = std::vector<int>;

// Runs the selected scenarios in order and returns the report; SVG timelines go to `results_dir`.
Report run_scenarios(LabContext& lab,
                     const std::string& results_dir,
                     const ScenarioSelection& selection);

} // namespace dualstack::lab
