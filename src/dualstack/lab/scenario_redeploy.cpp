// Deploy mode's scenario 0: the playbook run a second time over the deployed gateways changes
// nothing and costs the client's traffic nothing, and the VIPs stay where they are.
#include <dualstack/lab/deploy.hpp>
#include <dualstack/lab/observe.hpp>
#include <dualstack/lab/probe.hpp>
#include <dualstack/lab/scenarios.hpp>

#include <fmt/format.h>

namespace dualstack::lab {

ScenarioResult scenario_redeploy(LabContext& lab)
{
  ScenarioResult result;
  result.key = "redeploy";
  result.number = 0;
  result.title = "deploy playbook run again";
  result.asserts = "a second `ansible-playbook site.yml --tags gateway` over SSH reports changed=0 "
                   "on every gateway, loses no client->pod probe of any family and moves no VIP";
  const LabGateway* before = wait_converged(lab, 30);
  const LabNode& target = lab.topology.nodes.back();
  auto started = start_pod_probes(lab, target, "redeploy");
  if (!started) {
    result.family(lab.plan.primary()).check("probes start: " + started.error(), false);
    return result;
  }
  auto& probes = *started;
  sleep_for(0.5);
  auto run = run_gateway_playbook(lab, lab.render_dir(), "ansible-redeploy.log");
  sleep_for(0.5);
  const LabGateway* after = converged_master(lab);
  for (auto& [family, probe] : probes) {
    FamilyResult& r = result.family(family);
    const ProbeSeries series = probe.stop(lab);
    r.check(run ? fmt::format("the second run succeeded ({})", run->log) : run.error(), bool(run));
    if (run) {
      r.check(fmt::format("it changed nothing (changed={})", run->total_changed()),
              run->total_changed() == 0);
      r.figures["changed"] = run->total_changed();
    }
    const long lost = lost_probes(series);
    r.check(fmt::format("no client->pod probe lost during the run ({} lost)", lost),
            !series.replies.empty() && lost == 0);
    r.check(fmt::format("the VIPs stayed on {}", before ? before->name : "(none)"),
            before != nullptr && after == before);
    r.figures["lost"] = lost;
    r.figures["duration_s"] = series.end - series.start;
    if (!r.passed())
      r.evidence = evidence(lab, family);
  }
  return result;
}

} // namespace dualstack::lab
