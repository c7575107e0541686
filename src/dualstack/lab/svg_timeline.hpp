// The SVG plot of one failover: probes per family over time (each reply a tick), the outage
// shaded, the event marked.
#pragma once

#include <dualstack/lab/probe.hpp>

#include <string>
#include <vector>

namespace dualstack::lab {

struct TimelineSeries
{
  ProbeSeries probes;
  Gap outage;      // shaded; ignored if length() <= 0 and recovered()
  std::string who; // whose probes ("roaming", "fixed peer"); "" when the lab has one client
};

// Returns an SVG document titled `title` with one row per series, time relative to `event`.
std::string svg_timeline(const std::string& title,
                         double event,
                         const std::vector<TimelineSeries>& series);

} // namespace dualstack::lab
