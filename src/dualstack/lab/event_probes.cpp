// Probes around an event, and the timeline they make.
#include <dualstack/lab/event_probes.hpp>

#include <dualstack/lab/svg_timeline.hpp>

#include <fmt/format.h>

#include <fstream>

namespace dualstack::lab {

const ProbeSeries& EventProbes::of(Family family) const
{
  for (const auto& s : series)
    if (s.family == family)
      return s;
  return series.front();
}

const ProbeSeries* EventProbes::site_of(Family family) const
{
  for (const auto& s : site)
    if (s.family == family)
      return &s;
  return nullptr;
}

EventProbes probe_around(LabContext& lab, const LabNode& node, const ProbeAroundOptions& options)
{
  EventProbes out;
  std::vector<Probe> probes;
  std::vector<Probe> site_probes;
  const LabClient* site = lab.topology.site ? &*lab.topology.site : nullptr;
  for (const LabClient* from : { static_cast<const LabClient*>(nullptr), site }) {
    if (from == nullptr && !probes.empty())
      break;
    for (std::size_t f = 0; f < lab.plan.families().size(); ++f) {
      auto probe = Probe::start(
        lab,
        lab.plan.families()[f],
        node.pod.addresses[f],
        fmt::format(
          "{}-{}{}", options.label, net::to_string(lab.plan.families()[f]), from ? "-site" : ""),
        from);
      if (!probe) {
        out.ok = false;
        out.error = probe.error();
        for (auto* group : { &probes, &site_probes })
          for (auto& p : *group)
            (void)p.stop(lab);
        return out;
      }
      (from ? site_probes : probes).push_back(std::move(*probe));
    }
  }
  sleep_for(options.lead_s);
  auto when = options.event();
  if (!when) {
    out.ok = false;
    out.error = when.error();
    out.event = now_s();
  } else {
    out.event = *when;
  }
  const double end = now_s() + options.tail_s;
  while (now_s() < end && !g_interrupted.load()) {
    if (options.while_waiting)
      options.while_waiting();
    sleep_for(0.05);
  }
  for (auto& p : probes)
    out.series.push_back(p.stop(lab));
  for (auto& p : site_probes)
    out.site.push_back(p.stop(lab));
  std::vector<TimelineSeries> rows;
  for (const auto& s : out.series)
    rows.push_back({ s, outage_after(s, out.event, options.tail_s), site ? "roaming" : "" });
  for (const auto& s : out.site)
    rows.push_back({ s, outage_after(s, out.event, options.tail_s), "fixed peer" });
  out.svg = options.results_dir + "/" + options.label + ".svg";
  std::ofstream(out.svg) << svg_timeline(options.title, out.event, rows);
  return out;
}

} // namespace dualstack::lab
