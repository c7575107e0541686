// Watching the new VIP holder's BGP sessions and BIRD's cost during a failover.
#include <dualstack/lab/session_watch.hpp>

#include <dualstack/lab/daemons.hpp>
#include <dualstack/lab/observe.hpp>
#include <dualstack/lab/process.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

namespace dualstack::lab {

namespace {

// Returns user + system CPU seconds of `pid` (/proc/<pid>/stat fields 14 and 15), or -1.
double cpu_seconds(pid_t pid)
{
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')'); // the command name may hold spaces
  if (pid <= 0 || close == std::string::npos)
    return -1;
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14)
      utime = std::stoll(field);
    if (i == 15)
      stime = std::stoll(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Returns VmRSS of `pid` in kB, or -1.
long rss_kb(pid_t pid)
{
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0)
      return std::stol(line.substr(6));
  }
  return -1;
}

// Returns how many BGP sessions with the lab's nodes of `family` gateway `g` has Established
// (`birdc show protocols`: Name Proto Table State Since Info; the gateway-to-gateway sessions are
// named gateway_*).
std::size_t node_sessions_up(const LabContext& lab, const LabGateway& g, Family family)
{
  const auto shown = run_command({ "birdc", "-s", bird_socket(lab, g.ns), "show", "protocols" },
                                 std::chrono::seconds(2));
  const std::string suffix = std::string("_") + std::string(net::to_string(family));
  std::size_t up = 0;
  std::istringstream lines(shown.output);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string name, proto;
    words >> name >> proto;
    if (proto != "BGP" || name.rfind("gateway_", 0) == 0 || name.size() < suffix.size() ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    if (line.find("Established") != std::string::npos)
      ++up;
  }
  return up;
}

} // namespace

void SessionWatch::start(const LabContext& lab, const LabGateway& failed, double event_at)
{
  m_failed = &failed;
  m_event_at = event_at;
  for (const auto& g : lab.topology.gateways) {
    if (&g != &failed)
      m_cpu_at_event[g.index] = cpu_seconds(gateway_bird_pid(lab, g));
  }
}

void SessionWatch::poll(const LabContext& lab)
{
  if (!m_failed || now_s() - m_last_poll < 0.1)
    return;
  m_last_poll = now_s();
  for (Family family : lab.plan.families()) {
    if (m_established.count(family))
      continue;
    const auto holders = vip_holders(lab, family);
    if (holders.size() != 1 || holders.front() == m_failed)
      continue;
    if (node_sessions_up(lab, *holders.front(), family) == lab.topology.nodes.size())
      m_established[family] = { now_s(), holders.front() };
  }
}

void SessionWatch::finish(const LabContext& lab, double seconds)
{
  if (!m_failed)
    return;
  while (m_established.size() < lab.plan.families().size() && now_s() < m_event_at + seconds) {
    poll(lab);
    if (!sleep_for(0.05))
      return;
  }
}

void SessionWatch::report(const LabContext& lab,
                          Family family,
                          nlohmann::ordered_json& figures) const
{
  const auto found = m_established.find(family);
  if (found == m_established.end())
    return;
  figures["sessions_established_s"] = found->second.at - m_event_at;
  const LabGateway& holder = *found->second.holder;
  const pid_t bird = gateway_bird_pid(lab, holder);
  const auto before = m_cpu_at_event.find(holder.index);
  const double now = cpu_seconds(bird);
  if (before != m_cpu_at_event.end() && before->second >= 0 && now >= 0)
    figures["new_master_bird_cpu_s"] = now - before->second;
  figures["new_master_bird_rss_kb"] = rss_kb(bird);
}

} // namespace dualstack::lab
