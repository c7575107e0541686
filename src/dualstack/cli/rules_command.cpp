// `dualstack rules`: every rule id with its one-line description.
#include <dualstack/cli/commands.hpp>
#include <dualstack/cli/session.hpp>
#include <dualstack/cli/table.hpp>
#include <dualstack/plan/rules.hpp>
#include <dualstack/verify/check.hpp>
#include <dualstack/verify/gather.hpp>
#include <dualstack/verify/host/host_checks.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

namespace dualstack::cli {

namespace {

// One table of the text listing: its heading, the name of its first column, and the registries
// whose entries it lists, in order.
struct RulesSection
{
  std::string_view heading;
  std::string_view column;
  std::vector<std::vector<util::ListedEntry>> registries;
};

// Returns every registry, grouped into the tables the text listing prints.
std::vector<RulesSection> rules_sections()
{
  return {
    { "Config rules (dualstack check):", "rule", { plan::config_rules().listed() } },
    { "Cluster checks (dualstack verify --from / --kubeconfig / --in-cluster):",
      "check",
      { verify::cluster_checks().listed() } },
    { "Node checks (dualstack verify --host; --gather adds host-reported):",
      "check",
      { verify::host::host_checks().listed(), verify::gather_checks().listed() } },
  };
}

} // namespace

void add_rules_command(CLI::App& app, int& exit_code)
{
  auto format = std::make_shared<Format>(Format::text);
  CLI::App* command = app.add_subcommand("rules", "List every rule id with its description");
  add_format_option(*command, *format);
  command->callback([format, &exit_code] {
    exit_code = 0;
    const std::vector<RulesSection> sections = rules_sections();
    if (*format == Format::json) {
      nlohmann::ordered_json list = nlohmann::ordered_json::array();
      for (const auto& section : sections) {
        for (const auto& registry : section.registries) {
          for (const auto& entry : registry) {
            list.push_back({ { "id", entry.id },
                             { "stage", entry.stage },
                             { "description", entry.description } });
          }
        }
      }
      std::cout << nlohmann::ordered_json{ { "rules", list } }.dump(2) << "\n";
      return;
    }
    for (std::size_t i = 0; i < sections.size(); ++i) {
      std::cout << (i == 0 ? "" : "\n") << sections[i].heading << "\n";
      Table table({ std::string(sections[i].column), "description" });
      for (const auto& registry : sections[i].registries) {
        for (const auto& entry : registry) {
          table.add({ std::string(entry.id), std::string(entry.description) });
        }
      }
      table.print(std::cout);
    }
  });
}

} // namespace dualstack::cli
