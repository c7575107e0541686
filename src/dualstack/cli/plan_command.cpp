// `dualstack plan CONFIG`: the Plan as tables or JSON.
#include <dualstack/cli/commands.hpp>
#include <dualstack/cli/finding_printer.hpp>
#include <dualstack/cli/plan_printer.hpp>
#include <dualstack/cli/session.hpp>
#include <dualstack/plan/plan_json.hpp>

#include <iostream>

namespace dualstack::cli {

void add_plan_command(CLI::App& app, int& exit_code)
{
  struct Options
  {
    std::string config;
    Format format = Format::text;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
    "plan", "Print the Plan: every address, prefix, peer and session per family");
  command->add_option("CONFIG", options->config, "Path of the cluster's config.toml")->required();
  add_format_option(*command, options->format);
  command->footer("A config with errors prints its findings instead (exit 1).\n"
                  "The JSON schema is documented in docs/plan-schema.md.");
  command->callback([options, &exit_code] {
    auto session = open_session(options->config, options->format, std::cout, std::cerr, exit_code);
    if (!session)
      return;
    if (!session->plan.plan) {
      print_findings(
        *session, options->format, options->format == Format::json ? std::cout : std::cerr, false);
      return;
    }
    if (options->format == Format::json) {
      auto json = plan::to_json(*session->plan.plan);
      json["findings"] = findings_json(session->plan.findings.all())["findings"];
      std::cout << json.dump(2) << "\n";
    } else {
      print_plan_text(std::cout, *session->plan.plan);
      if (!session->plan.findings.all().empty()) {
        std::cout << "\n";
        print_findings(*session, Format::text, std::cout, stdout_color());
      }
    }
  });
}

} // namespace dualstack::cli
