// The decisions of a `lab test` or `lab migrate` run that are not about one scenario.
#include <dualstack/lab/lab_run.hpp>

#include <dualstack/lab/environment.hpp>
#include <dualstack/lab/lab.hpp>
#include <dualstack/lab/lab_migrate.hpp>
#include <dualstack/lab/snapshot.hpp>
#include <dualstack/migrate/refusals.hpp>
#include <dualstack/render/secrets.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

namespace dualstack::lab {

namespace fs = std::filesystem;

std::optional<LabState> find_reusable_lab(const std::string& config_path, const std::string& id)
{
  std::error_code ec;
  const std::string config_abs = fs::absolute(config_path, ec).string();
  std::optional<LabState> existing;
  for (const auto& one : list_labs()) {
    if (!id.empty() && one != id)
      continue;
    auto state = load_state(one);
    if (state && state->up && state->config == config_abs)
      existing = *state;
  }
  return existing;
}

std::string results_path(const std::string& results, const std::string& id)
{
  return results.empty() ? "/var/tmp/dualstack-lab-results/" + id : results;
}

std::string make_results_dir(const std::string& results, const std::string& id)
{
  const std::string dir = results_path(results, id);
  std::error_code ec;
  fs::create_directories(dir, ec);
  return dir;
}

tl::expected<config::Config, std::string> config_with_added_peer(const config::Config& config)
{
  config::Config with_peer = config;
  // As if written at the end of the [wireguard] section (positions only matter for findings).
  config::WireguardPeer peer;
  peer.pos = with_peer.wireguard_pos;
  peer.ident = { std::string("lab-added-peer") };
  peer.pub_key = { render::generate_key_pair().public_key };
  for (auto* value : { &peer.ident, &peer.pub_key }) {
    value->present = true;
    value->pos = peer.pos;
  }
  with_peer.wireguard_peers.push_back(peer);
  if (auto derived = derive_config_plan(
        with_peer, "the config with an added WireGuard peer does not pass its rules:");
      !derived)
    return tl::unexpected(derived.error());
  return with_peer;
}

Report run_test_scenarios(LabContext& lab,
                          const std::string& results_dir,
                          const ScenarioSelection& selection,
                          const config::Config& config,
                          const std::function<void(const std::string&)>& warn)
{
  std::vector<ScenarioResult> deploy;
  if (!lab.state.deploy.empty() && !g_interrupted.load()) {
    lab.say("redeploy: the playbook again, under probes (it must change nothing)");
    deploy.push_back(scenario_redeploy(lab));
    lab.say("add a WireGuard peer: the playbook with one more peer, under probes");
    if (auto with_peer = config_with_added_peer(config)) {
      deploy.push_back(scenario_add_peer(lab, *with_peer));
    } else {
      warn(with_peer.error());
      ScenarioResult failed;
      failed.key = "add_peer";
      failed.title = "a WireGuard peer added, deployed by the playbook";
      failed.family(lab.plan.primary())
        .check("the config with one more WireGuard peer has a Plan", false);
      deploy.push_back(std::move(failed));
    }
  }
  Report report = run_scenarios(lab, results_dir, selection);
  report.scenarios.insert(report.scenarios.begin(), deploy.begin(), deploy.end());
  return report;
}

Status check_migration_allowed(const config::Config& old_config,
                               const plan::Plan& old_plan,
                               const std::string& old_path,
                               const config::Config& new_config,
                               const plan::Plan& new_plan,
                               const std::string& new_path)
{
  Findings refusals(new_path);
  const migrate::Sides sides{ old_config, old_plan, new_config, new_plan };
  if (migrate::find_refusals(sides, refusals)) {
    return tl::unexpected(fmt::format(
      "`dualstack migrate {} {}` refuses this change; see its findings", old_path, new_path));
  }
  return {};
}

Report run_migration_scenarios(LabContext& lab,
                               const config::Config& new_config,
                               const std::string& new_config_path,
                               const std::string& results_dir,
                               const std::string& kill_at)
{
  Report report;
  report.lab_id = lab.state.id;
  report.results_dir = results_dir;
  ScenarioResult migration = migrate_lab(lab, new_config, new_config_path, results_dir, kill_at);
  const bool migrated = migration.passed();
  report.scenarios.push_back(std::move(migration));
  if (migrated && !g_interrupted.load()) {
    // Both families after the migration: the scenarios the table marks (converged, reachable, the
    // API by name now that migrate's api-dns step gave the client the new hosts file, and the
    // LoadBalancer Service of each family).
    Report after = run_scenarios(lab, results_dir, after_migration_scenarios());
    for (auto& s : after.scenarios)
      report.scenarios.push_back(std::move(s));
  }
  return report;
}

std::string finish_run(const LabContext& lab,
                       Report& report,
                       const std::string& results_dir,
                       bool made_here,
                       bool keep,
                       Progress& progress,
                       const std::function<void(const std::string&)>& warn)
{
  const std::string& id = lab.state.id;
  if (!report.passed() && !g_interrupted.load()) {
    // `down` removes the run directory: the logs and the daemons' state go with the report.
    if (auto kept = keep_evidence(lab, report); kept)
      progress.step("evidence kept in " + report.snapshot);
    else
      warn("could not keep the evidence: " + kept.error());
  }
  const std::string json_path = results_dir + "/report.json";
  std::ofstream(json_path) << to_json(report).dump(2) << "\n";
  const bool interrupted = g_interrupted.load();
  if (made_here && (!keep || interrupted)) {
    progress.step(interrupted ? "interrupted: taking the lab down" : "taking the lab down");
    if (auto down = lab_down(id, progress); !down)
      warn("down: " + down.error());
  } else {
    progress.step(fmt::format("lab {} stays up (dualstack lab down --id {})", id, id));
  }
  return json_path;
}

} // namespace dualstack::lab
