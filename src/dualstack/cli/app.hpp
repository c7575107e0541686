// The command-line front end: parses arguments and dispatches to a command.
#pragma once

#include <span>

namespace CLI {
class App;
}

namespace dualstack::cli {

// Registers one subcommand on the app; its callback stores its exit status in `exit_code`.
using AddCommand = void (*)(CLI::App& app, int& exit_code);

// Runs dualstack with `argv`; returns the process exit status (see util/exit_status.hpp).
// `extra_commands` come from outside the library (main.cpp adds gen-dump from dualstack_gen).
int run(int argc, char** argv, std::span<const AddCommand> extra_commands = {});

} // namespace dualstack::cli
