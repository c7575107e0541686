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
        list.push_back(
          { { "id", rule.id }, { "stage", "config" }, { "description", rule.description } });
      }
      for (const auto& check : verify::cluster_checks()) {
        list.push_back(
          { { "id", check.id }, { "stage", "verify" }, { "description", check.description } });
      }
      for (const auto& check : verify::host::host_checks()) {
        list.push_back({ { "id", check.id },
                         { "stage", "verify --host" },
                         { "description", check.description } });
      }
      list.push_back({ { "id", verify::host_reported_id },
                       { "stage", "verify --gather" },
                       { "description", verify::host_reported_description } });
      std::cout << nlohmann::ordered_json{ { "rules", list } }.dump(2) << "\n";
      return;
    }
    std::cout << "Config rules (dualstack check):\n";
    Table table({ "rule", "description" });
    for (const auto& rule : plan::config_rules()) {
      table.add({ std::string(rule.id), std::string(rule.description) });
    }
    table.print(std::cout);
    std::cout << "\nCluster checks (dualstack verify --from / --kubeconfig / --in-cluster):\n";
    Table cluster({ "check", "description" });
    for (const auto& check : verify::cluster_checks()) {
      cluster.add({ std::string(check.id), std::string(check.description) });
    }
    cluster.print(std::cout);
    std::cout << "\nNode checks (dualstack verify --host; --gather adds host-reported):\n";
    Table host({ "check", "description" });
    for (const auto& check : verify::host::host_checks()) {
      host.add({ std::string(check.id), std::string(check.description) });
    }
    host.add(
      { std::string(verify::host_reported_id), std::string(verify::host_reported_description) });
    host.print(std::cout);
  });
}

} // namespace dualstack::cli
