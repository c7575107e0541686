// Continuous data-plane probes (ping -D every 10 ms from the client through the tunnel) and the
// figures taken from them: the outage after an event, lost probes, reply gaps.
#pragma once

#include <dualstack/lab/lab_context.hpp>

#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dualstack::lab {

// The probe interval: 100 probes per second per family.
inline constexpr double probe_interval_s = 0.01;

struct Reply
{
  long seq = 0;
  double t = 0; // seconds since the epoch (ping -D)
};

// The replies of one probe run.
struct ProbeSeries
{
  Family family = Family::ipv4;
  std::string target;
  double start = 0;
  double end = 0;
  std::vector<Reply> replies; // in arrival order, duplicates dropped
};

// Parses `ping -D -n` output.
std::vector<Reply> parse_ping(const std::string& output);

// An interval without replies: the last reply before it and the first after it.
struct Gap
{
  double before = 0;
  double after = 0; // 0 if no reply came after the event
  bool recovered() const
  {
    return after > 0;
  }
  double length() const
  {
    return after - before;
  }
};

// Silence at the end of a series longer than this (and than every gap after the event) is an
// outage still going on when the probes stopped.
inline constexpr double trailing_silence_s = 0.2;

// Returns the outage caused by an event at `event`: the largest gap between consecutive replies
// that ends within `window` seconds after the event (last reply before it, first after it). If
// no reply came after the event, or the replies stopped again for longer than that gap and
// trailing_silence_s until the series ended, the gap is open (recovered() false).
Gap outage_after(const ProbeSeries& series, double event, double window);

// Returns the largest gap between consecutive replies in the whole series.
Gap largest_gap(const ProbeSeries& series);

// Returns how many probes got no reply between the first and the last reply.
long lost_probes(const ProbeSeries& series);

// A running ping in a client's namespace.
class Probe
{
public:
  // Starts probing `target` (of `family`) from `from` (default: the operator's client); `label`
  // names its output file.
  static tl::expected<Probe, std::string> start(LabContext& lab,
                                                Family family,
                                                const Address& target,
                                                const std::string& label,
                                                const LabClient* from = nullptr);
  // Stops the ping (SIGINT) and returns its replies.
  ProbeSeries stop(LabContext& lab);

private:
  pid_t m_pid = -1;
  std::string m_output;
  std::string m_key;
  ProbeSeries m_series;
};

// Starts a probe of every family from the client to `node`'s pod (one address per family);
// `label` and the family name the output files.
tl::expected<std::vector<std::pair<Family, Probe>>, std::string>
start_pod_probes(LabContext& lab, const LabNode& node, const std::string& label);

} // namespace dualstack::lab
