// `dualstack lab up|test|down`: the rendered network on real daemons in network namespaces.
#include <dualstack/cli/commands.hpp>
#include <dualstack/cli/session.hpp>
#include <dualstack/lab/lab.hpp>
#include <dualstack/lab/lab_migrate.hpp>
#include <dualstack/lab/scenarios.hpp>
#include <dualstack/lab/snapshot.hpp>
#include <dualstack/lab/state.hpp>
#include <dualstack/migrate/refusals.hpp>
#include <dualstack/plan/derive.hpp>
#include <dualstack/render/secrets.hpp>
#include <dualstack/util/exit_status.hpp>

#include <fmt/format.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

namespace dualstack::cli {

namespace {

namespace fs = std::filesystem;

constexpr int exit_interrupted = 130;

struct LabOptions
{
  std::string config;
  lab::LabOptions lab;
  bool keep = false;
  Format format = Format::text;
  std::string results;
  std::vector<int> scenarios;
  std::string new_config; // lab migrate
  std::string kill_at;    // lab migrate: kill the first playbook run in this step
};

// Progress lines on stderr, with the time since the command started.
class StderrProgress : public lab::Progress
{
public:
  void step(const std::string& what) override
  {
    const double s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    std::cerr << fmt::format("[lab {:6.1f}s] {}\n", s, what) << std::flush;
  }

private:
  std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
};

void on_lab_signal(int)
{
  lab::g_interrupted.store(true);
}

void install_signal_handlers()
{
  struct sigaction action
  {};
  action.sa_handler = on_lab_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

// Loads the config and derives the Plan; prints findings and returns nullopt on errors.
std::optional<plan::Plan> load_plan(const std::string& config, int& exit_code)
{
  auto session = open_session(config, Format::text, std::cout, std::cerr, exit_code);
  if (!session)
    return std::nullopt;
  if (!session->plan.plan) {
    print_findings(*session, Format::text, std::cerr, false);
    std::cerr << "lab: the config has errors; fix them first (dualstack check " << config << ")\n";
    if (exit_code == exit_ok)
      exit_code = exit_findings;
    return std::nullopt;
  }
  return *session->plan.plan;
}

// The start of `lab up` and `lab test`: the machine can run a lab, the config has a Plan (or
// its findings are printed and `exit_code` says why not), Ctrl-C takes the lab down.
std::optional<plan::Plan> start_with_plan(const char* command,
                                          const LabOptions& options,
                                          int& exit_code)
{
  if (auto ok = lab::check_prerequisites(); !ok) {
    std::cerr << command << ": " << ok.error() << "\n";
    exit_code = exit_unusable;
    return std::nullopt;
  }
  auto plan = load_plan(options.config, exit_code);
  if (plan)
    install_signal_handlers();
  return plan;
}

// Returns the Plan of `config` with one more WireGuard peer (a fresh key), derived by the same
// rules and slots as `dualstack render` would after the operator added it; nullopt (printed) if
// that config would not pass.
std::optional<plan::Plan> plan_with_added_peer(const std::string& config)
{
  int exit_code = exit_ok;
  auto session = open_session(config, Format::text, std::cout, std::cerr, exit_code);
  if (!session)
    return std::nullopt;
  config::Config with_peer = session->load.config;
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
  auto derived = plan::derive_plan(with_peer, Findings(config));
  if (!derived.plan) {
    std::cerr << "lab test: the config with an added WireGuard peer does not pass its rules:\n";
    for (const auto& f : derived.findings.all())
      std::cerr << "  " << f.rule << ": " << f.message << "\n";
    return std::nullopt;
  }
  return *derived.plan;
}

int fail_status()
{
  return lab::g_interrupted.load() ? exit_interrupted : exit_findings;
}

// Returns the directory for a run's report and timelines: --results, or one per lab id.
std::string results_path(const LabOptions& options, const std::string& id)
{
  return options.results.empty() ? "/var/tmp/dualstack-lab-results/" + id : options.results;
}

// Returns results_path(), made.
std::string results_dir(const LabOptions& options, const std::string& id)
{
  const std::string results = results_path(options, id);
  std::error_code ec;
  fs::create_directories(results, ec);
  return results;
}

// Returns the options for `lab up`: the id chosen now (random unless --id), so that an `up` that
// fails keeps its evidence in the run's results directory.
lab::LabOptions up_options(const LabOptions& options)
{
  lab::LabOptions up = options.lab;
  if (up.id.empty())
    up.id = lab::random_lab_id();
  up.evidence_dir = results_path(options, up.id);
  return up;
}

int run_up(const LabOptions& options)
{
  int exit_code = exit_ok;
  auto plan = start_with_plan("lab up", options, exit_code);
  if (!plan)
    return exit_code;
  StderrProgress progress;
  auto lab = lab::lab_up(*plan, options.config, up_options(options), progress);
  if (!lab) {
    std::cerr << "lab up: " << lab.error() << "\n";
    return fail_status();
  }
  std::cout << fmt::format("lab {} is up (state {}); run `dualstack lab test {} --id {}` or "
                           "`dualstack lab down --id {}`\n",
                           (*lab)->state.id,
                           (*lab)->state.path(),
                           options.config,
                           (*lab)->state.id,
                           (*lab)->state.id);
  return exit_ok;
}

// Ends a lab run: keeps a failed run's evidence (lab::keep_evidence), writes report.json into
// `results`, takes the lab down (if this run made it) unless --keep, always on Ctrl-C; prints the
// report as a table or JSON; returns the exit status (0 all passed, 1 one failed, 130 interrupted).
int finish_run(const char* command,
               const lab::LabContext& lab,
               lab::Report& report,
               const std::string& results,
               bool made_here,
               const LabOptions& options,
               StderrProgress& progress)
{
  const std::string& id = lab.state.id;
  if (!report.passed() && !lab::g_interrupted.load()) {
    // `down` removes the run directory: the logs and the daemons' state go with the report.
    if (auto kept = lab::keep_evidence(lab, report); kept)
      progress.step("evidence kept in " + report.snapshot);
    else
      std::cerr << command << ": could not keep the evidence: " << kept.error() << "\n";
  }
  const auto json = lab::to_json(report);
  const std::string json_path = results + "/report.json";
  std::ofstream(json_path) << json.dump(2) << "\n";
  const bool interrupted = lab::g_interrupted.load();
  if (made_here && (!options.keep || interrupted)) {
    progress.step(interrupted ? "interrupted: taking the lab down" : "taking the lab down");
    if (auto down = lab::lab_down(id, progress); !down)
      std::cerr << command << ": down: " << down.error() << "\n";
  } else {
    progress.step(fmt::format("lab {} stays up (dualstack lab down --id {})", id, id));
  }
  if (options.format == Format::json) {
    std::cout << json.dump(2) << "\n";
  } else {
    std::cout << lab::format_table(report);
    std::cout << "report: " << json_path << "\n";
  }
  if (interrupted)
    return exit_interrupted;
  return report.passed() ? exit_ok : exit_findings;
}

int run_test(const LabOptions& options)
{
  int exit_code = exit_ok;
  auto plan = start_with_plan("lab test", options, exit_code);
  if (!plan)
    return exit_code;
  StderrProgress progress;

  // A lab that is up already (the one named by --id, or the only one built from this config) is
  // reused.
  std::error_code ec;
  const std::string config_abs = fs::absolute(options.config, ec).string();
  std::optional<lab::LabState> existing;
  for (const auto& id : lab::list_labs()) {
    if (!options.lab.id.empty() && id != options.lab.id)
      continue;
    auto state = lab::load_state(id);
    if (state && state->up && state->config == config_abs)
      existing = *state;
  }
  std::unique_ptr<lab::LabContext> lab;
  bool made_here = false;
  if (existing) {
    progress.step("using lab " + existing->id + ", which is up");
    auto attached = lab::lab_attach(*plan, *existing, progress);
    if (!attached) {
      std::cerr << "lab test: " << attached.error() << "\n";
      return exit_unusable;
    }
    lab = std::move(*attached);
  } else {
    lab::LabOptions up = up_options(options);
    up.scenarios_judge_convergence = true;
    auto made = lab::lab_up(*plan, options.config, up, progress);
    if (!made) {
      std::cerr << "lab test: " << made.error() << "\n";
      return fail_status();
    }
    lab = std::move(*made);
    made_here = true;
  }

  const std::string results = results_dir(options, lab->state.id);
  std::vector<lab::ScenarioResult> deploy;
  if (!lab->state.deploy.empty() && !lab::g_interrupted.load()) {
    progress.step("redeploy: the playbook again, under probes (it must change nothing)");
    deploy.push_back(lab::scenario_redeploy(*lab));
    progress.step("add a WireGuard peer: the playbook with one more peer, under probes");
    if (auto with_peer = plan_with_added_peer(options.config)) {
      deploy.push_back(lab::scenario_add_peer(*lab, *with_peer));
    } else {
      lab::ScenarioResult failed;
      failed.key = "add_peer";
      failed.title = "a WireGuard peer added, deployed by the playbook";
      failed.family(plan->primary())
        .check("the config with one more WireGuard peer has a Plan", false);
      deploy.push_back(std::move(failed));
    }
  }
  lab::Report report = lab::run_scenarios(*lab, results, options.scenarios);
  report.scenarios.insert(report.scenarios.begin(), deploy.begin(), deploy.end());

  return finish_run("lab test", *lab, report, results, made_here, options, progress);
}

int run_lab_migrate(const LabOptions& options)
{
  if (auto ok = lab::check_prerequisites(); !ok) {
    std::cerr << "lab migrate: " << ok.error() << "\n";
    return exit_unusable;
  }
  int exit_code = exit_ok;
  auto old_session = open_session(options.config, Format::text, std::cout, std::cerr, exit_code);
  if (!old_session)
    return exit_code;
  auto new_session =
    open_session(options.new_config, Format::text, std::cout, std::cerr, exit_code);
  if (!new_session)
    return exit_code;
  for (const Session* s : { &*old_session, &*new_session }) {
    if (!s->plan.plan) {
      print_findings(*s, Format::text, std::cerr, false);
      std::cerr << "lab migrate: a config has errors; fix them first (dualstack check)\n";
      return exit_findings;
    }
  }
  Findings refusals(options.new_config);
  const migrate::Sides sides{ old_session->load.config,
                              *old_session->plan.plan,
                              new_session->load.config,
                              *new_session->plan.plan };
  if (migrate::find_refusals(sides, refusals)) {
    std::cerr << "lab migrate: `dualstack migrate " << options.config << " " << options.new_config
              << "` refuses this change; see its findings\n";
    return exit_findings;
  }
  install_signal_handlers();
  StderrProgress progress;
  // The cluster as the deploy playbook made it: the migration playbook then drives the same
  // daemons over SSH.
  lab::LabOptions up = up_options(options);
  up.deploy = "ansible";
  auto made = lab::lab_up(*old_session->plan.plan, options.config, up, progress);
  if (!made) {
    std::cerr << "lab migrate: " << made.error() << "\n";
    return fail_status();
  }
  auto& lab = *made;
  const std::string results = results_dir(options, lab->state.id);
  lab::Report report;
  report.lab_id = lab->state.id;
  report.results_dir = results;
  lab::ScenarioResult migration =
    lab::migrate_lab(*lab, *new_session->plan.plan, options.new_config, results, options.kill_at);
  const bool migrated = migration.passed();
  report.scenarios.push_back(std::move(migration));
  if (migrated && !lab::g_interrupted.load()) {
    // Both families after the migration: converged, reachable (scenarios 1 and 2), the API by
    // name (6: migrate's api-dns step gave the client the new hosts file) and the LoadBalancer
    // Service of each family (7).
    lab::Report after = lab::run_scenarios(*lab, results, { 1, 2, 6, 7 });
    for (auto& s : after.scenarios)
      report.scenarios.push_back(std::move(s));
  }
  return finish_run("lab migrate", *lab, report, results, true, options, progress);
}

int run_down(const std::string& id)
{
  if (geteuid() != 0) {
    std::cerr << "lab down: needs root (it deletes network namespaces)\n";
    return exit_unusable;
  }
  StderrProgress progress;
  std::vector<std::string> ids = id.empty() ? lab::list_labs() : std::vector<std::string>{ id };
  if (ids.empty()) {
    std::cout << "lab down: no lab is up (nothing recorded in " << lab::state_root() << ")\n";
    return exit_ok;
  }
  int status = exit_ok;
  for (const auto& one : ids) {
    if (auto down = lab::lab_down(one, progress); !down) {
      std::cerr << "lab down: " << down.error() << "\n";
      status = exit_findings;
    } else {
      std::cout << "lab " << one << " removed\n";
    }
  }
  return status;
}

void add_lab_options(CLI::App& command, LabOptions& options)
{
  command.add_option("CONFIG", options.config, "Path of the cluster's config.toml")->required();
  command
    .add_option("--nodes",
                options.lab.nodes,
                "k8s nodes in the lab, masters and workers alternately (default 4)")
    ->check(CLI::Range(1, 128));
  command
    .add_option("--gateways",
                options.lab.gateways,
                "Gateways in the lab (default: the config's gateway_count)")
    ->check(CLI::Range(2, 7));
  command.add_option("--id",
                     options.lab.id,
                     "Lab id (1-6 hex digits; namespaces are named dsl<id>-*); random by default");
  command
    .add_option("--client",
                options.lab.client,
                "roaming (default): a laptop behind a home NAT that the gateways learn only "
                "when it dials in, as most operators' peers are; fixed: the WireGuard client has "
                "a public address the gateways know (its `endpoint`, site-to-site) (docs/lab.md)")
    ->check(CLI::IsMember({ "fixed", "roaming" }));
}

void add_deploy_option(CLI::App& command, LabOptions& options)
{
  command
    .add_option("--deploy",
                options.lab.deploy,
                "ansible: the gateways start as fresh hosts with sshd and get their files and "
                "daemons from the rendered playbook (ansible-playbook over SSH from the client); "
                "`lab test` then also runs it again (scenario 0: changed=0, no probe lost)")
    ->check(CLI::IsMember({ "ansible" }));
  command
    .add_option("--terraform",
                options.lab.terraform,
                "Enforce this Terraform file's ports and security groups on the lab's network "
                "instead of the one rendered from CONFIG: render, edit DIR/terraform/main.tf.json "
                "(drop a rule or an allowed address pair) and see which scenario fails and why")
    ->check(CLI::ExistingFile);
}

} // namespace

void add_lab_command(CLI::App& app, int& exit_code)
{
  auto options = std::make_shared<LabOptions>();
  auto down_id = std::make_shared<std::string>();
  CLI::App* lab =
    app.add_subcommand("lab",
                       "Run the rendered gateway files on real daemons in network namespaces and "
                       "prove failover (root)");
  lab->require_subcommand(1);
  lab->footer("The lab renders the config into /run/dualstack-lab/<id>/render and builds, in "
              "network namespaces named\n"
              "dsl<id>-*: the cluster network (a bridge with the OpenStack router and the floating "
              "IP's NAT), the\n"
              "gateways running the rendered sysctl, nftables, WireGuard (wireguard-go), BIRD, "
              "HAProxy and keepalived\n"
              "files unchanged, k8s nodes with a calico/node BGP stand-in and a pod each, TLS "
              "listeners on the masters,\n"
              "and the operator's WireGuard client. Everything it makes is recorded in state.json; "
              "`down` removes that\n"
              "and nothing else. See docs/lab.md.");

  CLI::App* up = lab->add_subcommand("up", "Build the lab and wait until it converges");
  add_lab_options(*up, *options);
  add_deploy_option(*up, *options);
  up->callback([options, &exit_code] { exit_code = run_up(*options); });

  CLI::App* test = lab->add_subcommand(
    "test", "Run every scenario (bringing the lab up first if needed) and print the results");
  add_lab_options(*test, *options);
  add_deploy_option(*test, *options);
  test->add_flag("--keep", options->keep, "Leave the lab up afterwards (for inspection)");
  test->add_option("--results",
                   options->results,
                   "Directory for report.json and the SVG timelines "
                   "(default /var/tmp/dualstack-lab-results/<id>)");
  test
    ->add_option("--scenario",
                 options->scenarios,
                 fmt::format("Run only these scenarios (1-{}; repeatable)", lab::scenario_count))
    ->check(CLI::Range(1, lab::scenario_count));
  add_format_option(*test, options->format);
  test->footer(
    "Scenarios, each for IPv4 and IPv6: 1 converged, 2 reachability from the client "
    "(nodes, pods, API through\n"
    "HAProxy on the VIP), 3 LB-master failure by SIGKILL and failback, 4 a node's BGP "
    "speaker restarts,\n"
    "5 the master partitioned (link down) and healed, 6 the API by its DNS name "
    "(rendered dns/hosts)\n"
    "with each family forced, 7 a LoadBalancer IP of each family from the client "
    "(skipped when the config\n"
    "has no DNS-name endpoint / no pool), 8 the master stalled (SIGSTOP 0.3 s and 1 s) "
    "and resumed, 9 no\n"
    "spurious failover in 60 s of saturated CPUs and 1% loss. Failover figures are `outage_s` "
    "(seconds: last reply\n"
    "before the event to the first after it, probes every 10 ms). Exit 0 all passed, 1 "
    "a scenario failed,\n"
    "2 unusable input or machine, 130 interrupted (the lab is taken down).");
  test->callback([options, &exit_code] { exit_code = run_test(*options); });

  CLI::App* migrate = lab->add_subcommand(
    "migrate",
    "Bring a lab up from OLD_CONFIG, apply `dualstack migrate OLD NEW`'s steps to it under IPv4 "
    "probes, then prove both families (scenarios 1, 2, 6 and 7)");
  add_lab_options(*migrate, *options);
  migrate->add_option("NEW_CONFIG", options->new_config, "The config to migrate to")->required();
  migrate->add_flag("--keep", options->keep, "Leave the lab up afterwards (for inspection)");
  migrate->add_option("--kill-playbook-at",
                      options->kill_at,
                      "Kill the migration playbook's first run (SIGKILL) once this gateway or "
                      "node-network step has run two commands, then run it again from the top");
  migrate->add_option("--results",
                      options->results,
                      "Directory for report.json and migration.svg "
                      "(default /var/tmp/dualstack-lab-results/<id>)");
  add_format_option(*migrate, options->format);
  migrate->footer(
    "The lab comes up as the deploy playbook makes it (--deploy ansible); the migration's "
    "node-network and gateway\n"
    "steps run through the rendered ansible/migrate.yml over SSH (backups first, the VRRP master "
    "last); the lab adds the new family's addresses for the Terraform ports step, "
    "updates the\n"
    "WireGuard client and the nodes' BGP stand-ins (Calico step). `migration.ipv4.outage_s` is the "
    "longest gap\n"
    "between IPv4 replies (client->pod, every 10 ms) during the whole migration; it must stay "
    "<= 1.0 s.\n"
    "Exit 0 migrated and both families pass, 1 a step or check failed, 2 unusable input.");
  migrate->callback([options, &exit_code] { exit_code = run_lab_migrate(*options); });

  CLI::App* down =
    lab->add_subcommand("down", "Remove the lab (every lab recorded, or the one given by --id)");
  down->add_option("--id", *down_id, "Lab id");
  down->callback([down_id, &exit_code] { exit_code = run_down(*down_id); });
}

} // namespace dualstack::cli
