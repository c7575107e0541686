// Applying `dualstack migrate`'s steps to a live lab under IPv4 probes.
#include <dualstack/lab/lab_migrate.hpp>

#include <dualstack/lab/api_name.hpp>

#include <dualstack/lab/daemons.hpp>
#include <dualstack/lab/deploy.hpp>
#include <dualstack/lab/deploy_host.hpp>
#include <dualstack/lab/environment.hpp>
#include <dualstack/lab/files.hpp>
#include <dualstack/lab/loadbalancer.hpp>
#include <dualstack/lab/migration_commands.hpp>
#include <dualstack/lab/network.hpp>
#include <dualstack/lab/node_bird.hpp>
#include <dualstack/lab/observe.hpp>
#include <dualstack/lab/port_security.hpp>
#include <dualstack/lab/probe.hpp>
#include <dualstack/lab/process.hpp>
#include <dualstack/lab/svg_timeline.hpp>
#include <dualstack/lab/wg_quick.hpp>
#include <dualstack/migrate/migration.hpp>
#include <dualstack/migrate/playbook.hpp>
#include <dualstack/render/pipeline.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace dualstack::lab {

namespace fs = std::filesystem;

namespace {

std::string new_render_dir(const LabContext& lab)
{
  return lab.state.run_dir + "/render-new";
}

bool wait_until(const std::function<bool()>& ready, double seconds)
{
  const double end = now_s() + seconds;
  while (!ready()) {
    if (now_s() > end || !sleep_for(0.05))
      return ready();
  }
  return true;
}

// The steps whose play found them done already in a playbook log: the first task after the
// done-condition was skipped.
std::vector<std::string> skipped_steps(const std::string& log, const std::vector<std::string>& ids)
{
  std::vector<std::string> out;
  for (const auto& id : ids) {
    // Task headers are "TASK [Step N/M ID: ...]".
    auto line_at = [&](std::size_t pos) { return log.substr(pos, log.find('\n', pos) - pos); };
    auto of_step = [&](std::size_t pos) {
      const std::string line = line_at(pos);
      return line.find(" " + id + ": ") != std::string::npos &&
             line.find("done already?") == std::string::npos;
    };
    std::size_t at = log.find("TASK [Step ");
    while (at != std::string::npos && !of_step(at))
      at = log.find("TASK [Step ", at + 1);
    if (at == std::string::npos)
      continue;
    const auto next = log.find("TASK [", at + 1);
    const std::string body = log.substr(at, next == std::string::npos ? next : next - at);
    if (body.find("skipping:") != std::string::npos && body.find("changed:") == std::string::npos)
      out.push_back(id);
  }
  return out;
}

// Every file a migration step may write on the lab's gateways and nodes (their /etc views and
// the gateways' step markers), by path, with a hash of its content.
std::map<std::string, std::size_t> host_files(const LabContext& lab)
{
  std::vector<std::string> roots;
  for (const auto& g : lab.topology.gateways) {
    roots.push_back("/etc/netns/" + g.ns);
    roots.push_back(lab.ns_dir(g.ns) + "/var-lib-dualstack");
  }
  for (const auto& n : lab.topology.nodes)
    roots.push_back("/etc/netns/" + n.ns);
  std::map<std::string, std::size_t> out;
  for (const auto& root : roots) {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root, ec);
         !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (it->is_regular_file(ec))
        out[it->path().string()] = std::hash<std::string>{}(read_file(it->path().string()));
    }
  }
  return out;
}

// The migration playbook's node-network and gateway plays, over SSH from the client as an
// operator runs them (docs/migrate.md): first a dry run (`--check --diff`) that must change no
// file (`dry_run_changes`: what it says it would change). With `kill_at` set, the first run is
// killed (SIGKILL to ansible-playbook and what it started) once the play of that step has run two
// commands, and the playbook runs again from the top; `runs` records each run's log.
Status playbook_steps(LabContext& lab,
                      const std::string& kill_at,
                      std::vector<std::string>& runs,
                      std::string& killed_in,
                      int& dry_run_changes)
{
  std::vector<std::string> hosts;
  for (const auto& g : lab.topology.gateways)
    hosts.push_back(g.name);
  for (const auto& n : lab.topology.nodes)
    hosts.push_back(n.name);
  // The new addresses, as `tofu output -json` shows them after the ports step.
  std::ofstream(operator_dir(lab) + "/terraform-output.json", std::ios::trunc)
    << terraform_output_json(lab);
  const auto argv = playbook_argv(lab,
                                  new_render_dir(lab),
                                  "migrate.yml",
                                  hosts,
                                  "node-network,gateway",
                                  { "-e", "dualstack_migrate_gate=none" });
  // The dry run first: it must change no file of any host (nor a step marker).
  const auto before = host_files(lab);
  auto argv_check = argv;
  argv_check.insert(argv_check.end(), { "--check", "--diff" });
  auto dry = run_playbook_argv(lab, argv_check, "ansible-migrate-check.log");
  runs.push_back(operator_dir(lab) + "/ansible-migrate-check.log");
  if (!dry)
    return tl::unexpected("the dry run (--check --diff): " + dry.error());
  const auto after = host_files(lab);
  for (const auto& [path, hash] : before) {
    const auto now = after.find(path);
    if (now == after.end() || now->second != hash)
      return tl::unexpected(fmt::format("the dry run (--check --diff) changed {}", path));
  }
  if (after.size() != before.size())
    return tl::unexpected(std::string("the dry run (--check --diff) created files"));
  dry_run_changes = dry->total_changed();
  if (!kill_at.empty()) {
    const std::string log = operator_dir(lab) + "/ansible-migrate-killed.log";
    std::error_code ec;
    fs::remove(log, ec);
    const pid_t pid = spawn_process(argv, log);
    if (pid <= 0)
      return tl::unexpected(std::string("cannot start ansible-playbook"));
    lab.record_pid("operator/ansible-playbook", pid);
    // Killed once the step's play has run two commands (its done-condition said "not done"; on
    // the VRRP master the second is `systemctl stop keepalived`: the VIPs are on a backup then).
    const auto started = [&] {
      // Ansible prints a task's header when it starts: the third command's means two ran.
      const std::string text = read_file(log);
      std::istringstream in(text);
      std::string line;
      while (std::getline(in, line)) {
        if (line.rfind("TASK [Step ", 0) == 0 &&
            line.find(" " + kill_at + ": 3/") != std::string::npos)
          return true;
      }
      return false;
    };
    const bool reached = wait_until([&] { return started() || !is_alive(pid); }, 300) && started();
    kill(-pid, SIGKILL);
    reap(pid);
    close_connections(lab);
    runs.push_back(log);
    if (!reached)
      return tl::unexpected(fmt::format(
        "the first playbook run ended before step {} ran two commands; see {}", kill_at, log));
    killed_in = kill_at;
  }
  auto run = run_playbook_argv(lab, argv, "ansible-migrate.log");
  if (run)
    runs.push_back(run->log);
  else
    runs.push_back(operator_dir(lab) + "/ansible-migrate.log");
  if (!run)
    return tl::unexpected(run.error());
  return {};
}

// A client's new config: its new addresses, AllowedIPs and routes (a `wg syncconf` of the new
// file, which keeps the session).
Status client_step(LabContext& lab, const LabClient& c)
{
  const auto& endpoint = lab.plan.wireguard_endpoints.front();
  std::string conf;
  for (const auto& entry : fs::directory_iterator(new_render_dir(lab) + "/wireguard/clients")) {
    const std::string text = read_file(entry.path().string());
    if (entry.path().filename().string().ends_with("-" + endpoint.interface_name + ".conf") &&
        text.find("client `" + c.peer_ident + "`") != std::string::npos)
      conf = text;
  }
  std::smatch m;
  static const std::regex public_key(R"(\nPublicKey = (\S+)\n)");
  if (conf.empty() || !std::regex_search(conf, m, public_key))
    return tl::unexpected("the new render has no client config for peer " + c.peer_ident);
  const WgQuickFile file = parse_wg_quick(conf);
  std::string allowed;
  for (const auto& a : file.allowed_ips)
    allowed += (allowed.empty() ? "" : ",") + a;
  LAB_TRY(must_run_in(c.ns, { "wg", "set", c.wg_if, "peer", m[1], "allowed-ips", allowed }));
  for (const auto& address : file.addresses) {
    std::vector<std::string> argv{
      "ip", "-n", c.ns, "address", "replace", address, "dev", c.wg_if
    };
    if (address.find(':') != std::string::npos)
      argv.push_back("nodad");
    LAB_TRY(must_run(argv));
  }
  for (const auto& a : file.allowed_ips) {
    LAB_TRY(must_run({ "ip",
                       "-n",
                       c.ns,
                       a.find(':') != std::string::npos ? "-6" : "-4",
                       "route",
                       "replace",
                       a,
                       "dev",
                       c.wg_if }));
  }
  return {};
}

// Every client's new config (the operator's, and the site peer's when the lab has one).
Status client_step(LabContext& lab)
{
  LAB_TRY(client_step(lab, lab.topology.client));
  if (lab.topology.site)
    LAB_TRY(client_step(lab, *lab.topology.site));
  return {};
}

// The Calico step for the stand-ins: each node's BIRD rereads its config with the new family's
// session (`birdc configure` keeps the running sessions).
Status nodes_step(LabContext& lab)
{
  for (const auto& n : lab.topology.nodes) {
    const std::string conf = lab.ns_dir(n.ns) + "/bird.conf";
    auto config = node_bird_config(new_render_dir(lab), lab.plan, lab.topology, n);
    if (!config)
      return tl::unexpected(config.error());
    std::ofstream(conf, std::ios::trunc) << *config;
    LAB_TRY(must_run({ "bird", "-p", "-c", conf }));
    auto result = run_command({ "birdc", "-v", "-s", bird_socket(lab, n.ns), "configure" });
    if (!result.ok() || birdc_error(result.output))
      return tl::unexpected(fmt::format("birdc configure on {}: {}", n.name, result.output));
  }
  return {};
}

// Returns whether no gateway but `master` has a session with a lab node Established.
bool backups_quiet(const LabContext& lab, const LabGateway& master)
{
  std::set<std::string> nodes;
  for (const auto& n : lab.topology.nodes)
    for (const auto& [family, address] : lab.plan.host(n.name)->addresses)
      nodes.insert(address.to_string());
  for (const auto& g : lab.topology.gateways) {
    if (&g == &master)
      continue;
    for (const auto& s : bgp_sessions(lab, g.ns))
      if (s.established && nodes.count(s.neighbor))
        return false;
  }
  return true;
}

} // namespace

ScenarioResult migrate_lab(LabContext& lab,
                           const config::Config& new_config,
                           const std::string& new_config_path,
                           const std::string& results_dir,
                           const std::string& kill_at)
{
  ScenarioResult result;
  result.key = "migration";
  result.number = 0;
  result.title = "live migration (dualstack migrate)";
  result.asserts = fmt::format(
    "`dualstack migrate`'s gateway steps (backups first, the master last), the ports, client and "
    "Calico steps apply to the running lab without error, it converges with every family, and "
    "client->pod IPv4 traffic is never out longer than {:.1f} s",
    migration_outage_limit_s);
  FamilyResult& r = result.family(Family::ipv4);
  lab.say("migration: rendering the new config with the lab's keys");

  auto new_plan = derive_config_plan(new_config);
  if (!new_plan) {
    r.check(new_plan.error(), false);
    return result;
  }
  LabOptions options;
  options.id = lab.state.id;
  options.nodes = lab.state.nodes;
  options.gateways = lab.state.gateways;
  auto topology = make_topology(*new_plan, options);
  if (!topology) {
    r.check("the new config makes a lab topology: " + topology.error(), false);
    return result;
  }
  auto with_environment =
    derive_lab_plan(new_config, *topology, lab.client_public_key(), lab.site_public_key());
  if (!with_environment) {
    r.check(with_environment.error(), false);
    return result;
  }
  const plan::Plan& np = *with_environment;
  auto tree = render::render_tree(np, lab.render_dir(), migrate::migration_artifacts);
  if (!tree || !tree->generated_keys.empty()) {
    r.check("the new render keeps the gateways' WireGuard keys", false);
    return result;
  }
  if (lab.state.deploy != "ansible") {
    r.check("the lab is up in deploy mode (the migration playbook drives its gateways' daemons)",
            false);
    return result;
  }
  const migrate::Migration migration = migrate::plan_migration(lab.plan, np, tree->artifacts);
  r.check(fmt::format("dualstack migrate plans {} steps adding a family", migration.steps.size()),
          !migration.added.empty() && !migration.steps.empty());
  if (!r.passed())
    return result;
  // What `dualstack migrate -o DIR` writes: the new render, its keys and the migration playbook.
  tree->artifacts.push_back({ "ansible/migrate.yml",
                              "operator",
                              "",
                              0644,
                              "dualstack migrate: the steps as an Ansible playbook",
                              migrate::migrate_playbook(np, migration, tree->artifacts),
                              false });
  if (auto written = render::write_rendered(new_render_dir(lab), *tree, np); !written) {
    r.check("the new config renders: " + written.error(), false);
    return result;
  }
  std::vector<std::string> playbook_ids;
  for (const auto& step : migration.steps) {
    if (step.id.rfind("gateway-", 0) == 0 || step.id.rfind("node-network-", 0) == 0)
      playbook_ids.push_back(step.id);
  }
  if (!kill_at.empty() &&
      std::find(playbook_ids.begin(), playbook_ids.end(), kill_at) == playbook_ids.end()) {
    r.check(fmt::format("--kill-playbook-at {} names a gateway or node-network step of the "
                        "migration",
                        kill_at),
            false);
    return result;
  }

  const LabNode target = lab.topology.nodes.back();
  const Address pod_v4 = target.pod.addresses.front();
  auto probe = Probe::start(lab, Family::ipv4, pod_v4, "migration-ipv4");
  if (!probe) {
    r.check("IPv4 probes start: " + probe.error(), false);
    return result;
  }
  sleep_for(0.5);
  const double started = now_s();

  // From here on the lab is the new config's (same namespaces and names, more addresses).
  lab.config = new_config;
  lab.plan = np;
  lab.topology = std::move(*topology);
  std::vector<std::string> applied, outside, runs;
  std::string killed_in;
  int dry_run_changes = -1;
  bool played = false;
  Status status;
  for (const auto& step : migration.steps) {
    if (!status || g_interrupted.load())
      break;
    if (step.id == "ports") {
      lab.say("migration: " + step.title);
      // Terraform updates the ports (fixed IPs, allowed address pairs, rules) before the hosts
      // configure the new addresses.
      status = enforce_neutron(lab, new_render_dir(lab) + "/terraform/main.tf.json");
      for (Family family : migration.added) {
        if (!status)
          break;
        status = add_family(lab, family);
        if (!status)
          break;
      }
    } else if (step.id.rfind("gateway-", 0) == 0 || step.id.rfind("node-network-", 0) == 0) {
      if (!played) {
        lab.say(
          fmt::format("migration: ansible-playbook migrate.yml --tags node-network,gateway "
                      "over SSH ({} steps{})",
                      playbook_ids.size(),
                      kill_at.empty() ? "" : ", killed in step " + kill_at + " and run again"));
        status = playbook_steps(lab, kill_at, runs, killed_in, dry_run_changes);
        for (const auto& g : lab.topology.gateways) {
          if (status)
            status = record_deployed_pids(lab, g);
        }
        played = true;
      }
    } else if (step.id == "wireguard-clients") {
      lab.say("migration: " + step.title);
      status = client_step(lab);
    } else if (step.id == "api-dns") {
      lab.say("migration: " + step.title + " (the client's hosts file)");
      status = install_client_hosts(lab, new_render_dir(lab));
    } else if (step.id == "calico") {
      lab.say("migration: the nodes' BGP stand-ins gain the new family's session (Calico step)");
      status = nodes_step(lab);
    } else if (step.id == "workloads" && make_loadbalancer(lab.plan, lab.topology)) {
      lab.say(
        "migration: the LoadBalancer Service gains its new family's address (workloads step)");
      status = start_loadbalancer_endpoint(
        lab, *make_loadbalancer(lab.plan, lab.topology), migration.added);
    } else {
      outside.push_back(step.id);
      continue;
    }
    if (status)
      applied.push_back(step.id);
    else
      status = tl::unexpected(fmt::format("step {} ({}): {}", step.id, step.title, status.error()));
  }
  r.check(status ? fmt::format("every step the lab can act on applied ({})", applied.size())
                 : "a step failed: " + status.error(),
          bool(status));
  lab.say("migration: waiting for the lab to converge with every family");
  const LabGateway* master = status ? wait_converged(lab, 30) : nullptr;
  r.check("the lab converges with every family after the migration (one VIP holder per family, "
          "node sessions up, routes in place)",
          master != nullptr);
  // The old master's BIRD keeps its VIP-sourced node sessions after its keepalived stopped: the
  // nodes' resets go to the VIP, now on the new master, so they end only with the hold time.
  const double steps_done = now_s();
  if (master) {
    const bool quiet =
      wait_until([&] { return backups_quiet(lab, *master); }, lab.plan.timers.bgp_hold_time + 2.0);
    r.check(fmt::format("no backup keeps a node session Established longer than the BGP hold time "
                        "({} s) after the steps",
                        lab.plan.timers.bgp_hold_time),
            quiet);
    r.figures["old_sessions_s"] = now_s() - steps_done;
  }
  sleep_for(1.0);
  const ProbeSeries series = probe->stop(lab);
  const Gap gap = largest_gap(series);
  const double outage = series.replies.empty() ? now_s() - started : gap.length();
  r.check(
    fmt::format("client->pod {} IPv4 replies kept coming: longest outage {:.3f} s <= {:.1f} s",
                pod_v4.to_string(),
                outage,
                migration_outage_limit_s),
    !series.replies.empty() && outage <= migration_outage_limit_s);
  r.figures["outage_s"] = outage;
  r.figures["lost"] = lost_probes(series);
  r.figures["duration_s"] = series.end - started;
  r.figures["steps_applied"] = applied;
  r.figures["steps_outside_lab"] = outside;
  r.figures["playbook_logs"] = runs;
  r.figures["dry_run_would_change"] = dry_run_changes;
  if (!killed_in.empty()) {
    r.figures["killed_in"] = killed_in;
    r.figures["steps_skipped_on_restart"] = runs.empty()
                                              ? std::vector<std::string>{}
                                              : skipped_steps(read_file(runs.back()), playbook_ids);
  }
  if (master)
    r.figures["vip_holder"] = master->name;
  if (!series.replies.empty()) {
    const std::string svg = results_dir + "/migration.svg";
    std::ofstream(svg) << svg_timeline("Live migration: IPv4 client->pod probes",
                                       started,
                                       { { series, { gap.before, gap.after }, "" } });
    result.timelines.push_back(svg);
  }
  std::error_code ec;
  lab.state.config = fs::absolute(new_config_path, ec).string();
  (void)save_state(lab.state);
  if (!r.passed())
    r.evidence = evidence(lab, Family::ipv4);
  return result;
}

} // namespace dualstack::lab
