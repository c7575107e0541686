// The checks scenarios 3 and 5 share: a converged start, another gateway taking over within
// the BGP hold time, and the old master returning without losing a probe.
#pragma once

#include <dualstack/lab/event_probes.hpp>
#include <dualstack/lab/lab_context.hpp>
#include <dualstack/lab/observe.hpp>
#include <dualstack/lab/report.hpp>

#include <string>
#include <string_view>

namespace dualstack::lab {

// Returns how long a failover scenario watches for traffic to come back: 4 s, for both kinds of
// client (a roaming one recovers as fast as a fixed one: the master shares its endpoint).
double recovery_window(const LabContext& lab);

// Returns the converged VIP holder, or nullptr after failing every family of `result` with
// "the lab is converged before the <event>" and the evidence.
const LabGateway* converged_before(LabContext& lab, ScenarioResult& result, std::string_view event);

// Checks, for `family`, that `probes` (the event: `what`) ran, that traffic recovered within
// the BGP hold time (figure `outage_s`), and that `successor`, not `master`, holds the VIPs.
void check_takeover(const LabContext& lab,
                    FamilyResult& r,
                    Family family,
                    const EventProbes& probes,
                    std::string_view what,
                    double tail,
                    const LabGateway& master,
                    const LabGateway* successor);

// How the old master came back, for the messages: "failback" / "healing", the text when it
// stayed backup, and the figure's key.
struct ReturnWording
{
  std::string_view lost_what; // "failback lost no probe", "healing lost no probe"
  std::string_view
    took_back;             // suffix after "took the VIPs back only with every pod route in place"
  std::string_view stayed; // "rejoined as backup", "stayed backup"
  std::string_view figure; // "failback", "heal"
};

// Checks, for `family`, that the return lost no probe, that `watch.gateway` took the VIPs back
// only with every pod route in place, and that the lab converged again (`after`); records the
// figure and the evidence if a check failed.
void check_return(const LabContext& lab,
                  FamilyResult& r,
                  Family family,
                  const EventProbes& probes,
                  const TakeoverWatch& watch,
                  const LabGateway* after,
                  const ReturnWording& wording);

} // namespace dualstack::lab
