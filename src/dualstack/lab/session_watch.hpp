// The control plane of a failover, watched from the survivors while the probes run: when every
// lab node's BGP session with the new VIP holder is Established (per family), and what the new
// holder's BIRD spent on it (CPU seconds since the failure, resident memory at the end).
#pragma once

#include <dualstack/lab/lab_context.hpp>

#include <nlohmann/json.hpp>

#include <map>

namespace dualstack::lab {

class SessionWatch
{
public:
  // Call right after the failure of `failed`, at `event_at` (now_s()).
  void start(const LabContext& lab, const LabGateway& failed, double event_at);
  // Call while the probes run (every 50 ms is fine; it asks BIRD at most every 100 ms).
  void poll(const LabContext& lab);
  // Polls on after the probes until every family's sessions are up or `seconds` after the
  // event: at 128 nodes they took longer than the probes' 4 s tail.
  void finish(const LabContext& lab, double seconds);
  // Writes `sessions_established_s`, `new_master_bird_cpu_s` and `new_master_bird_rss_kb` into
  // `figures` for `family` (the first only once every node's session was up).
  void report(const LabContext& lab, Family family, nlohmann::ordered_json& figures) const;

private:
  const LabGateway* m_failed = nullptr;
  double m_event_at = 0;
  double m_last_poll = 0;
  struct Established
  {
    double at = 0;                      // first time all node sessions were up
    const LabGateway* holder = nullptr; // the gateway they were up with
  };
  std::map<int, double> m_cpu_at_event; // gateway index -> BIRD CPU seconds
  std::map<Family, Established> m_established;
};

} // namespace dualstack::lab
