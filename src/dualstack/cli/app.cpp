// The CLI11 app: global options, subcommands, "did you mean", and the one catch of bugs.
#include <dualstack/cli/app.hpp>

#include <dualstack/cli/commands.hpp>
#include <dualstack/util/edit_distance.hpp>
#include <dualstack/util/exit_status.hpp>

#include <fmt/format.h>

#include <exception>
#include <iostream>

namespace dualstack::cli {

namespace {

// Returns an exit status if argv[1] names no subcommand (and says what was meant), else nullopt.
std::optional<int> unknown_subcommand(CLI::App& app, int argc, char** argv)
{
  if (argc < 2 || argv[1][0] == '-')
    return std::nullopt;
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({}))
    names.push_back(sub->get_name());
  const std::string word = argv[1];
  if (std::find(names.begin(), names.end(), word) != names.end())
    return std::nullopt;
  std::cerr << fmt::format("dualstack: unknown command `{}`\n", word);
  if (auto match = closest_match(word, names)) {
    std::cerr << fmt::format("hint: did you mean `dualstack {}`?\n", *match);
  } else {
    std::cerr << "hint: `dualstack --help` lists the commands\n";
  }
  return exit_unusable;
}

} // namespace

int run(int argc, char** argv, std::span<const AddCommand> extra_commands)
{
  CLI::App app{
    "dualstack: IPv4/IPv6 dual-stack Kubernetes with Calico on OpenStack, from one config.toml.\n"
    "Pipeline: config.toml -> Plan -> render (files per host) -> lab (real daemons) -> verify "
    "(live cluster)."
  };
  app.set_version_flag("--version", std::string("dualstack ") + DUALSTACK_VERSION);
  app.require_subcommand(1);
  app.footer(
    "Exit status: 0 fine, 1 findings (config errors or failed checks), 2 unusable input or usage.\n"
    "Run `dualstack COMMAND --help` for a command's options.");
  int exit_code = exit_ok;
  add_check_command(app, exit_code);
  add_plan_command(app, exit_code);
  add_rules_command(app, exit_code);
  add_verify_command(app, exit_code);
  for (AddCommand add : extra_commands)
    add(app, exit_code);
  add_render_command(app, exit_code);
  add_migrate_command(app, exit_code);
  add_lab_command(app, exit_code);
  if (auto status = unknown_subcommand(app, argc, argv))
    return *status;
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return exit_unusable;
  } catch (const std::exception& e) {
    std::cerr
      << "dualstack: internal error: " << e.what() << "\n"
      << "hint: this is a bug in dualstack; please report it with the config that caused it\n";
    return 70;
  }
  return exit_code;
}

} // namespace dualstack::cli
