// Running the selected scenarios in order.
#include <dualstack/lab/scenarios.hpp>

#include <dualstack/lab/observe.hpp>

#include <algorithm>

namespace dualstack::lab {

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
    report.scenarios.push_back(scenario_converged(lab));
    return report;
  }
  if (wanted(1) && !g_interrupted.load())
    report.scenarios.push_back(scenario_converged(lab));
  if (wanted(2) && !g_interrupted.load())
    report.scenarios.push_back(scenario_reachability(lab));
  if (wanted(3) && !g_interrupted.load())
    report.scenarios.push_back(scenario_master_failure(lab, results_dir));
  if (wanted(4) && !g_interrupted.load())
    report.scenarios.push_back(scenario_node_restart(lab, results_dir));
  if (wanted(5) && !g_interrupted.load())
    report.scenarios.push_back(scenario_partition(lab, results_dir));
  if (wanted(6) && !g_interrupted.load())
    report.scenarios.push_back(scenario_api_by_name(lab));
  if (wanted(7) && !g_interrupted.load())
    report.scenarios.push_back(scenario_loadbalancer(lab));
  if (wanted(8) && !g_interrupted.load())
    report.scenarios.push_back(scenario_stall(lab, results_dir));
  if (wanted(9) && !g_interrupted.load())
    report.scenarios.push_back(scenario_soak(lab));
  if (wanted(10) && !g_interrupted.load())
    report.scenarios.push_back(scenario_internet(lab));
  return report;
}

} // namespace dualstack::lab
