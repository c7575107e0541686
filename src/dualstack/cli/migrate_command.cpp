// `dualstack migrate OLD_CONFIG NEW_CONFIG [-o DIR]`: the ordered steps that take a running
// cluster from one config to the other, or why that cannot be done in place.
#include <dualstack/cli/commands.hpp>
#include <dualstack/cli/finding_printer.hpp>
#include <dualstack/cli/session.hpp>
#include <dualstack/migrate/migration.hpp>
#include <dualstack/migrate/playbook.hpp>
#include <dualstack/migrate/printer.hpp>
#include <dualstack/migrate/refusals.hpp>
#include <dualstack/render/pipeline.hpp>
#include <dualstack/util/exit_status.hpp>
#include <dualstack/util/json.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <csignal>
#include <iostream>
#include <sstream>

namespace dualstack::cli {

namespace {

struct Options
{
  std::string old_config;
  std::string new_config;
  std::string output;
  std::string keys_from;
  bool details = false;
  Format format = Format::text;
};

void on_signal(int)
{
  render::g_interrupted.store(true);
}

Json result_json(const std::vector<Finding>& refusals,
                 const migrate::Migration* migration,
                 const Options& o)
{
  Json out;
  out["from"] = o.old_config;
  out["to"] = o.new_config;
  out["adds"] = Json::array();
  if (migration) {
    for (net::Family f : migration->added)
      out["adds"].push_back(std::string(net::to_string(f)));
  }
  out["output"] =
    o.output.empty() || !migration || migration->steps.empty() ? Json() : Json(o.output);
  out["steps"] = migration ? migrate::steps_json(*migration) : Json::array();
  out["refusals"] = findings_json(refusals)["findings"];
  return out;
}

// Appends to `artifacts` (the new Plan's files and its keys, render::render_tree's) the migration
// itself: its playbook, STEPS.txt and steps.json.
void add_migration_files(render::Artifacts& artifacts,
                         const plan::Plan& new_plan,
                         const migrate::Migration& migration,
                         const migrate::Header& header,
                         const Options& o)
{
  artifacts.push_back({ "ansible/migrate.yml",
                        "operator",
                        "",
                        0644,
                        "dualstack migrate: the steps as an Ansible playbook (docs/migrate.md)",
                        migrate::migrate_playbook(new_plan, migration, artifacts),
                        false });
  std::ostringstream text;
  migrate::print_migration_text(text, header, migration, true);
  artifacts.push_back({ "migrate/STEPS.txt",
                        "operator",
                        "",
                        0644,
                        "dualstack migrate: every step in full",
                        text.str(),
                        false });
  artifacts.push_back({ "migrate/steps.json",
                        "operator",
                        "",
                        0644,
                        "dualstack migrate: the steps as JSON",
                        result_json({}, &migration, o).dump(2) + "\n",
                        false });
}

int run_migrate(const Options& o)
{
  int exit_code = exit_ok;
  auto old_session = open_session(o.old_config, o.format, std::cout, std::cerr, exit_code);
  if (!old_session)
    return exit_code;
  auto new_session = open_session(o.new_config, o.format, std::cout, std::cerr, exit_code);
  if (!new_session)
    return exit_code;
  if (!old_session->plan.plan || !new_session->plan.plan) {
    for (const Session* s : { &*old_session, &*new_session }) {
      if (!s->plan.plan)
        print_findings(*s, o.format, o.format == Format::json ? std::cout : std::cerr, false);
    }
    std::cerr << "migrate: nothing planned, nothing written; fix the config errors above first\n";
    return exit_findings;
  }
  const plan::Plan& old_plan = *old_session->plan.plan;
  const plan::Plan& new_plan = *new_session->plan.plan;

  Findings refusals(o.new_config);
  const migrate::Sides sides{
    old_session->load.config, old_plan, new_session->load.config, new_plan
  };
  if (migrate::find_refusals(sides, refusals)) {
    refusals.sort();
    if (o.format == Format::json) {
      std::cout << result_json(refusals.all(), nullptr, o).dump(2) << "\n";
    } else {
      print_findings_text(std::cout, refusals.all(), new_session->load.text, stdout_color());
      std::cout << fmt::format("migrate: refused: {} cannot become {} in place (nothing written)\n",
                               o.old_config,
                               o.new_config);
    }
    return exit_findings;
  }

  // Gateways must keep their WireGuard keys: reuse the running cluster's render output's.
  const std::string keys_dir = !o.keys_from.empty() ? o.keys_from : o.output;
  auto tree = render::render_tree(
    new_plan, keys_dir.empty() ? "/nonexistent" : keys_dir, migrate::migration_artifacts);
  if (!tree) {
    std::cerr << "migrate: " << tree.error() << "\n";
    return exit_unusable;
  }
  const migrate::Migration migration = migrate::plan_migration(old_plan, new_plan, tree->artifacts);
  migrate::Header header{ o.old_config, o.new_config, new_plan.primary(), "" };
  if (!o.output.empty() && !migration.steps.empty()) {
    header.output = o.output;
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    add_migration_files(tree->artifacts, new_plan, migration, header, o);
    if (auto written = render::write_rendered(o.output, *tree, new_plan); !written) {
      std::cerr << "migrate: " << written.error() << "\n";
      return exit_unusable;
    }
  }
  if (o.format == Format::json) {
    std::cout << result_json({}, &migration, o).dump(2) << "\n";
  } else {
    migrate::print_migration_text(std::cout, header, migration, o.details);
  }
  if (!header.output.empty() && !tree->generated_keys.empty()) {
    std::cerr << fmt::format(
      "migrate: warning: new WireGuard key(s) {} in {}: the running gateways hold other keys, and "
      "their clients "
      "would lose their tunnels; pass --keys-from with the running cluster's render directory\n",
      fmt::join(tree->generated_keys, ", "),
      o.output);
  }
  return exit_ok;
}

} // namespace

void add_migrate_command(CLI::App& app, int& exit_code)
{
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand("migrate",
                                         "Plan the steps that take a running cluster from "
                                         "OLD_CONFIG to NEW_CONFIG (e.g. IPv4 -> dual-stack)");
  command->add_option("OLD_CONFIG", options->old_config, "config.toml the cluster runs with now")
    ->required();
  command->add_option("NEW_CONFIG", options->new_config, "config.toml it should run with")
    ->required();
  command->add_option(
    "-o,--output",
    options->output,
    "Write every file the steps name (the new config's render, plus migrate/) to DIR, all or "
    "nothing");
  command->add_option(
    "--keys-from",
    options->keys_from,
    "The running cluster's render directory: its secrets/ keep the gateways' WireGuard keys "
    "(default: DIR itself)");
  command->add_flag(
    "--details", options->details, "Print every step's changes, files, commands and checks");
  add_format_option(*command, options->format);
  command->footer("Each step says what it changes, whether it disrupts traffic and for whom, the "
                  "files and commands that do it,\n"
                  "and the `dualstack verify` checks that must pass (against NEW_CONFIG) before "
                  "the next step. Covered: adding\n"
                  "a family (IPv4 -> dual-stack): Terraform subnet and ports, gateways one at a "
                  "time (backups first, the VRRP\n"
                  "master last), control plane, ServiceCIDR (Kubernetes >= 1.33; older versions "
                  "say what is impossible),\n"
                  "kubelet --node-ip, kube-proxy, Calico, and re-registering each node for its "
                  "immutable podCIDRs.\n"
                  "Refused (exit 1, findings at the NEW value): a changed primary family, a "
                  "removed family, a changed pool CIDR\n"
                  "or block size, a range shrunk below addresses in use, and any other change "
                  "(make it on its own first).\n"
                  "Identical configs: nothing to do (exit 0). Exit 2: unusable input, or DIR could "
                  "not be written (untouched).");
  command->callback([options, &exit_code] { exit_code = run_migrate(*options); });
}

} // namespace dualstack::cli
