// Scenario 5, the VRRP master is partitioned from the cluster network (link down, daemons keep
// running): another gateway takes over, the isolated one drops the VIPs; then the link heals.
#include <dualstack/lab/scenarios.hpp>

#include <dualstack/lab/event_probes.hpp>
#include <dualstack/lab/failover_checks.hpp>
#include <dualstack/lab/network.hpp>
#include <dualstack/lab/observe.hpp>

#include <fmt/format.h>

namespace dualstack::lab {

ScenarioResult scenario_partition(LabContext& lab, const std::string& results_dir)
{
  ScenarioResult result;
  result.title = "master partitioned (link down)";
  const int hold = lab.plan.timers.bgp_hold_time;
  result.asserts = fmt::format(
    "when the VRRP master's link goes down another gateway takes over within the hold time "
    "({} s) and the isolated one drops the VIPs; when the link heals no probe is lost",
    hold);
  lab.say("scenario 5: the master is partitioned from the cluster network");
  const LabGateway* master = converged_before(lab, result, "partition");
  if (!master)
    return result;
  const LabNode& target = lab.topology.nodes.back();
  const double tail = recovery_window(lab);
  auto cut =
    probe_around(lab,
                 target,
                 { .label = "partition",
                   .title = fmt::format(
                     "Partition: {} link down (client -> pod on {})", master->name, target.name),
                   .lead_s = 1.5,
                   .event = [&]() -> tl::expected<double, std::string> {
                     const double t = now_s();
                     if (auto down = set_gateway_link(lab, *master, false); !down)
                       return tl::unexpected(down.error());
                     return t;
                   },
                   .tail_s = tail,
                   .results_dir = results_dir,
                   .while_waiting = {} });
  result.timelines.push_back(cut.svg);
  const LabGateway* successor = wait_converged(lab, 15);
  bool isolated_holds = false;
  for (Family family : lab.plan.families()) {
    isolated_holds =
      isolated_holds ||
      holds_address(master->ns, lab.plan.gateway_interface, lab.plan.network(family).vip);
  }
  for (Family family : lab.plan.families()) {
    FamilyResult& r = result.family(family);
    check_takeover(lab, r, family, cut, "link cut", tail, *master, successor);
    r.check(fmt::format("isolated {} dropped its VIPs (FAULT)", master->name), !isolated_holds);
  }

  lab.say(fmt::format("scenario 5: {}'s link heals", master->name));
  TakeoverWatch watch{ master };
  const double heal_tail = 3.0 + lab.plan.timers.vrrp_preempt_delay;
  auto heal = probe_around(
    lab,
    target,
    { .label = "heal",
      .title = fmt::format("Heal: {} link up (client -> pod on {})", master->name, target.name),
      .lead_s = 1.0,
      .event = [&]() -> tl::expected<double, std::string> {
        const double t = now_s();
        if (auto up = set_gateway_link(lab, *master, true); !up)
          return tl::unexpected(up.error());
        return t;
      },
      .tail_s = heal_tail,
      .results_dir = results_dir,
      .while_waiting = [&] { watch.poll(lab); } });
  result.timelines.push_back(heal.svg);
  const LabGateway* after = wait_converged(lab, 20);
  for (Family family : lab.plan.families())
    check_return(lab,
                 result.family(family),
                 family,
                 heal,
                 watch,
                 after,
                 { "healing lost no probe", "", "stayed backup", "heal" });
  return result;
}

} // namespace dualstack::lab
