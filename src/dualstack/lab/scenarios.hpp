// The lab's scenarios, each run for IPv4 and IPv6 separately, and the one table that numbers and
// names them (scenario_table(): `lab test --scenario N`, run_scenarios, `lab test --help`,
// docs/lab.md's numbering and `lab migrate`'s scenarios after the migration all read it).
#pragma once

#include <dualstack/lab/lab_context.hpp>
#include <dualstack/lab/report.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

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
// WireGuard peer, derived with the lab's environment) reloads WireGuard on every gateway and
// moves no VIP.
ScenarioResult scenario_add_peer(LabContext& lab, const config::Config& with_peer);

// One row of the scenario table: a scenario's number, key and what it does, in one place.
struct ScenarioInfo
{
  int number;               // `--scenario N`; the report's and docs/lab.md's numbering
  std::string_view key;     // its key in the JSON report (`.scenarios.<key>`)
  std::string_view summary; // what it does, as `lab test --help` lists it
  bool after_migration;     // `lab migrate` runs it on the migrated lab, for both families
  ScenarioResult (*run)(LabContext& lab, const std::string& results_dir);
};

// Returns the scenario table, numbered 1..scenario_count() in the order `lab test` runs them.
std::span<const ScenarioInfo> scenario_table();

// Returns the number of the last scenario.
int scenario_count();

// Returns the scenario numbered `number`, or nullptr.
const ScenarioInfo* find_scenario(int number);

// Which scenarios to run (numbers 1-scenario_count(); empty = all).
using ScenarioSelection = std::vector<int>;

// Returns the scenarios `lab migrate` runs after the migration (the table's after_migration).
ScenarioSelection after_migration_scenarios();

// Returns `numbers` as prose: "1, 2, 6 and 7".
std::string number_list(const ScenarioSelection& numbers);

// Returns every scenario as "N summary", comma-separated (for `lab test --help`).
std::string scenario_summaries();

// Runs the selected scenarios in table order and returns the report (each result numbered and
// keyed by its row); SVG timelines go to `results_dir`. A lab that has not converged runs
// scenario 1 only, which says why.
Report run_scenarios(LabContext& lab,
                     const std::string& results_dir,
                     const ScenarioSelection& selection);

} // namespace dualstack::lab
