// Scenario 8, the VRRP master stalls (every daemon SIGSTOPped, as in a VM pause or a live
// migration) for 0.3 s and for 1 s, then resumes. Past 3 adverts (0.36 s) a backup takes over and
// the clients handshake with it; the resumed master must not keep a second master alive longer
// than an advert interval, and whichever gateway ends up master must serve every client again.
#include <dualstack/lab/scenarios.hpp>

#include <dualstack/lab/daemons.hpp>
#include <dualstack/lab/event_probes.hpp>
#include <dualstack/lab/failover_checks.hpp>
#include <dualstack/lab/observe.hpp>

#include <fmt/format.h>

#include <csignal>

namespace dualstack::lab {

namespace {

// The stalls the scenario runs, seconds: one shorter and one longer than VRRP's detection time.
constexpr double stalls_s[] = { 0.3, 1.0 };

// How much longer than the stall the clients may be cut off.
constexpr double allowed_beyond_stall_s = 1.0;

// The VIPs of every family move together (one sync group): the primary's holders are the masters.
std::size_t masters(const LabContext& lab)
{
  return vip_holders(lab, lab.plan.primary()).size();
}

// What one stall showed besides the probes.
struct StallWatch
{
  bool failed_over = false;  // another gateway held the VIPs during the stall
  double dual_masters_s = 0; // after the resume, how long more than one gateway held VIPs
};

} // namespace

ScenarioResult scenario_stall(LabContext& lab, const std::string& results_dir)
{
  ScenarioResult result;
  result.title = "master stalled (SIGSTOP) and resumed";
  const double advert = lab.plan.timers.vrrp_advert_int;
  result.asserts = fmt::format(
    "when every daemon of the VRRP master is stopped for 0.3 s and for 1 s and then continues, "
    "client->pod traffic is out at most the stall + {:.1f} s, and after the resume no two "
    "gateways hold the VIPs longer than one advert interval ({} s)",
    allowed_beyond_stall_s,
    advert);
  lab.say("scenario 8: the master stalls and resumes");
  const LabNode& target = lab.topology.nodes.back();
  const double tail = recovery_window(lab);
  for (double stall : stalls_s) {
    const std::string label = fmt::format("stall-{:.1f}s", stall);
    const LabGateway* master = converged_before(lab, result, "stall");
    if (!master)
      return result;
    lab.say(fmt::format("scenario 8: {} stopped for {:.1f} s while probing the pod on {}",
                        master->name,
                        stall,
                        target.name));
    StallWatch watch;
    auto probes = probe_around(
      lab,
      target,
      { .label = label,
        .title = fmt::format(
          "Stall: {} stopped for {:.1f} s (client -> pod on {})", master->name, stall, target.name),
        .lead_s = 1.0,
        .event = [&]() -> tl::expected<double, std::string> {
          const double t = signal_gateway(lab, *master, SIGSTOP);
          while (now_s() < t + stall)
            sleep_for(0.01);
          watch.failed_over = masters(lab) > 1;
          const double resumed = signal_gateway(lab, *master, SIGCONT);
          // Watch the VIP holders closely until one is left (or 2 s passed): the figure is the end
          // of the first look that found one holder, an upper bound (a look takes about 10 ms).
          if (watch.failed_over) {
            while (masters(lab) > 1 && now_s() < resumed + 2.0) {
            }
            watch.dual_masters_s = now_s() - resumed;
          }
          return t;
        },
        .tail_s = tail + stall,
        .results_dir = results_dir,
        .while_waiting = {} });
    result.timelines.push_back(probes.svg);
    const LabGateway* after = wait_converged(lab, 15);
    for (Family family : lab.plan.families()) {
      FamilyResult& r = result.family(family);
      const std::string prefix = fmt::format("{:.1f} s stall: ", stall);
      r.check(prefix + "probes and the stall ran" +
                (probes.ok ? std::string() : ": " + probes.error),
              probes.ok);
      const Gap gap = outage_after(probes.of(family), probes.event, tail + stall);
      const double limit = stall + allowed_beyond_stall_s;
      r.check(gap.recovered()
                ? fmt::format(
                    "{}traffic recovered after {:.3f} s (<= {:.1f} s)", prefix, gap.length(), limit)
                : fmt::format("{}traffic did not recover within {:.0f} s", prefix, tail + stall),
              gap.recovered() && gap.length() <= limit);
      double site_outage = -1;
      if (const ProbeSeries* site = probes.site_of(family)) {
        const Gap g = outage_after(*site, probes.event, tail + stall);
        r.check(
          g.recovered()
            ? fmt::format("{}fixed-endpoint peer: traffic recovered after {:.3f} s (<= {:.1f} s)",
                          prefix,
                          g.length(),
                          limit)
            : fmt::format("{}fixed-endpoint peer: traffic did not recover within {:.0f} s",
                          prefix,
                          tail + stall),
          g.recovered() && g.length() <= limit);
        if (g.recovered())
          site_outage = g.length();
      }
      r.check(fmt::format("{}two gateways held VIPs {:.3f} s after the resume (<= {} s)",
                          prefix,
                          watch.dual_masters_s,
                          advert),
              watch.dual_masters_s <= advert);
      r.check(fmt::format("{}converged again ({})", prefix, after ? after->name : "no"),
              after != nullptr);
      r.figures[label] = { { "outage_s", gap.recovered() ? gap.length() : -1.0 },
                           { "failed_over", watch.failed_over },
                           { "dual_masters_s", watch.dual_masters_s },
                           { "master_after", after ? after->name : "" } };
      if (probes.site_of(family))
        r.figures[label]["fixed_peer_outage_s"] = site_outage;
      if (!r.passed() && r.evidence.empty())
        r.evidence = evidence(lab, family);
    }
  }
  return result;
}

} // namespace dualstack::lab
