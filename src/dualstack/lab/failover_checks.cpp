// Shared checks of the failover scenarios.
#include <dualstack/lab/failover_checks.hpp>

#include <fmt/format.h>

namespace dualstack::lab {

double recovery_window(const LabContext&)
{
  return 4.0;
}

const LabGateway* converged_before(LabContext& lab, ScenarioResult& result, std::string_view event)
{
  const LabGateway* master = wait_converged(lab, 30);
  if (!master) {
    for (Family family : lab.plan.families()) {
      result.family(family).check(fmt::format("the lab is converged before the {}", event), false);
      result.family(family).evidence = evidence(lab, family);
    }
  }
  return master;
}

void check_takeover(const LabContext& lab,
                    FamilyResult& r,
                    Family family,
                    const EventProbes& probes,
                    std::string_view what,
                    double tail,
                    const LabGateway& master,
                    const LabGateway* successor)
{
  const int hold = lab.plan.timers.bgp_hold_time;
  r.check(fmt::format("probes and the {} ran", what) +
            (probes.ok ? std::string() : ": " + probes.error),
          probes.ok);
  const Gap gap = outage_after(probes.of(family), probes.event, tail);
  r.check(
    gap.recovered()
      ? fmt::format("traffic recovered after {:.3f} s (<= hold time {} s)", gap.length(), hold)
      : fmt::format("traffic did not recover within {:.0f} s", tail),
    gap.recovered() && gap.length() <= hold);
  if (gap.recovered())
    r.figures["outage_s"] = gap.length();
  if (const ProbeSeries* site = probes.site_of(family)) {
    const Gap g = outage_after(*site, probes.event, tail);
    r.check(
      g.recovered()
        ? fmt::format("fixed-endpoint peer: traffic recovered after {:.3f} s (<= hold time {} s)",
                      g.length(),
                      hold)
        : fmt::format("fixed-endpoint peer: traffic did not recover within {:.0f} s", tail),
      g.recovered() && g.length() <= hold);
    if (g.recovered())
      r.figures["fixed_peer"]["outage_s"] = g.length();
  }
  r.check(fmt::format("another gateway converged as VIP holder ({})",
                      successor ? successor->name : "none"),
          successor && successor != &master);
}

void check_return(const LabContext& lab,
                  FamilyResult& r,
                  Family family,
                  const EventProbes& probes,
                  const TakeoverWatch& watch,
                  const LabGateway* after,
                  const ReturnWording& wording)
{
  const ProbeSeries& s = probes.of(family);
  const long lost = lost_probes(s);
  r.check(fmt::format("{} (lost {}, {} replies)", wording.lost_what, lost, s.replies.size()),
          lost == 0 && !s.replies.empty());
  const std::string& name = watch.gateway->name;
  r.check(watch.took_over
            ? fmt::format("{} took the VIPs back only with every pod route in place{}: {}",
                          name,
                          wording.took_back,
                          watch.ready_at_takeover ? "yes" : "NO")
            : fmt::format("{} {}", name, wording.stayed),
          !watch.took_over || watch.ready_at_takeover);
  r.check(fmt::format("converged again ({})", after ? after->name : "no"), after != nullptr);
  r.figures[std::string(wording.figure)] = { { "outage_s", largest_gap(s).length() },
                                             { "lost", lost },
                                             { "took_over", watch.took_over } };
  if (const ProbeSeries* site = probes.site_of(family)) {
    const long site_lost = lost_probes(*site);
    r.check(fmt::format("fixed-endpoint peer: {} (lost {}, {} replies)",
                        wording.lost_what,
                        site_lost,
                        site->replies.size()),
            site_lost == 0 && !site->replies.empty());
    r.figures[std::string(wording.figure)]["fixed_peer_lost"] = site_lost;
  }
  if (!r.passed())
    r.evidence = evidence(lab, family);
}

} // namespace dualstack::lab
