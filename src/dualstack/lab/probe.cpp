// ping probes and gap arithmetic.
#include <dualstack/lab/probe.hpp>

#include <dualstack/lab/process.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <set>
#include <sstream>

#include <sys/wait.h>

namespace dualstack::lab {

std::vector<Reply> parse_ping(const std::string& output)
{
  std::vector<Reply> out;
  std::set<long> seen;
  std::stringstream in(output);
  std::string line;
  while (std::getline(in, line)) {
    // [1732713600.123456] 64 bytes from 10.244.0.2: icmp_seq=12 ttl=62 time=0.512 ms
    if (line.size() < 3 || line[0] != '[' || line.find("bytes from") == std::string::npos)
      continue;
    const auto close = line.find(']');
    const auto seq_at = line.find("icmp_seq=");
    if (close == std::string::npos || seq_at == std::string::npos)
      continue;
    try {
      Reply r;
      r.t = std::stod(line.substr(1, close - 1));
      r.seq = std::stol(line.substr(seq_at + 9));
      if (seen.insert(r.seq).second)
        out.push_back(r);
    } catch (const std::exception&) {
      continue;
    }
  }
  return out;
}

Gap outage_after(const ProbeSeries& series, double event, double window)
{
  Gap best;
  double best_len = -1;
  const auto& r = series.replies;
  bool any_after = false;
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (r[i].t > event)
      any_after = true;
    if (i == 0)
      continue;
    if (r[i].t > event && r[i].t <= event + window && r[i].t - r[i - 1].t > best_len) {
      best_len = r[i].t - r[i - 1].t;
      best = { r[i - 1].t, r[i].t };
    }
  }
  // Traffic that came back and then stopped again until the probes ended (a second outage
  // still open) is an outage that has not recovered, however short the first one was.
  const bool stopped_again =
    any_after && series.end > 0 && series.end - r.back().t > std::max(best_len, trailing_silence_s);
  if (!any_after || stopped_again) {
    best.before = r.empty() ? series.start : r.back().t;
    best.after = 0;
  } else if (best_len < 0) {
    // Replies came only later than the window: the outage ends with the first reply after it.
    for (std::size_t i = 1; i < r.size(); ++i) {
      if (r[i].t > event) {
        best = { r[i - 1].t, r[i].t };
        break;
      }
    }
  }
  return best;
}

Gap largest_gap(const ProbeSeries& series)
{
  Gap best;
  const auto& r = series.replies;
  for (std::size_t i = 1; i < r.size(); ++i) {
    if (r[i].t - r[i - 1].t > best.length())
      best = { r[i - 1].t, r[i].t };
  }
  return best;
}

long lost_probes(const ProbeSeries& series)
{
  if (series.replies.empty())
    return 0;
  long lo = series.replies.front().seq, hi = lo;
  for (const auto& r : series.replies) {
    lo = std::min(lo, r.seq);
    hi = std::max(hi, r.seq);
  }
  return hi - lo + 1 - static_cast<long>(series.replies.size());
}

tl::expected<Probe, std::string> Probe::start(LabContext& lab,
                                              Family family,
                                              const Address& target,
                                              const std::string& label,
                                              const LabClient* from)
{
  const LabClient& client = from ? *from : lab.topology.client;
  Probe p;
  p.m_output = lab.ns_dir(client.ns) + "/probe-" + label + ".out";
  std::remove(p.m_output.c_str());
  p.m_series.family = family;
  p.m_series.target = target.to_string();
  p.m_series.start = now_s();
  // No -w: with a deadline ping exits at the first ICMP error (a gateway without the pod route
  // yet answers "Destination Net Unreachable"), which would hide the outage.
  p.m_pid = spawn_process(in_netns(client.ns,
                                   { "ping",
                                     family == Family::ipv6 ? "-6" : "-4",
                                     "-D",
                                     "-n",
                                     "-i",
                                     fmt::format("{}", probe_interval_s),
                                     "-W",
                                     "1",
                                     target.to_string() }),
                          p.m_output);
  if (p.m_pid < 0)
    return tl::unexpected(std::string("cannot start ping"));
  p.m_key = client.ns.substr(lab.topology.prefix.size()) + "/probe-" + label;
  lab.record_pid(p.m_key, p.m_pid);
  return p;
}

ProbeSeries Probe::stop(LabContext& lab)
{
  m_series.end = now_s();
  if (m_pid > 0) {
    kill(m_pid, SIGINT);
    int status = 0;
    waitpid(m_pid, &status, 0);
    m_pid = -1;
  }
  lab.state.pids.erase(m_key);
  (void)save_state(lab.state);
  std::ifstream in(m_output);
  std::stringstream text;
  text << in.rdbuf();
  m_series.replies = parse_ping(text.str());
  return m_series;
}

tl::expected<std::vector<std::pair<Family, Probe>>, std::string>
start_pod_probes(LabContext& lab, const LabNode& node, const std::string& label)
{
  std::vector<std::pair<Family, Probe>> probes;
  for (const Address& pod : node.pod.addresses) {
    auto probe = Probe::start(
      lab, pod.family(), pod, fmt::format("{}-{}", label, net::to_string(pod.family())));
    if (!probe)
      return tl::unexpected(probe.error());
    probes.emplace_back(pod.family(), std::move(*probe));
  }
  return probes;
}

} // namespace dualstack::lab
