// `dualstack lab up|test|down`: the rendered network on real daemons in network namespaces.
#include <dualstack/cli/commands.hpp>
#include <dualstack/cli/session.hpp>
#include <dualstack/lab/lab.hpp>
#include <dualstack/lab/lab_run.hpp>
#include <dualstack/lab/scenarios.hpp>
#include <dualstack/lab/state.hpp>
#include <dualstack/util/exit_status.hpp>

#include <fmt/format.h>

#include <chrono>
#include <csignal>
#include <iostream>
#include <optional>

namespace dualstack::cli {

namespace {

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
std::optional<Session> load_plan(const std::string& config, int& exit_code)
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
  return session;
}

// The start of `lab up` and `lab test`: the machine can run a lab, the config has a Plan (or
// its findings are printed and `exit_code` says why not), Ctrl-C takes the lab down.
std::optional<Session> start_with_plan(const char* command,
                                       const LabOptions& options,
                                       int& exit_code)
{
  if (auto ok = lab::check_prerequisites(); !ok) {
    std::cerr << command << ": " << ok.error() << "\n";
    exit_code = exit_unusable;
    return std::nullopt;
  }
  auto session = load_plan(options.config, exit_code);
  if (session)
    install_signal_handlers();
  return session;
}

int fail_status()
{
  return lab::g_interrupted.load() ? exit_interrupted : exit_findings;
}

// Returns the options for `lab up`: the id chosen now (random unless --id), so that an `up` that
// fails keeps its evidence in the run's results directory.
lab::LabOptions up_options(const LabOptions& options)
{
  lab::LabOptions up = options.lab;
  if (up.id.empty())
    up.id = lab::random_lab_id();
  up.evidence_dir = lab::results_path(options.results, up.id);
  return up;
}

int run_up(const LabOptions& options)
{
  int exit_code = exit_ok;
  auto session = start_with_plan("lab up", options, exit_code);
  if (!session)
    return exit_code;
  StderrProgress progress;
  auto lab = lab::lab_up(session->load.config, options.config, up_options(options), progress);
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

// Ends a lab run (lab::finish_run: evidence, report.json, down unless --keep), prints the report
// as a table or JSON; returns the exit status (0 all passed, 1 one failed, 130 interrupted).
int finish_run(const char* command,
               const lab::LabContext& lab,
               lab::Report& report,
               const std::string& results,
               bool made_here,
               const LabOptions& options,
               StderrProgress& progress)
{
  const std::string json_path =
    lab::finish_run(lab, report, results, made_here, options.keep, progress, [&](const auto& what) {
      std::cerr << command << ": " << what << "\n";
    });
  if (options.format == Format::json) {
    std::cout << lab::to_json(report).dump(2) << "\n";
  } else {
    std::cout << lab::format_table(report);
    std::cout << "report: " << json_path << "\n";
  }
  if (lab::g_interrupted.load())
    return exit_interrupted;
  return report.passed() ? exit_ok : exit_findings;
}

int run_test(const LabOptions& options)
{
  int exit_code = exit_ok;
  auto session = start_with_plan("lab test", options, exit_code);
  if (!session)
    return exit_code;
  StderrProgress progress;

  std::unique_ptr<lab::LabContext> lab;
  bool made_here = false;
  if (auto existing = lab::find_reusable_lab(options.config, options.lab.id)) {
    progress.step("using lab " + existing->id + ", which is up");
    auto attached = lab::lab_attach(session->load.config, *existing, progress);
    if (!attached) {
      std::cerr << "lab test: " << attached.error() << "\n";
      return exit_unusable;
    }
    lab = std::move(*attached);
  } else {
    lab::LabOptions up = up_options(options);
    up.scenarios_judge_convergence = true;
    auto made = lab::lab_up(session->load.config, options.config, up, progress);
    if (!made) {
      std::cerr << "lab test: " << made.error() << "\n";
      return fail_status();
    }
    lab = std::move(*made);
    made_here = true;
  }

  const std::string results = lab::make_results_dir(options.results, lab->state.id);
  const auto warn = [](const std::string& what) { std::cerr << "lab test: " << what << "\n"; };
  lab::Report report =
    lab::run_test_scenarios(*lab, results, options.scenarios, session->load.config, warn);
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
  if (auto allowed = lab::check_migration_allowed(old_session->load.config,
                                                  *old_session->plan.plan,
                                                  options.config,
                                                  new_session->load.config,
                                                  *new_session->plan.plan,
                                                  options.new_config);
      !allowed) {
    std::cerr << "lab migrate: " << allowed.error() << "\n";
    return exit_findings;
  }
  install_signal_handlers();
  StderrProgress progress;
  // The cluster as the deploy playbook made it: the migration playbook then drives the same
  // daemons over SSH.
  lab::LabOptions up = up_options(options);
  up.deploy = "ansible";
  auto made = lab::lab_up(old_session->load.config, options.config, up, progress);
  if (!made) {
    std::cerr << "lab migrate: " << made.error() << "\n";
    return fail_status();
  }
  auto& lab = *made;
  const std::string results = lab::make_results_dir(options.results, lab->state.id);
  lab::Report report = lab::run_migration_scenarios(
    *lab, new_session->load.config, options.new_config, results, options.kill_at);
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

// Returns `text` broken into lines of at most `width` characters at spaces (for help footers).
std::string wrap_lines(const std::string& text, std::size_t width = 100)
{
  std::string out;
  std::size_t line = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find(' ', at);
    if (end == std::string::npos)
      end = text.size();
    const std::size_t word = end - at;
    if (line > 0 && line + 1 + word > width) {
      out += '\n';
      line = 0;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out.append(text, at, word);
    line += word;
    at = end + 1;
  }
  return out;
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
                 fmt::format("Run only these scenarios (1-{}; repeatable)", lab::scenario_count()))
    ->check(CLI::Range(1, lab::scenario_count()));
  add_format_option(*test, options->format);
  test->footer(wrap_lines(
    fmt::format("Scenarios, each for IPv4 and IPv6: {}. Failover figures are `outage_s` (seconds: "
                "last reply before the event to the first after it, probes every 10 ms). Exit 0 "
                "all passed, 1 a scenario failed, 2 unusable input or machine, 130 interrupted "
                "(the lab is taken down).",
                lab::scenario_summaries())));
  test->callback([options, &exit_code] { exit_code = run_test(*options); });

  CLI::App* migrate = lab->add_subcommand(
    "migrate",
    fmt::format("Bring a lab up from OLD_CONFIG, apply `dualstack migrate OLD NEW`'s steps to it "
                "under IPv4 probes, then prove both families (scenarios {})",
                lab::number_list(lab::after_migration_scenarios())));
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
