// Scenario 4, a node's BGP speaker restarts (calico/node restart: BIRD killed with the pod, then
// `bird -R`): with BGP graceful restart on both sides the gateways keep the node's routes and the
// node its kernel routes, so its pods lose no probe; its session is Established again.
#include <dualstack/lab/scenarios.hpp>

#include <dualstack/lab/daemons.hpp>
#include <dualstack/lab/event_probes.hpp>
#include <dualstack/lab/node_bird.hpp>
#include <dualstack/lab/node_daemons.hpp>
#include <dualstack/lab/observe.hpp>

#include <fmt/format.h>

#include <map>

namespace dualstack::lab {

ScenarioResult scenario_node_restart(LabContext& lab, const std::string& results_dir)
{
  ScenarioResult result;
  result.title = "node BGP speaker restart";
  const int hold = lab.plan.timers.bgp_hold_time;
  result.asserts = fmt::format(
    "after a node's BGP speaker restarts (killed with calico/node, started with -R), its pod "
    "loses no probe from the client and its session is Established again within the BGP hold "
    "time ({} s)",
    hold);
  lab.say("scenario 4: a node's BGP speaker restarts");
  const LabGateway* master = wait_converged(lab, 30);
  const LabNode& node = lab.topology.nodes.back();
  std::map<Family, double> established_at;
  double event_time = 0;
  const double tail = hold + 1.0;
  auto run =
    probe_around(lab,
                 node,
                 { .label = "node-restart",
                   .title = fmt::format(
                     "BGP speaker of {} restarts (client -> pod on {})", node.name, node.name),
                   .lead_s = 1.0,
                   .event = [&]() -> tl::expected<double, std::string> {
                     event_time = stop_node_bgp(lab, node);
                     if (auto started = start_node_bgp(lab, node, true); !started)
                       return tl::unexpected(started.error());
                     return event_time;
                   },
                   .tail_s = tail,
                   .results_dir = results_dir,
                   .while_waiting =
                     [&] {
                       if (event_time == 0)
                         return;
                       for (const auto& s : bgp_sessions(lab, node.ns)) {
                         for (Family family : lab.plan.families()) {
                           if (s.name == node_session_name(lab.plan, family) && s.established &&
                               !established_at.count(family)) {
                             established_at[family] = now_s();
                           }
                         }
                       }
                     } });
  result.timelines.push_back(run.svg);
  const LabGateway* after = wait_converged(lab, 20);
  for (Family family : lab.plan.families()) {
    FamilyResult& r = result.family(family);
    r.check(fmt::format("the lab was converged before ({})", master ? master->name : "no"),
            master != nullptr);
    r.check("the BGP speaker restarted" + (run.ok ? std::string() : ": " + run.error), run.ok);
    const Gap gap = outage_after(run.of(family), run.event, tail);
    r.check(
      gap.recovered()
        ? fmt::format("pod reachable again after {:.3f} s (<= hold time {} s)", gap.length(), hold)
        : fmt::format("pod not reachable within {:.0f} s", tail),
      gap.recovered() && gap.length() <= hold);
    if (gap.recovered())
      r.figures["outage_s"] = gap.length();
    const long lost = lost_probes(run.of(family));
    r.check(fmt::format("no probe lost: graceful restart kept the routes (lost {})", lost),
            lost == 0);
    r.figures["lost"] = lost;
    if (const ProbeSeries* site = run.site_of(family)) {
      const long site_lost = lost_probes(*site);
      r.check(fmt::format("fixed-endpoint peer: no probe lost (lost {})", site_lost),
              site_lost == 0);
      r.figures["fixed_peer_lost"] = site_lost;
    }
    const bool up = established_at.count(family) > 0;
    r.check(up ? fmt::format("session {} Established again after {:.3f} s",
                             node_session_name(lab.plan, family),
                             established_at[family] - run.event)
               : fmt::format("session {} not Established again within {:.0f} s",
                             node_session_name(lab.plan, family),
                             tail),
            up && established_at[family] - run.event <= hold);
    if (up)
      r.figures["established_s"] = established_at[family] - run.event;
    r.check(fmt::format("converged again ({})", after ? after->name : "no"), after != nullptr);
    if (!r.passed())
      r.evidence = evidence(lab, family);
  }
  return result;
}

} // namespace dualstack::lab
