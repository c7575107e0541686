// Step: one action of a migration from a running cluster's config to a new one, with what it
// changes, whom it disrupts, the files and commands that do it, and the checks that gate the next.
#pragma once

#include <dualstack/net/family.hpp>

#include <string>
#include <vector>

namespace dualstack::migrate {

// A rendered file a step applies: its path in the output directory and where it goes.
struct StepFile
{
  std::string path; // relative to the output directory, e.g. "gateways/managed-k8s-gw-2/bird.conf"
  std::string host; // the Plan host it belongs on, or "operator" / "cluster"
  std::string target; // its path on that host ("" for operator and cluster files)
};

// A command of a step and where it runs.
struct Command
{
  std::string on;  // a Plan host name, or "operator": a machine with the output directory as its
                   // working directory, kubectl, terraform and the openstack client
  std::string run; // the shell command
  bool manual = false; // a person does it (`run` says what): the playbook stops and asks for it
};

struct Step
{
  std::string id;                   // stable, e.g. "gateway-managed-k8s-gw-2"
  std::string title;                // one line
  std::vector<std::string> changes; // what is different afterwards
  bool disruptive = false;
  std::string disruption;        // whom it disrupts and how, or why it disrupts nothing
  std::vector<StepFile> files;   // copy each to its host and target before the commands
  std::vector<Command> commands; // run in order
  std::vector<Command> checks;   // show that the step worked where `dualstack verify` cannot
  std::vector<std::string>
    verify;                 // `dualstack verify` check ids that must pass before the next step
  std::string verify_scope; // the objects those checks must pass for; "" = all of them
  std::vector<std::string> notes; // caveats, and what cannot be done in place
  Command done; // exits 0 when the step's change is in place already (the playbook then skips
                // the step); an empty `run`: never known, the step always runs
  std::vector<std::string> rollback; // how to undo the step if its checks fail ("" = nothing to)
};

// An ordered migration.
struct Migration
{
  std::vector<net::Family> added; // families the new config adds (in its order)
  std::vector<Step> steps;
};

} // namespace dualstack::migrate
