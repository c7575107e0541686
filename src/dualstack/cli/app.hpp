// The command-line front end: parses arguments and dispatches to a command.
#pragma once

namespace dualstack::cli {

// Runs dualstack with `argv`; returns the process exit status (see util/exit_status.hpp).
int run(int argc, char** argv);

} // namespace dualstack::cli
