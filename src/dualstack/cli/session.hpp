// Shared steps of the commands that read a config: load it, derive the Plan, print findings.
#pragma once

#include <dualstack/config/loader.hpp>
#include <dualstack/plan/derive.hpp>

#include <CLI/CLI.hpp>

#include <optional>
#include <ostream>
#include <string>

namespace dualstack::cli {

enum class Format
{
  text,
  json
};

// A config loaded and planned. `plan.plan` is empty when the config has errors.
struct Session
{
  config::LoadResult load;
  plan::PlanResult plan;
};

// Loads `path` and derives its Plan. On unusable input prints the error to `err` (as JSON to
// `out` when `format` is json) and returns nullopt with `exit_code` = 2.
std::optional<Session> open_session(const std::string& path,
                                    Format format,
                                    std::ostream& out,
                                    std::ostream& err,
                                    int& exit_code);

// Prints the session's findings in `format` (text to `out`, with colour if `out` is a
// terminal).
void print_findings(const Session& session, Format format, std::ostream& out, bool color);

// Returns whether colour should be used on stdout (a terminal, and NO_COLOR unset).
bool stdout_color();

// Adds the `--format text|json` option to `command`.
void add_format_option(CLI::App& command, Format& format);

} // namespace dualstack::cli
