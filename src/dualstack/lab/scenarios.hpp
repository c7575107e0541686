// The lab's scenarios, each run for IPv4 and IPv6 separately:
//  1 converged, 2 reachability from the client, 3 LB-master failure (SIGKILL) and failback,
//  4 a node's BGP speaker restarts, 5 the master is partitioned from the cluster network.
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

// Which scenarios to run (numbers 1-5; empty = all).
using ScenarioSelection = std::vector<int>;

// Runs the selected scenarios in order and returns the report; SVG timelines go to `results_dir`.
Report run_scenarios(LabContext& lab,
                     const std::string& results_dir,
                     const ScenarioSelection& selection);

} // namespace dualstack::lab
