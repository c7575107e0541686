// Deploy mode: a WireGuard peer added to the config reaches every gateway through the playbook,
// which reloads WireGuard there (and nothing that could move the VIPs) while the client's
// traffic keeps flowing.
#include <dualstack/lab/deploy.hpp>
#include <dualstack/lab/environment.hpp>
#include <dualstack/lab/files.hpp>
#include <dualstack/lab/observe.hpp>
#include <dualstack/lab/probe.hpp>
#include <dualstack/lab/process.hpp>
#include <dualstack/lab/scenarios.hpp>
#include <dualstack/render/pipeline.hpp>

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace dualstack::lab {

namespace {

std::size_t count(const std::string& text, const std::string& what)
{
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

} // namespace

ScenarioResult scenario_add_peer(LabContext& lab, const config::Config& with_peer)
{
  ScenarioResult result;
  result.key = "add_peer";
  result.number = 0;
  result.title = "a WireGuard peer added, deployed by the playbook";
  result.asserts = "the playbook run with one more [[wireguard.peers]] entry changes the gateways' "
                   "WireGuard config and reloads WireGuard on every gateway, nothing else that "
                   "moves the VIPs; the VIP holder stays, client->pod traffic never stops longer "
                   "than add_peer_gap_limit_s (no failover, no lost session), and the "
                   "VIP holder's WireGuard knows the new peer";
  const Family primary = lab.plan.primary();
  auto fail = [&](const std::string& why) {
    for (Family family : lab.plan.families())
      result.family(family).check(why, false);
    return result;
  };
  if (with_peer.wireguard_peers.size() <= lab.plan.wireguard_peers.size())
    return fail("the config with the added peer has no more peers than the lab's");
  const std::string new_key = with_peer.wireguard_peers.back().pub_key.value;

  // The new config rendered with the lab's world and keys, as `dualstack render` would.
  auto derived =
    derive_lab_plan(with_peer, lab.topology, lab.client_public_key(), lab.site_public_key());
  if (!derived)
    return fail(derived.error());
  const plan::Plan& np = *derived;
  auto tree = render::render_tree(np, lab.render_dir(), render::parts_producer());
  if (!tree || !tree->generated_keys.empty())
    return fail("the new render keeps the gateways' WireGuard keys");
  const std::string dir = lab.state.run_dir + "/render-add-peer";
  if (auto written = render::write_rendered(dir, *tree, np); !written)
    return fail("the config with the added peer renders: " + written.error());

  const LabGateway* before = wait_converged(lab, 30);
  const LabNode& target = lab.topology.nodes.back();
  auto started = start_pod_probes(lab, target, "add-peer");
  if (!started)
    return fail("probes start: " + started.error());
  auto& probes = *started;
  sleep_for(0.5);
  auto run = run_gateway_playbook(lab, dir, "ansible-add-peer.log");
  sleep_for(0.5);
  const LabGateway* after = converged_master(lab);
  const std::string log = run ? read_file(run->log) : "";
  std::string peers;
  if (after) {
    // The holder's WireGuard lives in its sshd's mount namespace (private /run/wireguard).
    const auto sshd = lab.state.pids.find(fmt::format("gw{}/sshd", after->index));
    if (sshd != lab.state.pids.end())
      peers = run_command({ "nsenter",
                            "-t",
                            std::to_string(sshd->second),
                            "-m",
                            "-n",
                            "wg",
                            "show",
                            np.wireguard_endpoints.front().interface_name,
                            "peers" })
                .output;
  }
  for (auto& [family, probe] : probes) {
    FamilyResult& r = result.family(family);
    const ProbeSeries series = probe.stop(lab);
    const long lost = lost_probes(series);
    const double gap =
      series.replies.empty() ? series.end - series.start : largest_gap(series).length();
    r.figures["lost"] = lost;
    r.figures["gap_s"] = gap;
    // wireguard-go rebinds its socket and re-inserts every peer's allowed IPs on `wg syncconf`
    // (see add_peer_gap_limit_s); a lost session would stop traffic for seconds.
    const auto traffic_kept = [&] {
      r.check(fmt::format("client->pod traffic never stopped longer than {:.2f} s (longest gap "
                          "{:.3f} s, {} probes lost)",
                          add_peer_gap_limit_s,
                          gap,
                          lost),
              !series.replies.empty() && gap <= add_peer_gap_limit_s);
    };
    if (family != primary) {
      traffic_kept();
      continue;
    }
    r.check(run ? fmt::format("the playbook ran ({})", run->log) : run.error(), bool(run));
    const std::size_t gateways = lab.topology.gateways.size();
    r.check(fmt::format("WireGuard was reloaded on every gateway ({} of {})",
                        count(log, "RUNNING HANDLER [gateway : Reload WireGuard"),
                        gateways),
            count(log, "RUNNING HANDLER [gateway : Reload WireGuard") == gateways);
    r.check("keepalived was not reloaded",
            count(log, "RUNNING HANDLER [gateway : Reload keepalived") == 0);
    r.check(fmt::format("the VIPs stayed on {}", before ? before->name : "(none)"),
            before != nullptr && after == before);
    traffic_kept();
    r.check("the VIP holder's WireGuard has the new peer",
            peers.find(new_key) != std::string::npos);
    if (run)
      r.figures["changed"] = run->total_changed();
    if (!r.passed())
      r.evidence = evidence(lab, family);
  }
  return result;
}

} // namespace dualstack::lab
