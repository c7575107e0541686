// The scenario table, and running the selected scenarios in its order.
#include <dualstack/lab/scenarios.hpp>

#include <dualstack/lab/observe.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace dualstack::lab {

namespace {

// Adapts a scenario that writes no timelines to the table's signature.
template<ScenarioResult (*scenario)(LabContext&)>
ScenarioResult without_results(LabContext& lab, const std::string&)
{
  return scenario(lab);
}

// One row per scenario; a new scenario is its file and one row here.
const ScenarioInfo scenario_rows[] = {
  { 1, "converged", "converged", true, without_results<scenario_converged> },
  { 2,
    "reachability",
    "reachability from the client (nodes, pods, API through HAProxy on the VIP)",
    true,
    without_results<scenario_reachability> },
  { 3,
    "lb_master_failure",
    "LB-master failure by SIGKILL and failback",
    false,
    scenario_master_failure },
  { 4, "node_bgp_restart", "a node's BGP speaker restarts", false, scenario_node_restart },
  { 5, "partition", "the master partitioned (link down) and healed", false, scenario_partition },
  { 6,
    "api_by_name",
    "the API by its DNS name (rendered dns/hosts) with each family forced (skipped when the "
    "config has no DNS-name endpoint)",
    true,
    without_results<scenario_api_by_name> },
  { 7,
    "loadbalancer",
    "a LoadBalancer IP of each family from the client (skipped for a family without a pool)",
    true,
    without_results<scenario_loadbalancer> },
  { 8,
    "master_stall",
    "the master stalled (SIGSTOP 0.3 s and 1 s) and resumed",
    false,
    scenario_stall },
  { 9,
    "soak",
    "no spurious failover in 60 s of saturated CPUs and 1% loss",
    false,
    without_results<scenario_soak> },
  { 10,
    "internet_ipv6",
    "IPv6 to the internet as the Plan's ipv6_egress says (IPv6 only)",
    false,
    without_results<scenario_internet> },
};

ScenarioResult run_row(const ScenarioInfo& row, LabContext& lab, const std::string& results_dir)
{
  ScenarioResult result = row.run(lab, results_dir);
  result.number = row.number;
  result.key = std::string(row.key);
  return result;
}

} // namespace

std::span<const ScenarioInfo> scenario_table()
{
  return scenario_rows;
}

int scenario_count()
{
  return scenario_table().back().number;
}

const ScenarioInfo* find_scenario(int number)
{
  for (const auto& row : scenario_table()) {
    if (row.number == number)
      return &row;
  }
  return nullptr;
}

ScenarioSelection after_migration_scenarios()
{
  ScenarioSelection numbers;
  for (const auto& row : scenario_table()) {
    if (row.after_migration)
      numbers.push_back(row.number);
  }
  return numbers;
}

std::string number_list(const ScenarioSelection& numbers)
{
  std::string out;
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    if (i > 0)
      out += i + 1 == numbers.size() ? " and " : ", ";
    out += std::to_string(numbers[i]);
  }
  return out;
}

std::string scenario_summaries()
{
  std::string out;
  for (const auto& row : scenario_table())
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", row.number, row.summary);
  return out;
}

Report run_scenarios(LabContext& lab,
                     const std::string& results_dir,
                     const ScenarioSelection& selection)
{
  Report report;
  report.lab_id = lab.topology.id;
  report.results_dir = results_dir;
  const auto wanted = [&](int n) {
    return selection.empty() || std::find(selection.begin(), selection.end(), n) != selection.end();
  };
  // A reused lab may be between two states for a moment (a session re-established, a VIP moved
  // back): give it a few seconds before judging.
  if (!g_interrupted.load() && !wait_converged(lab, 10)) {
    // Nothing else can be measured on a lab that has not converged: scenario 1 says why.
    lab.say("the lab has not converged: scenario 1 only");
    report.scenarios.push_back(run_row(scenario_table().front(), lab, results_dir));
    return report;
  }
  for (const auto& row : scenario_table()) {
    if (wanted(row.number) && !g_interrupted.load())
      report.scenarios.push_back(run_row(row, lab, results_dir));
  }
  return report;
}

} // namespace dualstack::lab
