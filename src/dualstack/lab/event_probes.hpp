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

// What probe_around does: its names, its timing and the event itself.
struct ProbeAroundOptions
{
  std::string label;   // names the probes' captures and the timeline `<results_dir>/<label>.svg`
  std::string title;   // the timeline's heading
  double lead_s = 1.0; // probing before the event
  // Runs the event; returns the time it happened (seconds since epoch) or why it failed.
  std::function<tl::expected<double, std::string>()> event;
  double tail_s = 0;       // probing after the event; the timeline shades the outage within it
  std::string results_dir; // where the timeline goes
  std::function<void()> while_waiting; // if set, called about every 50 ms during the tail
};

// Probes `node`'s pod per family, from the client and from the site peer when there is one; runs
// `options.event` after `options.lead_s`, stops the probes `options.tail_s` after it returns, then
// writes the timeline with the outage after the event shaded.
EventProbes probe_around(LabContext& lab, const LabNode& node, const ProbeAroundOptions& options);

} // namespace dualstack::lab
