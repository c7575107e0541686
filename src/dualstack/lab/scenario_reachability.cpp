// Scenario 2, reachability from the client through WireGuard: every node, every pod, and the
// Kubernetes API through HAProxy on the VIP.
#include <dualstack/lab/scenarios.hpp>

#include <dualstack/lab/observe.hpp>
#include <dualstack/lab/process.hpp>
#include <dualstack/net/host_port.hpp>

#include <fmt/format.h>

namespace dualstack::lab {

namespace {

bool ping_ok(const LabContext& lab, const Address& target)
{
  auto result = run_command(in_netns(lab.topology.client.ns,
                                     { "ping",
                                       target.family() == Family::ipv6 ? "-6" : "-4",
                                       "-n",
                                       "-c",
                                       "3",
                                       "-i",
                                       "0.2",
                                       "-W",
                                       "1",
                                       target.to_string() }),
                            std::chrono::seconds(10));
  return result.ok();
}

} // namespace

ScenarioResult scenario_reachability(LabContext& lab)
{
  ScenarioResult result;
  result.title = "reachability from the client";
  result.asserts = "the WireGuard client reaches every node, every pod, and the Kubernetes API "
                   "through HAProxy on the VIP";
  lab.say("scenario 2: reachability from the client");
  for (std::size_t f = 0; f < lab.plan.families().size(); ++f) {
    const Family family = lab.plan.families()[f];
    FamilyResult& r = result.family(family);
    for (const auto& n : lab.topology.nodes) {
      const Address node = *lab.plan.host(n.name)->address(family);
      r.check(fmt::format("ping node {} ({})", n.name, node.to_string()), ping_ok(lab, node));
      r.check(fmt::format("ping pod on {} ({})", n.name, n.pod.addresses[f].to_string()),
              ping_ok(lab, n.pod.addresses[f]));
    }
    const Address vip = lab.plan.network(family).vip;
    const std::string url =
      fmt::format("https://{}/", net::host_port(vip, lab.plan.api.frontend_port));
    auto api = run_command(
      in_netns(lab.topology.client.ns, { "curl", "-g", "-sSk", "--max-time", "5", url }),
      std::chrono::seconds(10));
    // The lab's listener answers every GET with a body naming itself, over TLS.
    const bool answered =
      api.ok() && api.output.find("dualstack lab listener") != std::string::npos;
    r.check(fmt::format("TLS to the Kubernetes API through HAProxy at {}{}",
                        url,
                        answered ? "" : " (" + api.output.substr(0, 120) + ")"),
            answered);
    if (!r.passed())
      r.evidence = evidence(lab, family);
  }
  return result;
}

} // namespace dualstack::lab
