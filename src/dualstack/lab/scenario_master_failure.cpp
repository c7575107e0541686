// Scenario 3, LB-master failure: the VRRP master dies (every daemon SIGKILLed, its NIC dark in
// the same instant, like a VM that dies) under continuous probes; then it comes back (failback).
#include <dualstack/lab/scenarios.hpp>

#include <dualstack/lab/daemons.hpp>
#include <dualstack/lab/event_probes.hpp>
#include <dualstack/lab/failover_checks.hpp>
#include <dualstack/lab/network.hpp>
#include <dualstack/lab/observe.hpp>
#include <dualstack/lab/session_watch.hpp>

#include <fmt/format.h>

namespace dualstack::lab {

ScenarioResult scenario_master_failure(LabContext& lab, const std::string& results_dir)
{
  ScenarioResult result;
  result.title = "LB-master failure (SIGKILL)";
  const int hold = lab.plan.timers.bgp_hold_time;
  result.asserts = fmt::format(
    "after SIGKILL of the VRRP master's daemons another gateway takes over and client->pod "
    "traffic recovers within the BGP hold time ({} s); when the gateway returns it loses no "
    "probe and never takes the VIPs before its BGP sessions are up",
    hold);
  lab.say("scenario 3: LB-master failure");
  const LabGateway* master = converged_before(lab, result, "kill");
  if (!master)
    return result;
  const LabNode& target = lab.topology.nodes.back();
  const double tail = recovery_window(lab);
  lab.say(fmt::format(
    "scenario 3: SIGKILL of {} while probing the pod on {}", master->name, target.name));
  SessionWatch sessions;
  auto crash = probe_around(
    lab,
    target,
    { .label = "failover",
      .title = fmt::format(
        "LB-master failure: SIGKILL of {} (client -> pod on {})", master->name, target.name),
      .lead_s = 1.5,
      .event = [&]() -> tl::expected<double, std::string> {
        const double t = crash_gateway(lab, *master);
        if (auto cut = set_gateway_link(lab, *master, false); !cut)
          return tl::unexpected(cut.error());
        sessions.start(lab, *master, t);
        return t;
      },
      .tail_s = tail,
      .results_dir = results_dir,
      .while_waiting = [&] { sessions.poll(lab); } });
  result.timelines.push_back(crash.svg);
  sessions.finish(lab, 30);
  const LabGateway* successor = wait_converged(lab, 15);
  for (Family family : lab.plan.families()) {
    check_takeover(lab, result.family(family), family, crash, "crash", tail, *master, successor);
    sessions.report(lab, family, result.family(family).figures);
  }

  // Failback: the gateway boots again (leftovers of the crash gone, daemons started).
  lab.say(fmt::format("scenario 3: {} comes back (failback)", master->name));
  TakeoverWatch watch{ master };
  const double back_tail = 4.0 + lab.plan.timers.vrrp_preempt_delay;
  auto back = probe_around(
    lab,
    target,
    { .label = "failback",
      .title = fmt::format("Failback: {} returns (client -> pod on {})", master->name, target.name),
      .lead_s = 1.0,
      .event = [&]() -> tl::expected<double, std::string> {
        const double t = now_s();
        if (auto booted = reboot_gateway(lab, *master); !booted)
          return tl::unexpected(booted.error());
        return t;
      },
      .tail_s = back_tail,
      .results_dir = results_dir,
      .while_waiting = [&] { watch.poll(lab); } });
  result.timelines.push_back(back.svg);
  const LabGateway* after = wait_converged(lab, 20);
  for (Family family : lab.plan.families()) {
    FamilyResult& r = result.family(family);
    r.check("the gateway restarted" + (back.ok ? std::string() : ": " + back.error), back.ok);
    check_return(lab,
                 r,
                 family,
                 back,
                 watch,
                 after,
                 { "failback lost no probe", " (iBGP up)", "rejoined as backup", "failback" });
  }
  return result;
}

} // namespace dualstack::lab
