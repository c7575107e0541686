// Every subcommand registers itself on the CLI11 app through one function here. A command's
// callback stores its exit status in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace dualstack::cli {

void add_check_command(CLI::App& app, int& exit_code);
void add_plan_command(CLI::App& app, int& exit_code);
void add_rules_command(CLI::App& app, int& exit_code);
void add_verify_command(CLI::App& app, int& exit_code);
void add_render_command(CLI::App& app, int& exit_code);
void add_migrate_command(CLI::App& app, int& exit_code);
void add_lab_command(CLI::App& app, int& exit_code);

} // namespace dualstack::cli
