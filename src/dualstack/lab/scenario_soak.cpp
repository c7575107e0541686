// Scenario 9, no spurious failover: for 60 s the machine's CPUs are saturated (one busy loop per
// core, started in the master's namespace) and the cluster network drops 1% of its frames; no
// VRRP instance may change state meanwhile. keepalived's own log is the evidence: every change
// of an instance writes one "Entering ... STATE" line.
#include <dualstack/lab/scenarios.hpp>

#include <dualstack/lab/failover_checks.hpp>
#include <dualstack/lab/files.hpp>
#include <dualstack/lab/observe.hpp>
#include <dualstack/lab/probe.hpp>
#include <dualstack/lab/process.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <thread>

namespace dualstack::lab {

namespace {

constexpr double soak_s = 60.0;
constexpr int loss_percent = 1;
constexpr std::string_view loss_table = "dualstack_lab_loss";

// Returns how many VRRP state changes the gateways' keepalived logs hold so far.
long vrrp_transitions(const LabContext& lab)
{
  long n = 0;
  for (const auto& g : lab.topology.gateways) {
    std::ifstream in(lab.ns_dir(g.ns) + "/keepalived.log");
    for (std::string line; std::getline(in, line);) {
      if (line.find("Entering ") != std::string::npos && line.find(" STATE") != std::string::npos)
        ++n;
    }
  }
  return n;
}

// Drops `percent` % of the frames the cluster bridge forwards (0: removes the rule). The lab's
// kernel has no netem; nftables' random number generator does the same on the switch.
Status set_cluster_loss(const LabContext& lab, int percent)
{
  (void)run_command({ "ip",
                      "netns",
                      "exec",
                      lab.topology.switch_ns,
                      "nft",
                      "delete",
                      "table",
                      "bridge",
                      std::string(loss_table) });
  if (percent == 0)
    return {};
  // The cluster bridge's ports (this kernel's bridge family has no `meta ibrname`).
  auto links = run_command({ "ip",
                             "-n",
                             lab.topology.switch_ns,
                             "-j",
                             "link",
                             "show",
                             "master",
                             lab.topology.cluster_bridge });
  auto ports = nlohmann::json::parse(links.output, nullptr, false);
  std::vector<std::string> names;
  for (const auto& link : ports.is_array() ? ports : nlohmann::json::array())
    names.push_back(fmt::format("\"{}\"", link.value("ifname", "")));
  if (!links.ok() || names.empty())
    return tl::unexpected("no ports on the cluster bridge: " + links.output);
  const std::string rules =
    fmt::format("table bridge {} {{\n  chain forward {{\n    type filter hook forward priority 0; "
                "policy accept;\n"
                "    iifname {{ {} }} numgen random mod 100 < {} counter drop\n  }}\n}}\n",
                loss_table,
                fmt::join(names, ", "),
                percent);
  const std::string path = lab.ns_dir(lab.topology.switch_ns) + "/loss.nft";
  LAB_TRY(write_file(path, rules, 0644));
  return must_run_in(lab.topology.switch_ns, { "nft", "-f", path });
}

} // namespace

ScenarioResult scenario_soak(LabContext& lab)
{
  ScenarioResult result;
  result.title = "no spurious failover (CPU saturated, 1% loss)";
  result.asserts = fmt::format(
    "for {:.0f} s with every CPU busy (one loop per core) and {}% of the cluster network's frames "
    "dropped, no VRRP instance changes state and the VIP holder stays the same",
    soak_s,
    loss_percent);
  lab.say(fmt::format("scenario 9: {:.0f} s of saturated CPUs and {}% loss on the cluster network",
                      soak_s,
                      loss_percent));
  const LabGateway* master = converged_before(lab, result, "soak");
  if (!master)
    return result;
  const LabNode& target = lab.topology.nodes.back();
  const long before = vrrp_transitions(lab);
  std::vector<pid_t> loops;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < cores; ++i) {
    const pid_t pid = spawn_process(in_netns(master->ns, { "sh", "-c", "while :; do :; done" }),
                                    lab.ns_dir(master->ns) + "/soak.log");
    lab.record_pid(fmt::format("soak/cpu{}", i), pid);
    loops.push_back(pid);
  }
  Status lossy = set_cluster_loss(lab, loss_percent);
  std::vector<Probe> probes;
  for (std::size_t f = 0; f < lab.plan.families().size() && lossy; ++f) {
    if (auto probe = Probe::start(lab,
                                  lab.plan.families()[f],
                                  target.pod.addresses[f],
                                  fmt::format("soak-{}", net::to_string(lab.plan.families()[f]))))
      probes.push_back(std::move(*probe));
  }
  const double end = now_s() + soak_s;
  while (lossy && now_s() < end && !g_interrupted.load())
    sleep_for(0.2);
  std::vector<ProbeSeries> series;
  for (auto& p : probes)
    series.push_back(p.stop(lab));
  (void)set_cluster_loss(lab, 0);
  for (pid_t pid : loops) {
    if (is_ours(pid, lab.state.tag)) {
      kill(pid, SIGKILL);
      reap(pid);
    }
  }
  const long changes = vrrp_transitions(lab) - before;
  const LabGateway* after = wait_converged(lab, 15);
  for (std::size_t f = 0; f < lab.plan.families().size(); ++f) {
    FamilyResult& r = result.family(lab.plan.families()[f]);
    r.check("the loss rule applied" + (lossy ? std::string() : ": " + lossy.error()),
            lossy.has_value());
    r.check(fmt::format("keepalived's logs show the election before ({} state changes)", before),
            before > 0);
    r.check(
      fmt::format("no VRRP state change in {:.0f} s ({} in keepalived's logs)", soak_s, changes),
      changes == 0);
    r.check(fmt::format("{} still holds the VIPs ({})", master->name, after ? after->name : "none"),
            after == master);
    r.figures["vrrp_changes"] = changes;
    r.figures["seconds"] = soak_s;
    if (f < series.size()) {
      const ProbeSeries& s = series[f];
      r.figures["probes_lost"] = lost_probes(s);
      r.figures["largest_gap_s"] = largest_gap(s).length();
    }
    if (!r.passed())
      r.evidence = evidence(lab, lab.plan.families()[f]);
  }
  return result;
}

} // namespace dualstack::lab
