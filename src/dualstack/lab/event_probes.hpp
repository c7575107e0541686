// Probing around an event: probes of every family to one pod start, the event happens after a
// lead time, the probes stop after a tail; the outage of each family and an SVG timeline follow.
#pragma once

#include <dualstack/lab/lab_context.hpp>
#include <dualstack/lab/probe.hpp>

#include <functional>
#include <string>
#include <vector>

namespace dualstack::lab {

struct EventProbes
{
  double event = 0;                // when the event happened (seconds since epoch)
  std::vector<ProbeSeries> series; // one per family, Plan order, from the operator's client
  std::vector<ProbeSeries> site; // the same from the fixed-endpoint site peer (if the lab has one)
  std::string svg;               // the timeline's path ("" if not written)
  bool ok = true;                // false if the probes could not run or the event failed
  std::string error;

  const ProbeSeries& of(Family family) const;
  // The site peer's series of `family`, or nullptr when the lab has no site peer.
  const ProbeSeries* site_of(Family family) const;
};

// Probes `node`'s pod per family, from the client and from the site peer when there is one; runs
// `event` (returns its time) after `lead_s`, stops `tail_s` later (or when `until` returns true,
// checked every 100 ms after `min_tail_s`), then writes `<results_dir>/<label>.svg` with the outage
// after the event shaded (`window_s`).
EventProbes probe_around(LabContext& lab,
                         const LabNode& node,
                         const std::string& label,
                         const std::string& title,
                         double lead_s,
                         const std::function<tl::expected<double, std::string>()>& event,
                         double tail_s,
                         const std::string& results_dir,
                         double window_s,
                         const std::function<void()>& while_waiting = {});

} // namespace dualstack::lab
