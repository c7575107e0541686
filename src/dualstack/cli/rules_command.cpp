// `dualstack rules`: every rule id with its one-line description.
#include <dualstack/cli/commands.hpp>
#include <dualstack/cli/session.hpp>
#include <dualstack/cli/table.hpp>
#include <dualstack/plan/rules.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

namespace dualstack::cli {

void add_rules_command(CLI::App& app, int& exit_code)
{
  auto format = std::make_shared<Format>(Format::text);
  CLI::App* command = app.add_subcommand("rules", "List every rule id with its description");
  add_format_option(*command, *format);
  command->callback([format, &exit_code] {
    exit_code = 0;
    if (*format == Format::json) {
      nlohmann::ordered_json list = nlohmann::ordered_json::array();
      for (const auto& rule : plan::config_rules()) {
        list.push_back({{"id", rule.id}, {"stage", "config"}, {"description", rule.description}});
      }
      std::cout << nlohmann::ordered_json{{"rules", list}}.dump(2) << "\n";
      return;
    }
    std::cout << "Config rules (dualstack check):\n";
    Table table({"rule", "description"});
    for (const auto& rule : plan::config_rules()) {
      table.add({std::string(rule.id), std::string(rule.description)});
    }
    table.print(std::cout);
  });
}

} // namespace dualstack::cli
