// Prints a migration: a numbered list to read at a glance, the full steps, or JSON.
#pragma once

#include <dualstack/migrate/step.hpp>
#include <dualstack/plan/plan.hpp>
#include <dualstack/util/json.hpp>

#include <ostream>
#include <string>

namespace dualstack::migrate {

// What the printers say about a migration besides its steps.
struct Header
{
  std::string old_config;
  std::string new_config;
  net::Family primary = net::Family::ipv4;
  std::string output; // the directory the files went to; "" when none was written
};

// Prints the summary line and one numbered line per step (a `!` marks a disruptive one), with
// the verify checks, whom a disruptive step disrupts and what is impossible in place. `details`
// adds every step's changes, files, commands, checks and notes.
void print_migration_text(std::ostream& out,
                          const Header& header,
                          const Migration& migration,
                          bool details);

// Returns the steps as JSON: [{"number","id","title","changes","disruptive","disruption","files",
// "commands","checks","verify","verify_scope","notes"}] (docs/migrate.md).
Json steps_json(const Migration& migration);

} // namespace dualstack::migrate
