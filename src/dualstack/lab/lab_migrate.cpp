// Applying `dualstack migrate`'s steps to a live lab under IPv4 probes.
#include <dualstack/lab/lab_migrate.hpp>

#include <dualstack/lab/api_name.hpp>

#include <dualstack/lab/daemons.hpp>
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
#include <dualstack/render/key_store.hpp>
#include <dualstack/render/secrets.hpp>
#include <dualstack/render/writer.hpp>

#include <fmt/format.h>

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

const LabGateway* gateway_named(const LabContext& lab, const std::string& name)
{
  return lab.topology.gateway(name);
}

// The lab's name of the rendered WireGuard interface `name` on gateway `g` (wg0 -> dsl..g0w0).
std::string lab_wg_if(const LabContext& lab, const LabGateway& g, const std::string& name)
{
  for (std::size_t e = 0; e < lab.plan.wireguard_endpoints.size(); ++e) {
    if (lab.plan.wireguard_endpoints[e].interface_name == name)
      return g.wg_ifs.at(e);
  }
  return name;
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

Status run_action(LabContext& lab, const LabGateway& g, const LabAction& a)
{
  switch (a.kind) {
    case ActionKind::run:
      return must_run_in(g.ns, a.argv);
    case ActionKind::birdc: {
      std::vector<std::string> argv{ "birdc", "-v", "-s", bird_socket(lab, g.ns) };
      argv.insert(argv.end(), a.argv.begin(), a.argv.end());
      auto result = run_command(argv);
      // birdc exits 0 even when BIRD rejects the command; the reply codes tell.
      if (!result.ok() || birdc_error(result.output))
        return tl::unexpected(
          fmt::format("birdc {} on {}: {}", a.argv.front(), g.name, result.output));
      return {};
    }
    case ActionKind::wg: {
      std::vector<std::string> argv{ "wg" };
      argv.insert(argv.end(), a.argv.begin(), a.argv.end());
      argv[2] = lab_wg_if(lab, g, argv[2]);
      return must_run_in(g.ns, argv);
    }
    case ActionKind::wg_syncconf: {
      const std::string wg_if = lab_wg_if(lab, g, a.interface);
      const WgQuickFile file = parse_wg_quick(read_file("/etc/netns/" + g.ns + a.file.substr(4)));
      const std::string setconf = lab.ns_dir(g.ns) + "/" + wg_if + ".setconf";
      std::error_code ec;
      fs::remove(setconf, ec);
      {
        std::ofstream touch(setconf);
      }
      fs::permissions(setconf, fs::perms::owner_read | fs::perms::owner_write, ec);
      std::ofstream(setconf, std::ios::trunc) << file.setconf;
      return must_run_in(g.ns, { "wg", "syncconf", wg_if, setconf });
    }
    case ActionKind::wg_address: {
      std::vector<std::string> argv{ "ip",      "-n",      g.ns,  "address",
                                     "replace", a.address, "dev", lab_wg_if(lab, g, a.interface) };
      if (a.address.find(':') != std::string::npos)
        argv.push_back("nodad");
      return must_run(argv);
    }
    case ActionKind::holds_address: {
      auto address = Address::parse(a.address);
      if (!address)
        return tl::unexpected(fmt::format("`{}` is not an address", a.address));
      const std::string& nic = lab.plan.gateway_interface;
      if (!wait_until([&] { return holds_address(g.ns, nic, *address); }, 5))
        return tl::unexpected(fmt::format("{} does not hold {} within 5 s", g.name, a.address));
      return {};
    }
    case ActionKind::keepalived_stop:
      return stop_keepalived(lab, g);
    case ActionKind::keepalived_start:
      return start_keepalived(lab, g);
    case ActionKind::keepalived_reload:
      return reload_keepalived(lab, g);
    case ActionKind::haproxy_reload:
      return reload_haproxy(lab, g);
  }
  return {};
}

Status run_commands(LabContext& lab, const std::vector<migrate::Command>& commands)
{
  for (const auto& command : commands) {
    const LabGateway* g = gateway_named(lab, command.on);
    if (!g)
      return tl::unexpected(
        fmt::format("`{}` runs on {}, which is not a lab gateway", command.run, command.on));
    auto actions = lab_actions(command.run);
    if (!actions)
      return tl::unexpected(fmt::format("on {}: {}", command.on, actions.error()));
    for (const auto& a : *actions) {
      if (auto done = run_action(lab, *g, a); !done)
        return tl::unexpected(
          fmt::format("on {}: `{}`: {}", command.on, command.run, done.error()));
    }
  }
  return {};
}

Status gateway_step(LabContext& lab, const migrate::Step& step)
{
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> files;
  for (const auto& file : step.files)
    files[file.host].push_back({ file.path, file.target });
  for (const auto& [host, list] : files) {
    const LabGateway* g = gateway_named(lab, host);
    if (!g)
      return tl::unexpected(
        fmt::format("step {} names host {}, which is not a lab gateway", step.id, host));
    LAB_TRY(install_host_files(new_render_dir(lab), g->ns, list));
  }
  LAB_TRY(run_commands(lab, step.commands));
  return run_commands(lab, step.checks);
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
    for (const auto& address : lab.plan.host(n.name)->addresses)
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
                           const plan::Plan& new_plan,
                           const std::string& new_config,
                           const std::string& results_dir)
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

  plan::Plan np = new_plan;
  LabOptions options;
  options.id = lab.state.id;
  options.nodes = lab.state.nodes;
  options.gateways = lab.state.gateways;
  auto topology = make_topology(np, options);
  if (!topology) {
    r.check("the new config makes a lab topology: " + topology.error(), false);
    return result;
  }
  apply_environment(np, *topology, lab.client_public_key(), lab.site_public_key());
  std::vector<std::string> generated;
  auto secrets = render::load_or_create_secrets(lab.render_dir(), np, generated);
  if (!secrets || !generated.empty()) {
    r.check("the new render keeps the gateways' WireGuard keys", false);
    return result;
  }
  render::Artifacts artifacts = migrate::migration_artifacts(np, *secrets);
  if (auto written = render::write_tree(new_render_dir(lab), artifacts, np.cluster_name);
      !written) {
    r.check("the new config renders: " + written.error(), false);
    return result;
  }
  const migrate::Migration migration = migrate::plan_migration(lab.plan, np, artifacts);
  r.check(fmt::format("dualstack migrate plans {} steps adding a family", migration.steps.size()),
          !migration.added.empty() && !migration.steps.empty());
  if (!r.passed())
    return result;

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
  lab.plan = np;
  lab.topology = std::move(*topology);
  std::vector<std::string> applied, outside;
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
    } else if (step.id.rfind("gateway-", 0) == 0) {
      lab.say("migration: " + step.title);
      status = gateway_step(lab, step);
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
  lab.state.config = fs::absolute(new_config, ec).string();
  (void)save_state(lab.state);
  if (!r.passed())
    r.evidence = evidence(lab, Family::ipv4);
  return result;
}

} // namespace dualstack::lab
