// `dualstack check CONFIG`: every rule over a config, printed like a compiler.
#include <dualstack/cli/commands.hpp>
#include <dualstack/cli/session.hpp>

#include <iostream>

namespace dualstack::cli {

void add_check_command(CLI::App& app, int& exit_code)
{
  struct Options
  {
    std::string config;
    Format format = Format::text;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
    "check", "Check a config.toml against every rule (exit 0 clean, 1 errors, 2 unusable)");
  command->add_option("CONFIG", options->config, "Path of the cluster's config.toml")->required();
  add_format_option(*command, options->format);
  command->footer(
    "Findings print as file:line:col: error[rule]: message, with the source line and a hint.\n"
    "`dualstack rules` lists every rule.");
  command->callback([options, &exit_code] {
    auto session = open_session(options->config, options->format, std::cout, std::cerr, exit_code);
    if (!session)
      return;
    print_findings(*session, options->format, std::cout, stdout_color());
    if (options->format == Format::text && session->plan.findings.all().empty()) {
      std::cout << options->config << ": ok, no findings\n";
    }
  });
}

} // namespace dualstack::cli
