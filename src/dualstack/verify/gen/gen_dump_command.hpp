// `dualstack gen-dump`: registered by main.cpp, not by the CLI library, so the generator stays out
// of the product library (it lives in dualstack_gen, which tests and benchmarks link too).
#pragma once

#include <CLI/CLI.hpp>

namespace dualstack::cli {

void add_gen_dump_command(CLI::App& app, int& exit_code);

} // namespace dualstack::cli
